import { parseIsoTime } from '../scenarios/time.js';
import { ControlProblem } from './problem.js';

/** Longest window one truth request may ask for (31 days). */
export const MAX_TRUTH_WINDOW_MS = 31 * 86_400_000;

/**
 * Reads `from` and `to` (ISO 8601 with an offset, or a date) from a query string. Throws a 400
 * `ControlProblem` when one is missing or bad, `to` is not after `from`, or the window is longer
 * than {@link MAX_TRUTH_WINDOW_MS}.
 */
export function readTimeRange(query: URLSearchParams): { from: number; to: number } {
  const read = (name: 'from' | 'to'): number => {
    // A '+' of an offset arrives as a space when the client did not percent-encode it.
    const text = query.get(name)?.replace(/ (\d{2}:\d{2})$/, '+$1') ?? null;
    if (text === null)
      throw new ControlProblem(
        'bad-request',
        `Give ${name} as ISO 8601, e.g. ?from=2026-01-05T00:00Z&to=2026-01-06T00:00Z`,
      );
    const t = parseIsoTime(text);
    if (t === undefined) {
      throw new ControlProblem(
        'bad-request',
        `${name} is not ISO 8601 with an offset (Z or ±hh:mm): ${JSON.stringify(text)}`,
      );
    }
    return t;
  };
  const from = read('from');
  const to = read('to');
  if (to <= from)
    throw new ControlProblem(
      'bad-request',
      `to (${query.get('to')}) must be after from (${query.get('from')})`,
    );
  if (to - from > MAX_TRUTH_WINDOW_MS) {
    throw new ControlProblem(
      'bad-request',
      `The window from ${query.get('from')} to ${query.get('to')} exceeds 31 days; ask in parts`,
    );
  }
  return { from, to };
}
