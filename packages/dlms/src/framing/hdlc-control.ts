import { CodecError } from '@gridmeter/codec';

/**
 * Control field values of IEC 62056-46 §6.4.3 (ISO/IEC 13239 modulo-8 format) with the P/F bit
 * clear. I frames: bit 0 = 0, N(S) in bits 1–3, N(R) in bits 5–7. S frames: bits 0–1 = 01,
 * N(R) in bits 5–7. U frames: bits 0–1 = 11. P/F is bit 4 in all three.
 */
export const HdlcControl = {
  /** Information (I) frame, bit 0 = 0. */
  I: 0x00,
  /** Receive ready: acknowledges up to N(R) − 1; with P = 1, the client's "send the next segment". */
  RR: 0x01,
  /** Receive not ready: acknowledges, but the receiver is busy. */
  RNR: 0x05,
  /** Set normal response mode: the client's connect command. */
  SNRM: 0x83,
  /** Disconnect command. */
  DISC: 0x43,
  /** Unnumbered acknowledgement of SNRM or DISC. */
  UA: 0x63,
  /** Disconnected mode: the server's answer when it is not connected. */
  DM: 0x0f,
  /** Frame reject: the server could not accept a frame (bad sequence, oversize…). */
  FRMR: 0x87,
  /** Unnumbered information: a frame outside the sequence numbers (e.g. event notification). */
  UI: 0x03,
} as const;
export type HdlcFrameType = keyof typeof HdlcControl;

/** The poll/final bit (bit 4) of the control field. */
export const HDLC_POLL_FINAL = 0x10;

/** Sequence numbers count modulo 8 (IEC 62056-46 §6.4.3: basic, modulo-8 operation). */
export const HDLC_MODULUS = 8;

/** What a control byte says. */
export type HdlcControlField =
  | {
      readonly type: 'I';
      readonly sendSequence: number;
      readonly receiveSequence: number;
      readonly pollFinal: boolean;
    }
  | { readonly type: 'RR' | 'RNR'; readonly receiveSequence: number; readonly pollFinal: boolean }
  | { readonly type: 'SNRM' | 'DISC' | 'UA' | 'DM' | 'FRMR' | 'UI'; readonly pollFinal: boolean };

const UNNUMBERED: Readonly<Record<number, 'SNRM' | 'DISC' | 'UA' | 'DM' | 'FRMR' | 'UI'>> = {
  [HdlcControl.SNRM]: 'SNRM',
  [HdlcControl.DISC]: 'DISC',
  [HdlcControl.UA]: 'UA',
  [HdlcControl.DM]: 'DM',
  [HdlcControl.FRMR]: 'FRMR',
  [HdlcControl.UI]: 'UI',
};

function checkSequence(n: number, what: string): number {
  if (!Number.isInteger(n) || n < 0 || n >= HDLC_MODULUS)
    throw new RangeError(`${what} out of range [0, 7]: ${n}`);
  return n;
}

/** The control byte for `field`. Throws `RangeError` for a sequence number outside 0–7. */
export function encodeHdlcControl(field: HdlcControlField): number {
  const pf = field.pollFinal ? HDLC_POLL_FINAL : 0;
  switch (field.type) {
    case 'I':
      return (
        (checkSequence(field.receiveSequence, 'N(R)') << 5) |
        pf |
        (checkSequence(field.sendSequence, 'N(S)') << 1)
      );
    case 'RR':
    case 'RNR':
      return (checkSequence(field.receiveSequence, 'N(R)') << 5) | pf | HdlcControl[field.type];
    default:
      return HdlcControl[field.type] | pf;
  }
}

/** Reads a control byte; REJ, SREJ and U commands outside IEC 62056-46 are a {@link CodecError}. */
export function decodeHdlcControl(byte: number, offset: number): HdlcControlField {
  const pollFinal = (byte & HDLC_POLL_FINAL) !== 0;
  if ((byte & 0x01) === 0) {
    return { type: 'I', sendSequence: (byte >> 1) & 7, receiveSequence: byte >> 5, pollFinal };
  }
  if ((byte & 0x03) === 0x01) {
    const kind = byte & 0x0f;
    if (kind === HdlcControl.RR) return { type: 'RR', receiveSequence: byte >> 5, pollFinal };
    if (kind === HdlcControl.RNR) return { type: 'RNR', receiveSequence: byte >> 5, pollFinal };
    throw new CodecError(
      `Cannot decode HDLC control 0x${byte.toString(16)}: REJ/SREJ are not used by IEC 62056-46`,
      offset,
    );
  }
  const type = UNNUMBERED[byte & ~HDLC_POLL_FINAL];
  if (type === undefined) {
    throw new CodecError(`Cannot decode HDLC control 0x${byte.toString(16)}: unknown U frame`, offset);
  }
  return { type, pollFinal };
}
