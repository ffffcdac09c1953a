/**
 * CRC-16/X.25 (ISO/IEC 13239; the HDLC frame check sequence of IEC 62056-46 §6.4.4): polynomial
 * 0x1021 processed LSB first (reflected, 0x8408), initial value 0xFFFF, final XOR 0xFFFF.
 * Check value for ASCII "123456789" is 0x906E. On the wire HDLC sends the result low byte first.
 */
const TABLE: Uint16Array = (() => {
  const t = new Uint16Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x8408 : c >>> 1;
    t[n] = c;
  }
  return t;
})();

/**
 * Computes CRC-16/X.25 over `bytes[start, end)`.
 *
 * @example
 * crc16x25(new TextEncoder().encode('123456789')); // 0x906e
 */
export function crc16x25(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let crc = 0xffff;
  for (let i = start; i < end; i++) {
    crc = (crc >>> 8) ^ TABLE[(crc ^ bytes[i]!) & 0xff]!;
  }
  return (crc ^ 0xffff) & 0xffff;
}

/**
 * Good-FCS check of ISO/IEC 13239: running the CRC over data followed by its own FCS (low byte
 * first) leaves the residue 0xF0B8 before the final XOR, i.e. 0x0F47 after it.
 */
export const CRC16_X25_RESIDUE = 0x0f47;
