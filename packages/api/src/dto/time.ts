import { badRequest } from '../problems.js';

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/** Epoch ms as ISO-8601 UTC. */
export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** Epoch ms of an ISO-8601 string; a 400 problem when it is not one. */
export function parseTime(text: string, name: string): number {
  const ms = Date.parse(text);
  if (!Number.isFinite(ms)) throw badRequest(`${name} "${text}" is not an ISO-8601 date-time`);
  return ms;
}

/** `{ k: iso(ms) }` when `ms` is defined, else `{}` (for optional fields). */
export function isoField<K extends string>(key: K, ms: number | undefined): { [P in K]?: string } {
  return (ms === undefined ? {} : { [key]: iso(ms) }) as { [P in K]?: string };
}

/**
 * `[from, to)` from optional ISO query values: `to` defaults to `now`, `from` to `to − defaultSpanMs`.
 * A 400 problem when `from ≥ to` or the span exceeds `maxSpanMs`.
 */
export function timeRange(
  query: { readonly from?: string | undefined; readonly to?: string | undefined },
  now: number,
  defaultSpanMs: number,
  maxSpanMs: number,
): { from: number; to: number } {
  const to = query.to === undefined ? now : parseTime(query.to, 'to');
  const from = query.from === undefined ? to - defaultSpanMs : parseTime(query.from, 'from');
  if (from >= to) throw badRequest(`from (${iso(from)}) must be before to (${iso(to)})`);
  if (to - from > maxSpanMs) {
    throw badRequest(
      `The range ${iso(from)} to ${iso(to)} is longer than ${Math.round(maxSpanMs / DAY_MS)} days`,
    );
  }
  return { from, to };
}

/** Start of the UTC day of `ms`. */
export function utcDayStart(ms: number): number {
  return Math.floor(ms / DAY_MS) * DAY_MS;
}
