/**
 * True only when A and B are the same type. A schema whose type is written out elsewhere
 * (src/domain/report.ts, progress.ts) is checked with it, so the two cannot drift apart.
 */
export type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
