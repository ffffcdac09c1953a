/**
 * The DL/T 645-2007 frame check sum (§4.1.1): the sum of all bytes from the first start byte 0x68
 * up to the byte before CS, modulo 256.
 *
 * @example
 * sum8(Uint8Array.of(0x68, 0xaa, 0x68)); // 0x7a
 */
export function sum8(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let s = 0;
  for (let i = start; i < end; i++) s += bytes[i]!;
  return s & 0xff;
}
