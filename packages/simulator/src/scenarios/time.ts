/** Times and durations in scenario files. */

const UNIT_MS: Readonly<Record<string, number>> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

const DURATION = /^(?:\d+(?:\.\d+)?(?:ms|s|m|h|d|w))+$/;
const DURATION_PART = /(\d+(?:\.\d+)?)(ms|s|m|h|d|w)/g;
/** ISO 8601 calendar date, or date-time with an explicit offset (a bare local time would depend on the host). */
const ISO = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2}))?$/;

/**
 * Milliseconds of a duration such as "90s", "15m", "2h", "3d", "1w" or "1d12h"; undefined when the
 * text is not one.
 */
export function parseDuration(text: string): number | undefined {
  if (!DURATION.test(text)) return undefined;
  let ms = 0;
  for (const [, n, u] of text.matchAll(DURATION_PART)) ms += Number(n) * UNIT_MS[u!]!;
  return Math.round(ms);
}

/** Whether a string looks like an ISO date or date-time (with or without an offset). */
export function looksIso(text: string): boolean {
  return /^\d{4}-\d{2}-\d{2}/.test(text);
}

/**
 * UTC epoch ms of an ISO 8601 date ("2026-01-05", midnight UTC) or date-time with an offset
 * ("2026-01-05T22:00:00Z", "2026-01-05T23:00+01:00"); undefined otherwise.
 */
export function parseIsoTime(text: string): number | undefined {
  if (!ISO.test(text)) return undefined;
  const year = Number(text.slice(0, 4));
  const month = Number(text.slice(5, 7));
  const day = Number(text.slice(8, 10));
  if (month < 1 || month > 12 || day < 1 || day > new Date(Date.UTC(year, month, 0)).getUTCDate())
    return undefined;
  const ms = Date.parse(text);
  return Number.isFinite(ms) ? ms : undefined;
}
