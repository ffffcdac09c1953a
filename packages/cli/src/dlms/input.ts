/**
 * Parses hex as field tools print it: upper or lower case, bytes separated or not by spaces,
 * new lines, colons, dashes or commas, each optionally prefixed `0x`. Throws `TypeError` for any
 * other character or an odd number of digits.
 *
 * @example
 * parseHexText('7E:A0:07 0x03'); // Uint8Array [0x7e, 0xa0, 0x07, 0x03]
 */
export function parseHexText(text: string): Uint8Array {
  const clean = text.replace(/0x/gi, '').replace(/[\s:,-]/g, '');
  const bad = /[^0-9a-fA-F]/.exec(clean);
  if (bad) throw new TypeError(`Not hex: unexpected "${bad[0]}" in "${text.trim().slice(0, 40)}"`);
  if (clean.length % 2 !== 0) throw new TypeError(`Odd number of hex digits (${clean.length})`);
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(clean.slice(2 * i, 2 * i + 2), 16);
  return out;
}

const HEX_TEXT = /^(?:\s|0x|0X|[0-9a-fA-F:,-])*$/;

/**
 * The bytes a file or stdin holds: a text file of hex (a capture pasted from a protocol analyser)
 * is parsed, anything else is taken as raw binary.
 *
 * @example
 * bytesFromFile(new TextEncoder().encode('7e a0 07\n')); // { bytes: 7e a0 07, encoding: 'hex' }
 */
export function bytesFromFile(raw: Uint8Array): { bytes: Uint8Array; encoding: 'hex' | 'binary' } {
  const text = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('latin1');
  if (/[0-9a-fA-F]/.test(text) && HEX_TEXT.test(text)) {
    try {
      return { bytes: parseHexText(text), encoding: 'hex' };
    } catch {
      // An odd digit count: not hex text after all, so the bytes themselves are the input.
    }
  }
  return { bytes: raw, encoding: 'binary' };
}
