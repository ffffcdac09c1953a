/** Time ranges for charts and bill runs, in whole UTC days. */

export const DAY_MS = 86_400_000;

export interface Range {
  /** Epoch ms, inclusive. */
  readonly from: number;
  /** Epoch ms, exclusive. */
  readonly to: number;
}

/** The `days` whole UTC days ending with the day that contains `at`. */
export function lastDays(at: number, days: number): Range {
  const to = Math.floor(at / DAY_MS) * DAY_MS + DAY_MS;
  return { from: to - days * DAY_MS, to };
}

/** The calendar month (UTC) before the one containing `at`: a typical billing cycle. */
export function previousMonth(at: number): Range {
  const d = new Date(at);
  const to = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
  const p = new Date(to - 1);
  return { from: Date.UTC(p.getUTCFullYear(), p.getUTCMonth(), 1), to };
}

/** `YYYY-MM-DD` of an instant in UTC, for `<input type="date">`. */
export function dateInputValue(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Whole days in a range (rounded up). */
export function daysIn(range: Range): number {
  return Math.ceil((range.to - range.from) / DAY_MS);
}
