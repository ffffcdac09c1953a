/**
 * Limiter (IEC 62056-6-2 §4.5.9, class_id 71) as an engine: the monitored value (active power,
 * W, held from one sample to the next) is compared with threshold_active — threshold_normal, or
 * threshold_emergency while an emergency profile whose id is in the group list runs. Over the
 * threshold for min_over_threshold_duration → action_over_threshold (the relay is asked to open,
 * event 65); then at or under it for min_under_threshold_duration → action_under_threshold
 * (reconnection allowed, event 66). Threshold changes file event 67.
 */
import { EventCode, ignoreEvents, type OnMeterEvent } from './event-codes.js';

/** emergency_profile with its activation time as UTC epoch ms. */
export interface LimiterEmergencyProfile {
  readonly emergencyProfileId: number;
  readonly emergencyActivationTime: number;
  readonly emergencyDurationSeconds: number;
}

export interface LimiterOptions {
  readonly thresholdNormalW: number;
  readonly thresholdEmergencyW?: number;
  readonly minOverThresholdDurationSeconds?: number;
  readonly minUnderThresholdDurationSeconds?: number;
  readonly emergencyProfile?: LimiterEmergencyProfile;
  readonly emergencyProfileGroupIdList?: readonly number[];
  readonly onEvent?: OnMeterEvent;
  readonly requestDisconnect?: (at: number) => void;
  readonly requestReconnect?: (at: number) => void;
}

/**
 * A load limiter.
 *
 * @example
 * const limiter = new Limiter({ thresholdNormalW: 5000, minOverThresholdDurationSeconds: 60,
 *   requestDisconnect: (at) => relay.localDisconnect(at, 'limiter') });
 * limiter.update(t, 7000);
 * limiter.advance(t + 60_000); // tripped at t + 60 s: event 65, relay asked to open
 */
export class Limiter {
  thresholdNormalW: number;
  thresholdEmergencyW: number;
  minOverThresholdDurationSeconds: number;
  minUnderThresholdDurationSeconds: number;
  emergencyProfile: LimiterEmergencyProfile | undefined;
  emergencyProfileGroupIdList: readonly number[];
  readonly #onEvent: OnMeterEvent;
  readonly #requestDisconnect: (at: number) => void;
  readonly #requestReconnect: (at: number) => void;
  #time = Number.NEGATIVE_INFINITY;
  #valueW = 0;
  /** Since when the value has been on its current side of the threshold. */
  #sideSince = Number.NEGATIVE_INFINITY;
  #over = false;
  #tripped = false;

  constructor(options: LimiterOptions) {
    this.thresholdNormalW = options.thresholdNormalW;
    this.thresholdEmergencyW = options.thresholdEmergencyW ?? options.thresholdNormalW;
    this.minOverThresholdDurationSeconds = options.minOverThresholdDurationSeconds ?? 0;
    this.minUnderThresholdDurationSeconds = options.minUnderThresholdDurationSeconds ?? 0;
    this.emergencyProfile = options.emergencyProfile;
    this.emergencyProfileGroupIdList = options.emergencyProfileGroupIdList ?? [];
    this.#onEvent = options.onEvent ?? ignoreEvents;
    this.#requestDisconnect = options.requestDisconnect ?? (() => {});
    this.#requestReconnect = options.requestReconnect ?? (() => {});
  }

  /** The monitored value as last sampled, W. */
  get monitoredValueW(): number {
    return this.#valueW;
  }

  /** Whether action_over_threshold has run and action_under_threshold not yet. */
  get tripped(): boolean {
    return this.#tripped;
  }

  /** emergency_profile_active at `t`. */
  emergencyProfileActiveAt(t: number): boolean {
    const p = this.emergencyProfile;
    if (!p || !this.emergencyProfileGroupIdList.includes(p.emergencyProfileId)) return false;
    return (
      t >= p.emergencyActivationTime && t < p.emergencyActivationTime + p.emergencyDurationSeconds * 1000
    );
  }

  /** threshold_active at `t`. */
  thresholdActiveAt(t: number): number {
    return this.emergencyProfileActiveAt(t) ? this.thresholdEmergencyW : this.thresholdNormalW;
  }

  /** A new sample of the monitored value at `at`, held until the next one. */
  update(at: number, powerW: number): void {
    this.advance(at);
    this.#valueW = powerW;
    this.#evaluate(at);
  }

  /** Runs the limiter up to `to` with the value held (call it when time moves without a sample). */
  advance(to: number): void {
    if (to < this.#time) throw new RangeError(`Limiter time must not go back: ${to} < ${this.#time}`);
    if (this.#time === Number.NEGATIVE_INFINITY) {
      this.#time = to;
      this.#sideSince = to;
      this.#over = this.#valueW > this.thresholdActiveAt(to);
      return;
    }
    // The threshold can change inside the interval only where an emergency profile starts or ends.
    const p = this.emergencyProfile;
    if (p) {
      const cuts = [p.emergencyActivationTime, p.emergencyActivationTime + p.emergencyDurationSeconds * 1000];
      for (const cut of cuts.filter((c) => c > this.#time && c <= to).sort((a, b) => a - b)) {
        this.#evaluate(cut);
      }
    }
    this.#evaluate(to);
  }

  /** threshold_normal written (event 67). */
  setThresholdNormal(powerW: number, at: number): void {
    this.advance(at);
    this.thresholdNormalW = powerW;
    this.#onEvent({ at, code: EventCode.limiter_threshold_changed, log: 'disconnect' });
    this.#evaluate(at);
  }

  /** threshold_emergency written (event 67). */
  setThresholdEmergency(powerW: number, at: number): void {
    this.advance(at);
    this.thresholdEmergencyW = powerW;
    this.#onEvent({ at, code: EventCode.limiter_threshold_changed, log: 'disconnect' });
    this.#evaluate(at);
  }

  /** Checks the durations up to `t`, then the side of the threshold the value is on at `t`. */
  #evaluate(t: number): void {
    // Durations that completed before t, on the side held since #sideSince.
    if (this.#over && !this.#tripped) {
      const due = this.#sideSince + this.minOverThresholdDurationSeconds * 1000;
      if (due <= t) this.#trip(due);
    } else if (!this.#over && this.#tripped) {
      const due = this.#sideSince + this.minUnderThresholdDurationSeconds * 1000;
      if (due <= t) this.#release(due);
    }
    this.#time = Math.max(this.#time, t);
    const over = this.#valueW > this.thresholdActiveAt(t);
    if (over !== this.#over) {
      this.#over = over;
      this.#sideSince = t;
      // A zero duration acts at once.
      this.#evaluate(t);
    }
  }

  #trip(at: number): void {
    this.#tripped = true;
    this.#onEvent({ at, code: EventCode.limiter_threshold_exceeded, log: 'disconnect' });
    this.#requestDisconnect(at);
  }

  #release(at: number): void {
    this.#tripped = false;
    this.#onEvent({ at, code: EventCode.limiter_threshold_ok, log: 'disconnect' });
    this.#requestReconnect(at);
  }
}
