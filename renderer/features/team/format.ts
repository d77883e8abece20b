/** Number formatting for the team reports. */
export const fmtKappa = (v: number | null | undefined) => (v === null || v === undefined || Number.isNaN(v) ? '—' : v.toFixed(3));
export const fmtPercent = (v: number | null | undefined) => (v === null || v === undefined || Number.isNaN(v) ? '—' : `${v.toFixed(2)} %`);
export const fmtCount = (v: number) => v.toLocaleString('en');
export const plural = (n: number, one: string, many = `${one}s`) => `${fmtCount(n)} ${n === 1 ? one : many}`;
