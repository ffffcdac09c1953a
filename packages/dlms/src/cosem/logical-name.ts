/**
 * COSEM logical names (IEC 62056-6-2 §4.1.2, OBIS codes of IEC 62056-6-1): six value groups A–F
 * carried as an octet-string of 6 bytes. Kept as `Uint8Array` here because `@gridmeter/dlms`
 * does not depend on `@gridmeter/domain` (whose `ObisCode` is the rich type).
 */

/** A logical name is always 6 bytes on the wire (IEC 62056-6-2 §4.1.2). */
export const LOGICAL_NAME_LENGTH = 6;

const DOTTED = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
const DISPLAY = /^(\d{1,3})-(\d{1,3}):(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:[*&](\d{1,3}))?$/;

/**
 * Parses a logical name in either textual form (`A.B.C.D.E.F` or `A-B:C.D.E*F`, F defaulting to
 * 255 when omitted) or checks and copies 6 bytes. Throws `RangeError` on anything else.
 *
 * @example
 * logicalName('1.0.1.8.0.255'); // Uint8Array [1, 0, 1, 8, 0, 255]
 * logicalName('0-0:1.0.0*255'); // the Clock
 */
export function logicalName(text: string | Uint8Array | readonly number[]): Uint8Array {
  if (typeof text !== 'string') {
    if (text.length !== LOGICAL_NAME_LENGTH) {
      throw new RangeError(`A logical name is ${LOGICAL_NAME_LENGTH} bytes, got ${text.length}`);
    }
    const bytes = Uint8Array.from(text);
    if (bytes.some((b, i) => b !== text[i])) {
      throw new RangeError(`Logical name value groups must be integers 0-255, got [${text.join(', ')}]`);
    }
    return bytes;
  }
  const s = text.trim();
  const m = DOTTED.exec(s) ?? DISPLAY.exec(s);
  if (!m) throw new RangeError(`Malformed logical name "${text}": expected A.B.C.D.E.F or A-B:C.D.E*F`);
  const groups = m.slice(1).map((g) => (g === undefined ? 255 : Number(g)));
  const bad = groups.findIndex((g) => g > 255);
  if (bad >= 0) {
    throw new RangeError(
      `Malformed logical name "${text}": value group ${'ABCDEF'[bad]} is ${groups[bad]} (max 255)`,
    );
  }
  return Uint8Array.from(groups);
}

/**
 * Prints 6 logical-name bytes as `A.B.C.D.E.F` (default) or in the OBIS display form `A-B:C.D.E*F`.
 * Throws `RangeError` unless given exactly 6 bytes.
 *
 * @example
 * formatLogicalName(Uint8Array.of(0, 0, 40, 0, 0, 255)); // '0.0.40.0.0.255'
 * formatLogicalName(bytes, 'obis'); // '0-0:40.0.0*255'
 */
export function formatLogicalName(bytes: Uint8Array, style: 'dotted' | 'obis' = 'dotted'): string {
  if (bytes.length !== LOGICAL_NAME_LENGTH) {
    throw new RangeError(`A logical name is ${LOGICAL_NAME_LENGTH} bytes, got ${bytes.length}`);
  }
  const [a, b, c, d, e, f] = bytes;
  return style === 'obis' ? `${a}-${b}:${c}.${d}.${e}*${f}` : `${a}.${b}.${c}.${d}.${e}.${f}`;
}

/** True when two logical names hold the same 6 bytes. */
export function logicalNameEquals(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
