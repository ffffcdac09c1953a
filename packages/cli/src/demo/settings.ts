/** What `gridmeter demo` runs with. */

/** Everything the demo runs with, already checked. */
export interface DemoSettings {
  readonly meters: number;
  readonly seed: number;
  /** Simulated seconds per real second. */
  readonly speed: number;
  /** Days of history before today (UTC), backfilled at the start. */
  readonly historyDays: number;
  /** Where the console, portal and API listen (port 0: any free port; taken: a free one). */
  readonly host: string;
  readonly port: number;
  /** The fleet's DLMS port (0: any free port); a port in use falls back to a free one. */
  readonly dlmsPort: number;
  readonly dlmsHost: string;
  /** Where the MDM store, journals, users and audit live; absent = a new temporary directory. */
  readonly dataDir?: string;
  /** Stop by itself after this many real seconds. */
  readonly durationSeconds?: number;
  readonly statusIntervalSeconds: number;
  /** Sessions at once. */
  readonly concurrency: number;
  /** Redraw the progress bar in place (a terminal). */
  readonly tty: boolean;
}

/** The demo's defaults: 1,000 meters, seed 1, 60× time, two weeks of history, the web on 127.0.0.1:8080. */
export const DEMO_DEFAULTS = {
  meters: 1_000,
  seed: 1,
  speed: 60,
  historyDays: 14,
  host: '127.0.0.1',
  port: 8080,
  dlmsPort: 4059,
  dlmsHost: '0.0.0.0',
  statusIntervalSeconds: 10,
  concurrency: 200,
} as const;

/** Simulated time between collection rounds (one load profile interval). */
export const ROUND_EVERY_MS = 15 * 60_000;
