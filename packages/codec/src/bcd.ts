import { CodecError } from './errors.js';

/**
 * Binary-coded decimal, two digits per byte, most significant digit first in each byte
 * (0x12 is "12"). Byte order is the caller's choice: DL/T 645 sends BCD fields low byte first,
 * COSEM `bcd` and most meter serials high byte first.
 */
export type BcdByteOrder = 'big-endian' | 'little-endian';

/**
 * Decodes BCD bytes into their decimal digit string. Throws {@link CodecError} on a nibble above 9,
 * with the offset of the offending byte.
 *
 * @example
 * decodeBcd(Uint8Array.of(0x20, 0x26)); // "2026"
 * decodeBcd(Uint8Array.of(0x26, 0x20), 'little-endian'); // "2026"
 */
export function decodeBcd(bytes: Uint8Array, order: BcdByteOrder = 'big-endian', baseOffset = 0): string {
  let digits = '';
  const n = bytes.length;
  for (let i = 0; i < n; i++) {
    const index = order === 'big-endian' ? i : n - 1 - i;
    const b = bytes[index]!;
    const hi = b >> 4;
    const lo = b & 0x0f;
    if (hi > 9 || lo > 9) {
      throw new CodecError(`Invalid BCD byte 0x${b.toString(16).padStart(2, '0')}`, baseOffset + index);
    }
    digits += String.fromCharCode(0x30 + hi, 0x30 + lo);
  }
  return digits;
}

/**
 * Decodes BCD bytes into a safe integer (up to 15 digits; use {@link decodeBcd} for longer).
 *
 * @example
 * bcdToNumber(Uint8Array.of(0x01, 0x23)); // 123
 */
export function bcdToNumber(bytes: Uint8Array, order: BcdByteOrder = 'big-endian', baseOffset = 0): number {
  if (bytes.length > 7) throw new RangeError(`BCD of ${bytes.length} bytes does not fit a safe integer`);
  return bytes.length === 0 ? 0 : Number.parseInt(decodeBcd(bytes, order, baseOffset), 10);
}

/**
 * Encodes a non-negative integer, or a string of decimal digits, as `byteLength` BCD bytes,
 * left-padded with zeros. Throws `RangeError` when it does not fit or is not decimal.
 *
 * @example
 * encodeBcd(2026, 2); // Uint8Array [0x20, 0x26]
 * encodeBcd('000000001234', 6, 'little-endian'); // [0x34, 0x12, 0, 0, 0, 0]
 */
export function encodeBcd(
  value: number | bigint | string,
  byteLength: number,
  order: BcdByteOrder = 'big-endian',
): Uint8Array {
  let digits: string;
  if (typeof value === 'string') {
    if (!/^\d*$/.test(value)) throw new RangeError(`Not a decimal digit string: "${value}"`);
    digits = value;
  } else {
    if (typeof value === 'number' && (!Number.isSafeInteger(value) || value < 0)) {
      throw new RangeError(`BCD value must be a non-negative safe integer: ${value}`);
    }
    if (typeof value === 'bigint' && value < 0n)
      throw new RangeError(`BCD value must be non-negative: ${value}`);
    digits = value.toString(10);
  }
  if (digits.length > byteLength * 2) {
    throw new RangeError(
      `${digits} needs ${Math.ceil(digits.length / 2)} BCD bytes, only ${byteLength} given`,
    );
  }
  digits = digits.padStart(byteLength * 2, '0');
  const out = new Uint8Array(byteLength);
  for (let i = 0; i < byteLength; i++) {
    const b = ((digits.charCodeAt(2 * i) - 0x30) << 4) | (digits.charCodeAt(2 * i + 1) - 0x30);
    out[order === 'big-endian' ? i : byteLength - 1 - i] = b;
  }
  return out;
}
