/**
 * Parses hex text into bytes. Accepts upper or lower case, optional `0x` prefix, and whitespace,
 * colons or dashes between bytes (as protocol analysers print them). Throws `TypeError` on
 * anything else or an odd number of digits.
 *
 * @example
 * fromHex('7E A0 07'); // Uint8Array [0x7e, 0xa0, 0x07]
 */
export function fromHex(text: string): Uint8Array {
  const clean = text.replace(/^0x/i, '').replace(/[\s:-]/g, '');
  if (!/^[0-9a-fA-F]*$/.test(clean)) throw new TypeError(`Not hex: "${text.slice(0, 40)}"`);
  if (clean.length % 2 !== 0) throw new TypeError(`Odd number of hex digits (${clean.length})`);
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(clean.slice(2 * i, 2 * i + 2), 16);
  return out;
}

const HEX_DIGITS = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/**
 * Formats bytes as lower-case hex, optionally with a separator between bytes.
 *
 * @example
 * toHex(Uint8Array.of(0x7e, 0xa0), ' '); // "7e a0"
 */
export function toHex(bytes: Uint8Array, separator = ''): string {
  const parts = new Array<string>(bytes.length);
  for (let i = 0; i < bytes.length; i++) parts[i] = HEX_DIGITS[bytes[i]!]!;
  return parts.join(separator);
}

/** Byte-wise equality of two arrays. */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Concatenates byte arrays into a new one. */
export function concatBytes(...parts: readonly Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
