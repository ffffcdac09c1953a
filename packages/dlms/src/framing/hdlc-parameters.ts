import { ByteReader, ByteWriter, CodecError } from '@gridmeter/codec';

/**
 * HDLC parameter negotiation in the information field of SNRM and UA (IEC 62056-46 §6.4.4.4.3.2,
 * after ISO/IEC 13239 §5.5.3.2.2): format identifier 0x81, group identifier 0x80, group length,
 * then parameters as identifier | length | value (unsigned, 1, 2 or 4 bytes, big-endian).
 */
export const HdlcParameterId = {
  formatIdentifier: 0x81,
  /** The user-defined parameter set of ISO/IEC 13239 used by IEC 62056-46. */
  groupIdentifier: 0x80,
  maxInfoFieldLengthTransmit: 0x05,
  maxInfoFieldLengthReceive: 0x06,
  windowSizeTransmit: 0x07,
  windowSizeReceive: 0x08,
} as const;

/**
 * Negotiable HDLC parameters, from the sender's point of view: in the client's SNRM `transmit` is
 * what the client will send, in the server's UA what the server will send.
 */
export interface HdlcParameters {
  /** Largest information field the sender will transmit, in bytes. */
  readonly maxInfoFieldLengthTransmit: number;
  /** Largest information field the sender can receive, in bytes. */
  readonly maxInfoFieldLengthReceive: number;
  /** I frames the sender will send before waiting for an acknowledgement (1–7). */
  readonly windowSizeTransmit: number;
  /** I frames the sender can receive before it acknowledges (1–7). */
  readonly windowSizeReceive: number;
}

/** IEC 62056-46 §6.4.4.4.3.2: the values that hold when a parameter is absent. */
export const HDLC_DEFAULT_PARAMETERS: HdlcParameters = {
  maxInfoFieldLengthTransmit: 128,
  maxInfoFieldLengthReceive: 128,
  windowSizeTransmit: 1,
  windowSizeReceive: 1,
};

/** The window size limit of modulo-8 operation (ISO/IEC 13239: at most modulus − 1 outstanding). */
export const HDLC_MAX_WINDOW_SIZE = 7;

const ORDER = [
  ['maxInfoFieldLengthTransmit', HdlcParameterId.maxInfoFieldLengthTransmit],
  ['maxInfoFieldLengthReceive', HdlcParameterId.maxInfoFieldLengthReceive],
  ['windowSizeTransmit', HdlcParameterId.windowSizeTransmit],
  ['windowSizeReceive', HdlcParameterId.windowSizeReceive],
] as const;

/**
 * Encodes the SNRM/UA information field. Every parameter is sent; lengths use 1 byte below 256,
 * else 2, else 4; window sizes always use 4 bytes, as the Green Book example
 * (`81 80 14 05 02 … 07 04 00 00 00 01 …`) and common meters do. Throws `RangeError` for a value
 * that is not a positive integer or a window size above 7.
 *
 * @example
 * encodeHdlcParameters(HDLC_DEFAULT_PARAMETERS);
 * // 81 80 14 05 01 80 06 01 80 07 04 00 00 00 01 08 04 00 00 00 01
 */
export function encodeHdlcParameters(parameters: HdlcParameters): Uint8Array {
  const group = new ByteWriter(32);
  for (const [name, id] of ORDER) {
    const value = parameters[name];
    if (!Number.isInteger(value) || value < 1 || value > 0xffffffff) {
      throw new RangeError(`HDLC parameter ${name} must be a positive integer: ${value}`);
    }
    const isWindow = name === 'windowSizeTransmit' || name === 'windowSizeReceive';
    if (isWindow && value > HDLC_MAX_WINDOW_SIZE) {
      throw new RangeError(`HDLC ${name} ${value} exceeds ${HDLC_MAX_WINDOW_SIZE} (modulo-8 operation)`);
    }
    group.u8(id);
    if (isWindow || value > 0xffff) group.u8(4).u32(value);
    else if (value > 0xff) group.u8(2).u16(value);
    else group.u8(1).u8(value);
  }
  const body = group.finish();
  return new ByteWriter(3 + body.length)
    .u8(HdlcParameterId.formatIdentifier)
    .u8(HdlcParameterId.groupIdentifier)
    .u8(body.length)
    .bytes(body)
    .finish();
}

/**
 * Decodes an SNRM/UA information field; absent parameters take the defaults, and an empty field
 * means all defaults. Unknown parameter identifiers are skipped. Throws {@link CodecError} for a
 * wrong format or group identifier, a group length that does not match, or a value that is not
 * 1, 2 or 4 bytes.
 */
export function decodeHdlcParameters(information: Uint8Array): HdlcParameters {
  const values: Record<string, number> = { ...HDLC_DEFAULT_PARAMETERS };
  if (information.length === 0) return values as unknown as HdlcParameters;
  const r = new ByteReader(information);
  const format = r.u8('HDLC format identifier');
  if (format !== HdlcParameterId.formatIdentifier) {
    throw new CodecError(
      `Cannot decode HDLC parameters: format identifier 0x${format.toString(16)}, expected 0x81`,
      0,
    );
  }
  const groupId = r.u8('HDLC group identifier');
  if (groupId !== HdlcParameterId.groupIdentifier) {
    throw new CodecError(
      `Cannot decode HDLC parameters: group identifier 0x${groupId.toString(16)}, expected 0x80`,
      1,
    );
  }
  const groupLength = r.u8('HDLC group length');
  if (groupLength !== r.remaining) {
    throw new CodecError(
      `Cannot decode HDLC parameters: group length ${groupLength} but ${r.remaining} bytes follow`,
      2,
    );
  }
  while (!r.atEnd) {
    const at = r.absoluteOffset;
    const id = r.u8('HDLC parameter identifier');
    const length = r.u8('HDLC parameter length');
    const name = ORDER.find(([, known]) => known === id)?.[0];
    if (name === undefined) {
      r.skip(length, 'unknown HDLC parameter');
      continue;
    }
    let value: number;
    if (length === 1) value = r.u8(name);
    else if (length === 2) value = r.u16(name);
    else if (length === 4) value = r.u32(name);
    else
      throw new CodecError(
        `Cannot decode HDLC parameter ${name}: ${length}-byte value (must be 1, 2 or 4)`,
        at,
      );
    values[name] = value;
  }
  return values as unknown as HdlcParameters;
}

/**
 * The parameters a server answers in UA to a client's SNRM proposal (IEC 62056-46 §6.4.4.4.3.2):
 * each direction gets the smaller of what one side will send and the other can receive, and the
 * result is from the server's point of view.
 */
export function negotiateHdlcParameters(proposed: HdlcParameters, server: HdlcParameters): HdlcParameters {
  return {
    maxInfoFieldLengthTransmit: Math.min(
      server.maxInfoFieldLengthTransmit,
      proposed.maxInfoFieldLengthReceive,
    ),
    maxInfoFieldLengthReceive: Math.min(
      server.maxInfoFieldLengthReceive,
      proposed.maxInfoFieldLengthTransmit,
    ),
    windowSizeTransmit: Math.min(server.windowSizeTransmit, proposed.windowSizeReceive),
    windowSizeReceive: Math.min(server.windowSizeReceive, proposed.windowSizeTransmit),
  };
}
