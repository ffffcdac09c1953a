/**
 * Invoke-Id-And-Priority (IEC 62056-5-3 §8.2): one byte. Bits 0–3 invoke-id, bits 4–5 reserved,
 * bit 6 service-class (1 = confirmed), bit 7 priority (1 = high).
 */
export interface InvokeIdAndPriorityFields {
  /** 0–15. */
  readonly invokeId: number;
  readonly confirmed: boolean;
  readonly highPriority: boolean;
}

/**
 * Packs the invoke-id-and-priority byte.
 *
 * @example
 * invokeIdAndPriority({ invokeId: 1, confirmed: true, highPriority: true }); // 0xc1
 */
export function invokeIdAndPriority(f: InvokeIdAndPriorityFields): number {
  if (!Number.isInteger(f.invokeId) || f.invokeId < 0 || f.invokeId > 15) {
    throw new RangeError(`invoke-id out of range [0, 15]: ${f.invokeId}`);
  }
  return f.invokeId | (f.confirmed ? 0x40 : 0) | (f.highPriority ? 0x80 : 0);
}

/**
 * Unpacks the invoke-id-and-priority byte (reserved bits 4–5 are ignored).
 *
 * @example
 * parseInvokeIdAndPriority(0xc1); // { invokeId: 1, confirmed: true, highPriority: true }
 */
export function parseInvokeIdAndPriority(byte: number): InvokeIdAndPriorityFields {
  return { invokeId: byte & 0x0f, confirmed: (byte & 0x40) !== 0, highPriority: (byte & 0x80) !== 0 };
}

/**
 * Long-Invoke-Id-And-Priority (IEC 62056-5-3 §8.2): Unsigned32. Bits 0–23 long-invoke-id,
 * 24–27 reserved, 28 self-descriptive, 29 processing-option (1 = break on error),
 * 30 service-class (1 = confirmed), 31 priority (1 = high).
 */
export interface LongInvokeIdAndPriorityFields {
  readonly longInvokeId: number;
  readonly selfDescriptive: boolean;
  readonly breakOnError: boolean;
  readonly confirmed: boolean;
  readonly highPriority: boolean;
}

/** Packs a Long-Invoke-Id-And-Priority into its Unsigned32. */
export function longInvokeIdAndPriority(f: LongInvokeIdAndPriorityFields): number {
  if (!Number.isInteger(f.longInvokeId) || f.longInvokeId < 0 || f.longInvokeId > 0xffffff) {
    throw new RangeError(`long-invoke-id out of range [0, 16777215]: ${f.longInvokeId}`);
  }
  return (
    f.longInvokeId +
    (f.selfDescriptive ? 0x1000_0000 : 0) +
    (f.breakOnError ? 0x2000_0000 : 0) +
    (f.confirmed ? 0x4000_0000 : 0) +
    (f.highPriority ? 0x8000_0000 : 0)
  );
}

/** Unpacks a Long-Invoke-Id-And-Priority Unsigned32. */
export function parseLongInvokeIdAndPriority(value: number): LongInvokeIdAndPriorityFields {
  return {
    longInvokeId: value & 0xffffff,
    selfDescriptive: (value & 0x1000_0000) !== 0,
    breakOnError: (value & 0x2000_0000) !== 0,
    confirmed: (value & 0x4000_0000) !== 0,
    highPriority: (value & 0x8000_0000) !== 0,
  };
}
