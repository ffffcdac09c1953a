import { DAY_MS } from '../vee/lookup.js';

export { DAY_MS };

/** Epoch ms of the local midnight at or before `t` (fixed offset, minutes east of UTC). */
export function dayStartOf(t: number, utcOffsetMinutes: number): number {
  const off = utcOffsetMinutes * 60_000;
  return Math.floor((t + off) / DAY_MS) * DAY_MS - off;
}

/** Epoch ms of the local start of the calendar month holding `t`. */
export function monthStartOf(t: number, utcOffsetMinutes: number): number {
  const off = utcOffsetMinutes * 60_000;
  const d = new Date(t + off);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1) - off;
}

/** Epoch ms of the local start of the month after the one holding `t`. */
export function nextMonthStart(t: number, utcOffsetMinutes: number): number {
  const off = utcOffsetMinutes * 60_000;
  const d = new Date(t + off);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) - off;
}

/** Runs `fn` over `items` with at most `limit` calls in flight; results in input order. */
export async function mapLimited<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
