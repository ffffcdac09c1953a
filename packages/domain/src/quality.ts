/**
 * Quality of one interval or register value, as a named bitset. Several flags combine: an
 * estimated interval in an outage carries `estimated | powerOutage`. Bit positions are stable
 * (they are stored), so only append new flags.
 */
export const QualityFlag = {
  /** No value was received for this interval. */
  missing: 1 << 0,
  /** Value produced by estimation, not measured. */
  estimated: 1 << 1,
  /** Value changed by a person, with reason and user in the audit. */
  edited: 1 << 2,
  /** Failed at least one validation rule. */
  failedValidation: 1 << 3,
  /** Passed validation but looks doubtful (spike, high/low usage). */
  suspect: 1 << 4,
  /** The meter's clock was adjusted during the interval. */
  clockAdjusted: 1 << 5,
  /** The supply was off for at least part of the interval. */
  powerOutage: 1 << 6,
  /** Interval shorter than nominal (power up, clock change). */
  partialInterval: 1 << 7,
  /** Meter reported a register overflow or wrap. */
  overflow: 1 << 8,
  /** Energy flowed in reverse on a meter without generation. */
  reverseFlow: 1 << 9,
  /** Value received more than once (kept once). */
  duplicate: 1 << 10,
  /** The meter itself marked the value invalid in its status. */
  deviceInvalid: 1 << 11,
  /** Sum of intervals disagrees with the register delta. */
  registerMismatch: 1 << 12,
  /** Tamper or fraud indication during the interval. */
  tamper: 1 << 13,
} as const;
export type QualityFlagName = keyof typeof QualityFlag;

/** A combination of {@link QualityFlag} bits; 0 means measured and valid. */
export type QualityFlags = number;

const NAMES = Object.keys(QualityFlag) as QualityFlagName[];
const ALL_BITS = NAMES.reduce((acc, n) => acc | QualityFlag[n], 0);

/** Builds a bitset from flag names. @example quality('estimated', 'powerOutage') */
export function quality(...names: readonly QualityFlagName[]): QualityFlags {
  let bits = 0;
  for (const n of names) bits |= QualityFlag[n];
  return bits;
}

export function hasQuality(flags: QualityFlags, name: QualityFlagName): boolean {
  return (flags & QualityFlag[name]) !== 0;
}

export function withQuality(flags: QualityFlags, name: QualityFlagName): QualityFlags {
  return flags | QualityFlag[name];
}

export function withoutQuality(flags: QualityFlags, name: QualityFlagName): QualityFlags {
  return flags & ~QualityFlag[name];
}

/** The names set in `flags`, in bit order. @example qualityNames(6) // ['estimated', 'edited'] */
export function qualityNames(flags: QualityFlags): QualityFlagName[] {
  checkQuality(flags);
  return NAMES.filter((n) => (flags & QualityFlag[n]) !== 0);
}

/** Throws `RangeError` for bits no flag defines (corrupt or newer data). */
export function checkQuality(flags: number): QualityFlags {
  if (!Number.isInteger(flags) || flags < 0 || (flags & ~ALL_BITS) !== 0) {
    throw new RangeError(`Unknown quality bits in ${flags}`);
  }
  return flags;
}

/** True when the value was measured and passed validation. */
export function isActual(flags: QualityFlags): boolean {
  return (
    (flags &
      (QualityFlag.missing | QualityFlag.estimated | QualityFlag.edited | QualityFlag.failedValidation)) ===
    0
  );
}
