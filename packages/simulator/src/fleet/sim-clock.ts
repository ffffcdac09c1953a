/**
 * Simulated time. It runs in real time or faster (`speed` simulated seconds per real second),
 * starting at `start`; `set` jumps (forward) and `advance` moves it in tests. Every meter reads
 * the fleet's time through one `SimClock` and adds its own drift.
 */
export class SimClock {
  #anchorSim: number;
  #anchorReal: number;
  #speed: number;
  #frozen: boolean;
  readonly #realNow: () => number;

  /**
   * @param start simulated UTC epoch ms at creation
   * @param options `speed` (default 1), `frozen` (time moves only through advance/set, for tests)
   */
  constructor(start: number, options: { speed?: number; frozen?: boolean; realNow?: () => number } = {}) {
    this.#realNow = options.realNow ?? (() => performance.timeOrigin + performance.now());
    this.#anchorSim = start;
    this.#anchorReal = this.#realNow();
    this.#speed = options.speed ?? 1;
    this.#frozen = options.frozen ?? false;
    if (!(this.#speed > 0)) throw new RangeError(`speed must be positive, got ${this.#speed}`);
  }

  get speed(): number {
    return this.#speed;
  }

  get frozen(): boolean {
    return this.#frozen;
  }

  /** Simulated UTC epoch ms. */
  now(): number {
    if (this.#frozen) return this.#anchorSim;
    return Math.floor(this.#anchorSim + (this.#realNow() - this.#anchorReal) * this.#speed);
  }

  /** Changes the speed from now on. */
  setSpeed(speed: number): void {
    if (!(speed > 0)) throw new RangeError(`speed must be positive, got ${speed}`);
    this.#anchorSim = this.now();
    this.#anchorReal = this.#realNow();
    this.#speed = speed;
  }

  /** Jumps to a later simulated instant. */
  set(simMs: number): void {
    const now = this.now();
    if (simMs < now) throw new RangeError(`Simulated time cannot go back (${simMs} < ${now})`);
    this.#anchorSim = simMs;
    this.#anchorReal = this.#realNow();
  }

  advance(ms: number): void {
    this.set(this.now() + ms);
  }

  /** Real milliseconds until simulated instant `simMs` (0 if passed). */
  realDelayUntil(simMs: number): number {
    if (this.#frozen) return Number.POSITIVE_INFINITY;
    return Math.max(0, (simMs - this.now()) / this.#speed);
  }
}
