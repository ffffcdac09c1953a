import type { MeterId } from './identity.js';
import type { QualityFlags } from './quality.js';

/**
 * A channel is one measured quantity of one meter, named by the OBIS code of its source
 * register ("1-0:1.8.0*255" for active energy import). Stored as the display string.
 */
export type ChannelCode = string;

/** One interval value: energy (or volume) in the interval, as an integer of the channel's unit. */
export interface IntervalValue {
  /** Integer amount in the block's unit for the interval (Wh, varh, litres…); `null` if missing. */
  readonly value: number | null;
  readonly quality: QualityFlags;
  /** The meter's own status byte for this interval (e.g. the AMR profile status), if read. */
  readonly deviceStatus?: number;
}

/**
 * Consecutive fixed-length intervals of one channel, as a load profile read delivers them.
 * Interval `i` covers `[start + i·intervalSeconds, start + (i+1)·intervalSeconds)`; the meter
 * stamps each entry with its end time, and `start` here is the start of the first interval.
 */
export interface IntervalBlock {
  readonly meterId: MeterId;
  readonly channel: ChannelCode;
  /** DLMS unit code of the values (30 = Wh). */
  readonly unit: number;
  /** Epoch milliseconds (UTC) at the start of the first interval; a multiple of the interval. */
  readonly start: number;
  readonly intervalSeconds: number;
  readonly values: readonly IntervalValue[];
  /** Where the block came from: a meter read, an import file, estimation. */
  readonly source: ReadingSource;
}

export type ReadingSource = 'meter' | 'push' | 'import' | 'estimation' | 'edit' | 'simulator';

/** A single timestamped value of one channel (an instantaneous value, one interval). */
export interface Reading {
  readonly meterId: MeterId;
  readonly channel: ChannelCode;
  /** Epoch milliseconds (UTC). */
  readonly timestamp: number;
  readonly value: number;
  readonly unit: number;
  readonly quality: QualityFlags;
}

/** A register read: the meter's cumulative (or demand) register at a moment. */
export interface RegisterRead {
  readonly meterId: MeterId;
  /** OBIS code of the register, display form. */
  readonly register: ChannelCode;
  /** Epoch milliseconds when the meter captured the value (its clock), or the read time. */
  readonly readAt: number;
  /** Exact integer: the value is `value × 10^scaler` of `unit` (energy in Wh with scaler 0). */
  readonly value: bigint;
  readonly unit: number;
  /** Decimal exponent of `value` (default 0): 2301 with scaler −1 is 230.1 V. */
  readonly scaler?: number;
  /** For maximum-demand registers: when the maximum occurred (epoch ms). */
  readonly capturedAt?: number;
  /** Billing period of a snapshot (value group F), absent for the current value. */
  readonly billingPeriod?: number;
  readonly quality: QualityFlags;
}

/** Timestamp (epoch ms) of interval `index` in a block: its start. */
export function intervalStart(
  block: Pick<IntervalBlock, 'start' | 'intervalSeconds'>,
  index: number,
): number {
  return block.start + index * block.intervalSeconds * 1000;
}

/** Expands a block into single readings, skipping missing values. */
export function blockReadings(block: IntervalBlock): Reading[] {
  const out: Reading[] = [];
  block.values.forEach((v, i) => {
    if (v.value === null) return;
    out.push({
      meterId: block.meterId,
      channel: block.channel,
      timestamp: intervalStart(block, i),
      value: v.value,
      unit: block.unit,
      quality: v.quality,
    });
  });
  return out;
}

/**
 * Checks a block's invariants: positive interval dividing a day, aligned start, integer values.
 * Throws `RangeError` naming the first fault.
 */
export function checkIntervalBlock(block: IntervalBlock): IntervalBlock {
  const s = block.intervalSeconds;
  if (!Number.isInteger(s) || s <= 0 || 86_400 % s !== 0) {
    throw new RangeError(`intervalSeconds must divide a day, got ${s}`);
  }
  if (!Number.isInteger(block.start) || block.start % (s * 1000) !== 0) {
    throw new RangeError(`Block start ${block.start} is not aligned to ${s}s intervals`);
  }
  block.values.forEach((v, i) => {
    if (v.value !== null && !Number.isSafeInteger(v.value)) {
      throw new RangeError(`Interval ${i} value ${v.value} is not a safe integer`);
    }
  });
  return block;
}
