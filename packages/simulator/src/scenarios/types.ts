/**
 * Scenarios: what happens to the fleet besides normal consumption, each with a start, an end and
 * the meters it touches — the ground truth that VEE and analytics are scored against.
 * Times are UTC epoch milliseconds of simulated time.
 */
import type { MeterKind } from '../metrology/types.js';

/** Which meters a scenario touches. `fraction` picks meters by a hash of (seed, scenario id, fleet index). */
export type ScenarioTarget =
  | { readonly meters: readonly string[] }
  | { readonly transformer: string }
  | { readonly feeder: string }
  | { readonly fraction: number; readonly kinds?: readonly MeterKind[] };

/** How a meter under theft registers less than the true consumption. */
export type TheftModel =
  /** registered = true × factor */
  | { readonly kind: 'constant-factor'; readonly factor: number }
  /** nothing registered in the given local hours, e.g. [[22, 6]] = 22:00–06:00 */
  | { readonly kind: 'zero-windows'; readonly hours: readonly (readonly [number, number])[] }
  /** registered = true × a factor drawn per interval from [min, max] */
  | { readonly kind: 'random-factor'; readonly min: number; readonly max: number }
  /** registered = min(true, capWh) per interval */
  | { readonly kind: 'capping'; readonly capWh: number }
  /** registered = max(0, true − subtractWh) per interval */
  | { readonly kind: 'subtracting'; readonly subtractWh: number }
  /** factor falls linearly from 1 to finalFactor over `days`, then stays */
  | { readonly kind: 'progressive'; readonly finalFactor: number; readonly days: number };

interface Base {
  /** Unique within the schedule; used in the truth log. */
  readonly id: string;
  readonly target: ScenarioTarget;
  readonly start: number;
  /** Exclusive; absent = until the end of the run. */
  readonly end?: number;
}

export type Scenario =
  | (Base & { readonly type: 'theft'; readonly model: TheftModel })
  | (Base & { readonly type: 'tamper'; readonly tamper: 'meter-cover' | 'terminal-cover' | 'magnetic-field' })
  | (Base & { readonly type: 'outage' })
  | (Base & { readonly type: 'voltage-sag' | 'voltage-swell'; readonly percent: number })
  | (Base & { readonly type: 'clock-drift'; readonly ppm: number })
  | (Base & { readonly type: 'unreachable' })
  | (Base & { readonly type: 'reboot' })
  | (Base & { readonly type: 'firmware-failure'; readonly module: 'metrology' | 'communication' });

export type ScenarioType = Scenario['type'];
