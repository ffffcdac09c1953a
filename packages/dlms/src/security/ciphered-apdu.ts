import { ByteReader, ByteWriter, CodecError } from '@gridmeter/codec';
import { CipheredTag, type KeyKind, plainTagFor } from './apdu-tags.js';
import { decodeSecurityControl, encodeSecurityControl, type SecurityControl } from './security-control.js';

/**
 * Wire forms of ciphered xDLMS APDUs (DLMS UA 1000-2 Ed. 8 §9.2.7.2.4.2 and the xDLMS ASN.1):
 *
 *   service-specific (glo-/ded-):  tag | length | SC | IC(4) | ciphered content
 *   general-glo/ded-ciphering:     tag | length | system title | length | SC | IC(4) | ciphered content
 *
 * Lengths are A-XDR lengths (one byte below 0x80, else 0x8n followed by n length bytes). The
 * ciphered content is ciphertext, plaintext || tag or ciphertext || tag depending on SC.
 */

/** Upper bound for any length read from a ciphered APDU (16 MiB, three length bytes). */
export const MAX_CIPHERED_LENGTH = 0xff_ffff;
/** A system title longer than this in general-*-ciphering is refused (suite 0 uses 8 bytes). */
export const MAX_SYSTEM_TITLE_LENGTH = 32;
/** SC (1 byte) + IC (4 bytes). */
const SECURITY_HEADER_LENGTH = 5;

/** The security header SH = SC || IC and the ciphered content that follows it. */
export interface CipheredContent {
  readonly securityControl: SecurityControl;
  readonly invocationCounter: number;
  /** Everything after SC || IC, tag included. A view into the decoded buffer. */
  readonly cipheredContent: Uint8Array;
}

/** A glo- or ded- service-specific ciphered APDU, e.g. glo-get-request [200]. */
export interface ServiceSpecificCiphering extends CipheredContent {
  readonly type: 'service-specific-ciphering';
  /** The ciphered tag on the wire, e.g. 0xc8. */
  readonly tag: number;
  /** The tag of the APDU inside, e.g. 0xc0 for glo-get-request. */
  readonly plainTag: number;
  readonly keyKind: KeyKind;
}

/** general-glo-ciphering [219]: any xDLMS APDU under a global key, with the sender's system title. */
export interface GeneralGloCiphering extends CipheredContent {
  readonly type: 'general-glo-ciphering';
  readonly systemTitle: Uint8Array;
}

/** general-ded-ciphering [220]: any xDLMS APDU under the dedicated key, with the sender's system title. */
export interface GeneralDedCiphering extends CipheredContent {
  readonly type: 'general-ded-ciphering';
  readonly systemTitle: Uint8Array;
}

/** Any ciphered APDU this package decodes, keyed on `type`. */
export type CipheredApdu = ServiceSpecificCiphering | GeneralGloCiphering | GeneralDedCiphering;

/** True when `tag` opens a ciphered APDU that {@link decodeCipheredApdu} understands. */
export function isCipheredTag(tag: number): boolean {
  return (
    tag === CipheredTag.generalGloCiphering ||
    tag === CipheredTag.generalDedCiphering ||
    plainTagFor(tag) !== undefined
  );
}

/**
 * Encodes a glo-/ded- service-specific ciphered APDU.
 *
 * @example
 * encodeServiceSpecificCiphering({ tag: 0xc8, securityControl, invocationCounter: 1, cipheredContent });
 */
export function encodeServiceSpecificCiphering(
  apdu: Pick<ServiceSpecificCiphering, 'tag' | 'securityControl' | 'invocationCounter' | 'cipheredContent'>,
): Uint8Array {
  if (plainTagFor(apdu.tag) === undefined) {
    throw new RangeError(`Tag 0x${apdu.tag.toString(16)} is not a service-specific ciphered APDU tag`);
  }
  const w = new ByteWriter(apdu.cipheredContent.length + 16).u8(apdu.tag);
  writeContent(w, apdu);
  return w.finish();
}

/** Decodes a glo-/ded- service-specific ciphered APDU; the bytes must hold exactly one APDU. */
export function decodeServiceSpecificCiphering(bytes: Uint8Array): ServiceSpecificCiphering {
  const r = new ByteReader(bytes);
  const tag = r.u8('ciphered APDU tag');
  const plain = plainTagFor(tag);
  if (plain === undefined) {
    throw new CodecError(`Cannot decode ciphered APDU: tag 0x${tag.toString(16)} is not a glo-/ded- tag`, 0);
  }
  const content = readContent(r, `ciphered APDU 0x${tag.toString(16)}`);
  expectEnd(r, 'ciphered APDU');
  return {
    type: 'service-specific-ciphering',
    tag,
    plainTag: plain.plainTag,
    keyKind: plain.keyKind,
    ...content,
  };
}

/** Encodes general-glo-ciphering [219]. */
export function encodeGeneralGloCiphering(apdu: Omit<GeneralGloCiphering, 'type'>): Uint8Array {
  return encodeGeneral(CipheredTag.generalGloCiphering, apdu);
}

/** Decodes general-glo-ciphering [219]; the bytes must hold exactly one APDU. */
export function decodeGeneralGloCiphering(bytes: Uint8Array): GeneralGloCiphering {
  return {
    type: 'general-glo-ciphering',
    ...decodeGeneral(CipheredTag.generalGloCiphering, 'general-glo-ciphering', bytes),
  };
}

/** Encodes general-ded-ciphering [220]. */
export function encodeGeneralDedCiphering(apdu: Omit<GeneralDedCiphering, 'type'>): Uint8Array {
  return encodeGeneral(CipheredTag.generalDedCiphering, apdu);
}

/** Decodes general-ded-ciphering [220]; the bytes must hold exactly one APDU. */
export function decodeGeneralDedCiphering(bytes: Uint8Array): GeneralDedCiphering {
  return {
    type: 'general-ded-ciphering',
    ...decodeGeneral(CipheredTag.generalDedCiphering, 'general-ded-ciphering', bytes),
  };
}

/** Encodes any ciphered APDU. */
export function encodeCipheredApdu(apdu: CipheredApdu): Uint8Array {
  switch (apdu.type) {
    case 'service-specific-ciphering':
      return encodeServiceSpecificCiphering(apdu);
    case 'general-glo-ciphering':
      return encodeGeneralGloCiphering(apdu);
    case 'general-ded-ciphering':
      return encodeGeneralDedCiphering(apdu);
  }
}

/**
 * Decodes any ciphered APDU, dispatching on its first byte. Throws `CodecError` for anything
 * malformed: an unknown tag, a length past the end or over {@link MAX_CIPHERED_LENGTH}, trailing
 * bytes.
 *
 * @example
 * const apdu = decodeCipheredApdu(bytes);
 * if (apdu.type === 'general-glo-ciphering') console.log(toHex(apdu.systemTitle));
 */
export function decodeCipheredApdu(bytes: Uint8Array): CipheredApdu {
  const tag = new ByteReader(bytes).peekU8('ciphered APDU tag');
  if (tag === CipheredTag.generalGloCiphering) return decodeGeneralGloCiphering(bytes);
  if (tag === CipheredTag.generalDedCiphering) return decodeGeneralDedCiphering(bytes);
  return decodeServiceSpecificCiphering(bytes);
}

function encodeGeneral(tag: number, apdu: Omit<GeneralGloCiphering, 'type'>): Uint8Array {
  if (apdu.systemTitle.length > MAX_SYSTEM_TITLE_LENGTH) {
    throw new RangeError(
      `System title of ${apdu.systemTitle.length} bytes exceeds ${MAX_SYSTEM_TITLE_LENGTH}`,
    );
  }
  const w = new ByteWriter(apdu.cipheredContent.length + 32).u8(tag);
  writeLength(w, apdu.systemTitle.length);
  w.bytes(apdu.systemTitle);
  writeContent(w, apdu);
  return w.finish();
}

function decodeGeneral(tag: number, what: string, bytes: Uint8Array): Omit<GeneralGloCiphering, 'type'> {
  const r = new ByteReader(bytes);
  const got = r.u8(`${what} tag`);
  if (got !== tag) throw new CodecError(`Cannot decode ${what}: tag 0x${got.toString(16)}`, 0);
  const titleLength = readLength(r, `${what} system title length`);
  if (titleLength > MAX_SYSTEM_TITLE_LENGTH) {
    throw r.error(
      `Cannot decode ${what}: system title length ${titleLength} exceeds ${MAX_SYSTEM_TITLE_LENGTH}`,
    );
  }
  const systemTitle = r.bytes(titleLength, `${what} system title`);
  const content = readContent(r, what);
  expectEnd(r, what);
  return { systemTitle, ...content };
}

function writeContent(w: ByteWriter, c: CipheredContent): void {
  writeLength(w, SECURITY_HEADER_LENGTH + c.cipheredContent.length);
  w.u8(encodeSecurityControl(c.securityControl)).u32(c.invocationCounter).bytes(c.cipheredContent);
}

function readContent(r: ByteReader, what: string): CipheredContent {
  const length = readLength(r, `${what} length`);
  if (length < SECURITY_HEADER_LENGTH) {
    throw r.error(`Cannot decode ${what}: length ${length} cannot hold the security header SC || IC`);
  }
  const body = r.sub(length, `${what} content`);
  const securityControl = decodeSecurityControl(body.u8('security control'));
  const invocationCounter = body.u32('invocation counter');
  return { securityControl, invocationCounter, cipheredContent: body.rest() };
}

function expectEnd(r: ByteReader, what: string): void {
  if (!r.atEnd) throw r.error(`Cannot decode ${what}: ${r.remaining} trailing bytes`);
}

/** A-XDR length: one byte when < 0x80, else 0x80 | n followed by n big-endian bytes. */
function writeLength(w: ByteWriter, n: number): void {
  if (n > MAX_CIPHERED_LENGTH) throw new RangeError(`Length ${n} exceeds ${MAX_CIPHERED_LENGTH}`);
  if (n < 0x80) w.u8(n);
  else if (n <= 0xff) w.u8(0x81).u8(n);
  else if (n <= 0xffff) w.u8(0x82).u16(n);
  else
    w.u8(0x83)
      .u8(n >>> 16)
      .u16(n & 0xffff);
}

function readLength(r: ByteReader, what: string): number {
  const first = r.u8(what);
  if (first < 0x80) return first;
  const count = first & 0x7f;
  if (count === 0 || count > 3) {
    throw r.error(
      `Cannot decode ${what}: length form 0x${first.toString(16)} (bounded to ${MAX_CIPHERED_LENGTH})`,
    );
  }
  let n = 0;
  for (let i = 0; i < count; i++) n = n * 256 + r.u8(what);
  return n;
}
