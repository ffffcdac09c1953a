import { type ByteReader, type ByteWriter, CodecError } from '@gridmeter/codec';

/**
 * An HDLC address (IEC 62056-46 §6.4.2, MAC addressing). Each address byte carries 7 address bits above an
 * extension bit (LSB): 0 = another byte follows, 1 = last byte. The client address is one byte
 * (the client SAP, e.g. 0x10 public client → wire 0x21). A server address is the upper HDLC address
 * (logical device) alone in 1 byte, or upper + lower HDLC address (physical device) in 2 bytes
 * (7 bits each) or 4 bytes (14 bits each).
 *
 * @example
 * const meter: HdlcAddress = { size: 2, upper: 1, lower: 17 }; // wire 02 23
 */
export type HdlcAddress =
  | { readonly size: 1; readonly upper: number }
  | { readonly size: 2 | 4; readonly upper: number; readonly lower: number };

/** A one-byte address: the client SAP, or a server's upper HDLC address alone. */
export function hdlcAddress(upper: number): HdlcAddress;
/** A server address of upper and lower HDLC address, 2 bytes unless `size` says 4 (or a part needs it). */
export function hdlcAddress(upper: number, lower: number, size?: 2 | 4): HdlcAddress;
export function hdlcAddress(upper: number, lower?: number, size?: 2 | 4): HdlcAddress {
  if (lower === undefined) return { size: 1, upper };
  return { size: size ?? (upper > 0x7f || lower > 0x7f ? 4 : 2), upper, lower };
}

/** IEC 62056-46 §6.4.2: the all-station (broadcast) upper address in the 1-byte form. */
export const HDLC_ALL_STATION_1BYTE = 0x7f;

function fieldBits(size: 1 | 2 | 4): number {
  return size === 4 ? 14 : 7;
}

/** Writes `address` with its extension bits. Throws `RangeError` for a part too large for its size. */
export function writeHdlcAddress(w: ByteWriter, address: HdlcAddress): void {
  const bits = fieldBits(address.size);
  const parts = address.size === 1 ? [address.upper] : [address.upper, address.lower];
  const out: number[] = [];
  for (const part of parts) {
    if (!Number.isInteger(part) || part < 0 || part >= 1 << bits) {
      throw new RangeError(
        `HDLC address part ${part} does not fit ${bits} bits (${address.size}-byte address)`,
      );
    }
    if (bits === 14) out.push((part >> 7) << 1, (part & 0x7f) << 1);
    else out.push(part << 1);
  }
  out[out.length - 1]! |= 1;
  for (const b of out) w.u8(b);
}

/** Reads an address of 1, 2 or 4 bytes; any other length is a {@link CodecError}. */
export function readHdlcAddress(r: ByteReader, what: string): HdlcAddress {
  const start = r.absoluteOffset;
  const raw: number[] = [];
  for (;;) {
    const b = r.u8(what);
    raw.push(b >> 1);
    if (b & 1) break;
    if (raw.length === 4) {
      throw new CodecError(`Cannot decode ${what}: no last-byte bit within 4 bytes`, start);
    }
  }
  switch (raw.length) {
    case 1:
      return { size: 1, upper: raw[0]! };
    case 2:
      return { size: 2, upper: raw[0]!, lower: raw[1]! };
    case 4:
      return { size: 4, upper: (raw[0]! << 7) | raw[1]!, lower: (raw[2]! << 7) | raw[3]! };
    default:
      throw new CodecError(`Cannot decode ${what}: ${raw.length}-byte address (must be 1, 2 or 4)`, start);
  }
}
