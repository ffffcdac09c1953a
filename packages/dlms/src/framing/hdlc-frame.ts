import { ByteReader, ByteWriter, CodecError, crc16x25 } from '@gridmeter/codec';
import { type HdlcAddress, readHdlcAddress, writeHdlcAddress } from './hdlc-address.js';
import { decodeHdlcControl, encodeHdlcControl, type HdlcControlField } from './hdlc-control.js';

/** IEC 62056-46 §6.4.1: every frame opens and closes with the flag 0x7E (shared between frames allowed). */
export const HDLC_FLAG = 0x7e;

/** IEC 62056-46 §6.4.1: frame format type 3 is the high nibble 0xA of the format field. */
export const HDLC_FORMAT_TYPE_3 = 0xa;

/** The segmentation bit S of the format field: more segments of the same information follow. */
export const HDLC_SEGMENTATION_BIT = 0x0800;

/** The 11-bit frame length sub-field: bytes between the flags. */
export const HDLC_MAX_FRAME_LENGTH = 0x7ff;

/** Fewest bytes between flags: format 2 + destination 1 + source 1 + control 1 + FCS 2. */
export const HDLC_MIN_FRAME_LENGTH = 7;

interface HdlcFrameFields {
  /** Receiver: the server address on commands, the client address on responses. */
  readonly destination: HdlcAddress;
  readonly source: HdlcAddress;
  /** Segmentation bit S: this frame carries a segment and more follow (IEC 62056-46 §6.4.1). */
  readonly segmented: boolean;
  /** The P/F bit: poll on commands, final on responses. */
  readonly pollFinal: boolean;
  /**
   * The information field, empty when the frame has none. For I and UI frames it is the LLC PDU
   * (first segment) or its continuation; the link, not this codec, adds and strips the LLC header.
   */
  readonly information: Uint8Array;
}

/**
 * One HDLC frame of format type 3, a union keyed on `type` (the frame's command or response).
 *
 * @example
 * const snrm: HdlcFrame = { type: 'SNRM', destination: hdlcAddress(1, 17), source: hdlcAddress(0x10),
 *   segmented: false, pollFinal: true, information: new Uint8Array(0) };
 */
export type HdlcFrame = HdlcFrameFields & HdlcControlField;

type Loosen<T> = T extends unknown
  ? Omit<T, 'segmented' | 'pollFinal' | 'information'> &
      Partial<Pick<HdlcFrameFields, 'segmented' | 'pollFinal' | 'information'>>
  : never;

/** A frame to encode: `segmented` and `information` default to none, `pollFinal` to true. */
export type HdlcFrameInit = Loosen<HdlcFrame>;

/**
 * Encodes one frame with both flags, HCS (only when an information field is present) and FCS, both
 * CRC-16/X.25 sent low byte first (IEC 62056-46 §6.4.1). Throws `RangeError` when the frame does
 * not fit the 11-bit length or a field is out of range.
 *
 * @example
 * encodeHdlcFrame({ type: 'DISC', destination: hdlcAddress(1), source: hdlcAddress(0x10) });
 * // 7e a0 07 03 21 53 03 c7 7e
 */
export function encodeHdlcFrame(frame: HdlcFrameInit): Uint8Array {
  const information = frame.information ?? new Uint8Array(0);
  const control = encodeHdlcControl({ ...frame, pollFinal: frame.pollFinal ?? true } as HdlcControlField);
  const w = new ByteWriter(16 + information.length);
  w.u8(HDLC_FLAG).u16(0); // format patched below
  writeHdlcAddress(w, frame.destination);
  writeHdlcAddress(w, frame.source);
  w.u8(control);
  let length = w.length - 1 + 2; // header after the flag, plus FCS
  if (information.length > 0) length += 2 + information.length;
  if (length > HDLC_MAX_FRAME_LENGTH) {
    throw new RangeError(`HDLC frame length ${length} exceeds the 11-bit maximum ${HDLC_MAX_FRAME_LENGTH}`);
  }
  w.setU16At(1, (HDLC_FORMAT_TYPE_3 << 12) | (frame.segmented ? HDLC_SEGMENTATION_BIT : 0) | length);
  if (information.length > 0) {
    const header = w.finish();
    const hcs = crc16x25(header, 1);
    w.u8(hcs & 0xff).u8(hcs >> 8);
    w.bytes(information);
  }
  const body = w.finish();
  const fcs = crc16x25(body, 1);
  w.u8(fcs & 0xff)
    .u8(fcs >> 8)
    .u8(HDLC_FLAG);
  return w.finish();
}

/**
 * Decodes exactly one frame, both flags included. Throws {@link CodecError} for a missing flag, a
 * format other than type 3, a length that does not match, a bad HCS or FCS, an address of 3 or
 * more than 4 bytes, or a control field IEC 62056-46 does not use.
 */
export function decodeHdlcFrame(bytes: Uint8Array): HdlcFrame {
  if (bytes.length < HDLC_MIN_FRAME_LENGTH + 2) {
    throw new CodecError(`Cannot decode HDLC frame: ${bytes.length} bytes is shorter than the minimum`, 0);
  }
  if (bytes[0] !== HDLC_FLAG) throw new CodecError('Cannot decode HDLC frame: no opening flag 0x7E', 0);
  if (bytes[bytes.length - 1] !== HDLC_FLAG) {
    throw new CodecError('Cannot decode HDLC frame: no closing flag 0x7E', bytes.length - 1);
  }
  return decodeHdlcBody(bytes.subarray(1, bytes.length - 1), 1);
}

/**
 * Decodes the bytes between the flags (format field to FCS). `baseOffset` positions errors in the
 * caller's buffer.
 */
export function decodeHdlcBody(body: Uint8Array, baseOffset = 0): HdlcFrame {
  const r = new ByteReader(body, baseOffset);
  const format = r.u16('HDLC format field');
  if (format >> 12 !== HDLC_FORMAT_TYPE_3) {
    throw new CodecError(
      `Cannot decode HDLC frame: format type 0x${(format >> 12).toString(16)}, expected 0xA (type 3)`,
      baseOffset,
    );
  }
  const length = format & HDLC_MAX_FRAME_LENGTH;
  if (length !== body.length) {
    throw new CodecError(
      `Cannot decode HDLC frame: length field ${length} but ${body.length} bytes between flags`,
      baseOffset,
    );
  }
  if (length < HDLC_MIN_FRAME_LENGTH) {
    throw new CodecError(`Cannot decode HDLC frame: length ${length} below the minimum 7`, baseOffset);
  }
  const fcsAt = length - 2;
  const fcs = body[fcsAt]! | (body[fcsAt + 1]! << 8);
  if (crc16x25(body, 0, fcsAt) !== fcs) {
    throw new CodecError('Cannot decode HDLC frame: bad FCS', baseOffset + fcsAt);
  }
  const destination = readHdlcAddress(r, 'HDLC destination address');
  const source = readHdlcAddress(r, 'HDLC source address');
  const controlAt = r.absoluteOffset;
  const controlField = decodeHdlcControl(r.u8('HDLC control field'), controlAt);
  const headerEnd = r.offset;
  let information: Uint8Array = new Uint8Array(0);
  if (headerEnd < fcsAt) {
    // IEC 62056-46 §6.4.1: an information field, when present, follows a 2-byte HCS over the header.
    if (fcsAt - headerEnd < 3) {
      throw new CodecError('Cannot decode HDLC frame: HCS without an information field', r.absoluteOffset);
    }
    const hcs = body[headerEnd]! | (body[headerEnd + 1]! << 8);
    if (crc16x25(body, 0, headerEnd) !== hcs) {
      throw new CodecError('Cannot decode HDLC frame: bad HCS', r.absoluteOffset);
    }
    information = body.subarray(headerEnd + 2, fcsAt);
  } else if (headerEnd > fcsAt) {
    throw new CodecError('Cannot decode HDLC frame: header runs into the FCS', baseOffset + fcsAt);
  }
  return {
    ...controlField,
    destination,
    source,
    segmented: (format & HDLC_SEGMENTATION_BIT) !== 0,
    information,
  };
}
