/** Reading `gridmeter simulate` options: numbers, times, the push destination. */
import type { PushDestination } from '@gridmeter/simulator';

/** A bad `gridmeter simulate` command line; the command prints it and exits 2. */
export class SimulateUsageError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'SimulateUsageError';
  }
}

/** An integer option within [min, max]. */
export function intOption(name: string, text: string, min: number, max: number): number {
  const n = Number(text);
  if (!/^-?\d+$/.test(text.trim()) || n < min || n > max) {
    throw new SimulateUsageError(
      `${name} must be a whole number in ${min}-${max}, got ${JSON.stringify(text)}`,
    );
  }
  return n;
}

/** A positive number option (e.g. `--speed 60`, `--duration 2.5`). */
export function positiveOption(name: string, text: string): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || n <= 0) {
    throw new SimulateUsageError(`${name} must be a positive number, got ${JSON.stringify(text)}`);
  }
  return n;
}

/** An ISO 8601 instant with an offset (`2026-01-05T00:00Z`) or a date (midnight UTC). */
export function isoOption(name: string, text: string): number {
  const ok = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2}))?$/.test(text);
  const t = Date.parse(text);
  if (!ok || !Number.isFinite(t)) {
    throw new SimulateUsageError(
      `${name} must be ISO 8601 with an offset, e.g. 2026-01-05T00:00:00Z, got ${JSON.stringify(text)}`,
    );
  }
  return t;
}

/** `udp://host:port` or `tcp://host:port`: where meters push (the head-end's push listener). */
export function pushOption(text: string): PushDestination {
  const m = /^(udp|tcp):\/\/(\[[0-9a-fA-F:.]+\]|[^:/[\]]+):(\d{1,5})\/?$/.exec(text);
  const port = Number(m?.[3]);
  if (!m || port < 1 || port > 65_535) {
    throw new SimulateUsageError(
      `--push must be udp://host:port or tcp://host:port, got ${JSON.stringify(text)}`,
    );
  }
  return { transport: m[1] as 'udp' | 'tcp', host: m[2]!.replace(/^\[|\]$/g, ''), port };
}

/** Midnight UTC `days` days before the day of `start`: where the meters' registers begin. */
export function historyStartOf(start: number, days: number): number {
  const DAY = 86_400_000;
  return Math.floor(start / DAY) * DAY - days * DAY;
}
