/**
 * The LLC header that precedes every APDU on HDLC (IEC 62056-46 §5.3.2): destination LSAP 0xE6,
 * source LSAP 0xE6 (command, client → server) or 0xE7 (response, server → client), LLC quality 0x00.
 * It sits at the start of the information field of the first segment only; the HDLC link adds and
 * strips it, the frame codec treats it as data.
 */
export const LlcHeader = {
  /** Client → server. */
  command: Uint8Array.of(0xe6, 0xe6, 0x00),
  /** Server → client. */
  response: Uint8Array.of(0xe6, 0xe7, 0x00),
} as const;

/** Bytes in the LLC header. */
export const LLC_HEADER_BYTES = 3;

/** True when `information` starts with `header`. */
export function startsWithLlc(information: Uint8Array, header: Uint8Array): boolean {
  return (
    information.length >= LLC_HEADER_BYTES &&
    information[0] === header[0] &&
    information[1] === header[1] &&
    information[2] === header[2]
  );
}
