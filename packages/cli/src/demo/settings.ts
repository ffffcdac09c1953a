/** What `gridmeter demo` runs with. */

/** Everything the demo runs with, already checked. */
export interface DemoSettings {
  readonly meters: number;
  readonly seed: number;
  /** Simulated seconds per real second. */
  readonly speed: number;
  /** Days of history before today (UTC), backfilled at the start. */
  readonly historyDays: number;
  /** The fleet's DLMS port (0: any free port); a port in use falls back to a free one. */
  readonly port: number;
  readonly host: string;
  /** Stop by itself after this many real seconds. */
  readonly durationSeconds?: number;
  readonly statusIntervalSeconds: number;
  /** Sessions at once. */
  readonly concurrency: number;
  /** Redraw the progress bar in place (a terminal). */
  readonly tty: boolean;
}

/** The demo's defaults: 1,000 meters, seed 1, 60× time, a week of history on port 4059. */
export const DEMO_DEFAULTS = {
  meters: 1_000,
  seed: 1,
  speed: 60,
  historyDays: 7,
  port: 4059,
  host: '0.0.0.0',
  statusIntervalSeconds: 5,
  concurrency: 200,
} as const;

/** Simulated time between collection rounds (one load profile interval). */
export const ROUND_EVERY_MS = 15 * 60_000;
