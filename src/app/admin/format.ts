// Numbers as the agency's written reports print them (Indonesian decimal comma), or a dash.
export const fmt = (x: number | null | undefined, digits = 1) =>
  x === null || x === undefined ? '—' : x.toLocaleString('id-ID', { maximumFractionDigits: digits });
