import type { MeterEvent, RegisterRead } from '@gridmeter/domain';
import type { ChannelSeries, TimeWindow } from './series.js';

/** A clock adjustment: the meter's clock read `oldTime` and was set to `newTime` at true time `at`. */
export interface ClockAdjustment {
  /** Epoch ms of the adjustment (event 5's stamp). */
  readonly at: number;
  /** The meter's time before the change (event 4's stamp), when known. */
  readonly oldTime?: number;
  readonly newTime: number;
}

/** An interval as received, before it was placed in a series (for the duplicate/overlap rule). */
export interface ReceivedInterval {
  /** Epoch ms of the interval's start. */
  readonly start: number;
  readonly intervalSeconds: number;
  readonly value: number | null;
}

/** Everything VEE may know about a meter besides the series under validation. */
export interface VeeContext {
  /** Epoch ms of the run: intervals starting at or after it are future-dated. */
  readonly now: number;
  /** Earlier values of the same channel (the previous weeks), for spikes, usage bands and estimation. */
  readonly history?: ChannelSeries;
  /** Register reads of the same quantity; consecutive reads on interval boundaries give a register delta. */
  readonly registerReads?: readonly RegisterRead[];
  /** Supply interruptions (from events 1/2 and 234/235, see {@link outageWindows}). */
  readonly outages?: readonly TimeWindow[];
  /** Relay open (remote, local, prepayment) windows: zero consumption is expected there. */
  readonly disconnections?: readonly TimeWindow[];
  /** Clock adjustments (from events 4/5, see {@link clockAdjustments}). */
  readonly clockAdjustments?: readonly ClockAdjustment[];
  /** Meter events in the period (tamper and fraud codes are checked). */
  readonly events?: readonly MeterEvent[];
  /** The intervals as received, when the caller kept them (duplicates and overlaps). */
  readonly received?: readonly ReceivedInterval[];
  /** True when the service point has generation (PV, battery): export is expected. */
  readonly hasGeneration?: boolean;
  /** The service's maximum demand in W (fuse or contract); overrides the group default. */
  readonly maxDemandW?: number;
  /** Local time of the meter, minutes east of UTC (weekdays and slots are local). Default 0. */
  readonly utcOffsetMinutes?: number;
  /** The meter group whose configuration applies (see {@link configForGroup}). */
  readonly meterGroup?: string;
}

const POWER_DOWN = new Set([1, 234]);
const POWER_UP = new Set([2, 235]);

/**
 * Outage windows from a meter's events: power down (1) or last gasp (234) opens a window, power
 * up (2) or power restored (235) closes it. A window still open at `until` ends there; a power up
 * without a preceding down is ignored (the down was before the events read).
 */
export function outageWindows(events: readonly MeterEvent[], until: number): TimeWindow[] {
  const sorted = [...events].sort((a, b) => a.occurredAt - b.occurredAt);
  const out: TimeWindow[] = [];
  let openAt: number | undefined;
  for (const e of sorted) {
    if (POWER_DOWN.has(e.code) && openAt === undefined) openAt = e.occurredAt;
    else if (POWER_UP.has(e.code) && openAt !== undefined) {
      if (e.occurredAt > openAt) out.push({ start: openAt, end: e.occurredAt });
      openAt = undefined;
    }
  }
  if (openAt !== undefined && until > openAt) out.push({ start: openAt, end: until });
  return out;
}

/**
 * Clock adjustments from events 4 (old date/time) and 5 (new date/time): each 5 pairs with the 4
 * just before it, whose stamp is the clock's reading before the change.
 */
export function clockAdjustments(events: readonly MeterEvent[]): ClockAdjustment[] {
  // Kept in log order: after a backward step event 5's stamp is earlier than event 4's.
  const list = events.filter((e) => e.code === 4 || e.code === 5);
  const out: ClockAdjustment[] = [];
  let old: number | undefined;
  for (const e of list) {
    if (e.code === 4) old = e.occurredAt;
    else {
      out.push(
        old === undefined
          ? { at: e.occurredAt, newTime: e.occurredAt }
          : { at: e.occurredAt, oldTime: old, newTime: e.occurredAt },
      );
      old = undefined;
    }
  }
  return out;
}

const RELAY_OPEN = new Set([59, 60, 62, 64, 230]);
const RELAY_CLOSED = new Set([61, 63, 66, 69]);

/** Relay-open windows from disconnect-log events (59/60/62/64/230 open, 61/63/66/69 close). */
export function disconnectionWindows(events: readonly MeterEvent[], until: number): TimeWindow[] {
  const sorted = [...events].sort((a, b) => a.occurredAt - b.occurredAt);
  const out: TimeWindow[] = [];
  let openAt: number | undefined;
  for (const e of sorted) {
    if (RELAY_OPEN.has(e.code) && openAt === undefined) openAt = e.occurredAt;
    else if (RELAY_CLOSED.has(e.code) && openAt !== undefined) {
      if (e.occurredAt > openAt) out.push({ start: openAt, end: e.occurredAt });
      openAt = undefined;
    }
  }
  if (openAt !== undefined && until > openAt) out.push({ start: openAt, end: until });
  return out;
}
