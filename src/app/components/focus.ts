// WARNING: part of the main bundle.
/** A ref callback that moves keyboard and screen-reader focus to a confirmation's safe choice. */
export const focusOnMount = (element: HTMLElement | null) => element?.focus();
