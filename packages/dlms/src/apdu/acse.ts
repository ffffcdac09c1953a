import { ByteReader, ByteWriter, CodecError } from '@gridmeter/codec';
import {
  type BerElement,
  decodeBerInteger,
  decodeOid,
  encodeBerInteger,
  encodeOid,
  readBerElement,
  writeBerConstructed,
  writeBerElement,
} from './ber.js';
import type { CipheredApduPassthrough } from './ciphered.js';
import {
  type ConfirmedServiceError,
  decodeConfirmedServiceError,
  decodeInitiateRequest,
  decodeInitiateResponse,
  encodeConfirmedServiceError,
  encodeInitiateRequest,
  encodeInitiateResponse,
  type InitiateRequest,
  type InitiateResponse,
} from './initiate.js';
import { ApduTag, isCipheredApduTag } from './tags.js';

/**
 * ACSE APDUs as DLMS uses them (IEC 62056-5-3 §8.2 ACSE-APDU, Green Book §9.4.2 and Annex with
 * the encoding examples): AARQ, AARE, RLRQ, RLRE. BER-encoded; the user-information field wraps
 * an A-XDR xDLMS APDU (InitiateRequest/-Response, ConfirmedServiceError or its ciphered form) in an
 * OCTET STRING.
 */

/** application-context-name values (Green Book §9.4.2.2.2: {joint-iso-ccitt(2) country(16) country-name(756) identified-organization(5) DLMS-UA(8) application-context(1) …}). */
export const ApplicationContextName = {
  logicalName: '2.16.756.5.8.1.1',
  shortName: '2.16.756.5.8.1.2',
  logicalNameWithCiphering: '2.16.756.5.8.1.3',
  shortNameWithCiphering: '2.16.756.5.8.1.4',
} as const;

/** mechanism-name values (Green Book §9.4.2.2.3: … DLMS-UA(8) authentication-mechanism-name(2) n). */
export const MechanismName = {
  lowest: '2.16.756.5.8.2.0',
  low: '2.16.756.5.8.2.1',
  high: '2.16.756.5.8.2.2',
  highMd5: '2.16.756.5.8.2.3',
  highSha1: '2.16.756.5.8.2.4',
  highGmac: '2.16.756.5.8.2.5',
  highSha256: '2.16.756.5.8.2.6',
  highEcdsa: '2.16.756.5.8.2.7',
} as const;

/** Association-result (AARE result). */
export const AssociationResult = { accepted: 0, rejectedPermanent: 1, rejectedTransient: 2 } as const;

/** Associate-source-diagnostic acse-service-user [1] values. */
export const AcseServiceUserDiagnostic = {
  null: 0,
  noReasonGiven: 1,
  applicationContextNameNotSupported: 2,
  callingApTitleNotRecognized: 3,
  callingApInvocationIdentifierNotRecognized: 4,
  callingAeQualifierNotRecognized: 5,
  callingAeInvocationIdentifierNotRecognized: 6,
  calledApTitleNotRecognized: 7,
  calledApInvocationIdentifierNotRecognized: 8,
  calledAeQualifierNotRecognized: 9,
  calledAeInvocationIdentifierNotRecognized: 10,
  authenticationMechanismNameNotRecognised: 11,
  authenticationMechanismNameRequired: 12,
  authenticationFailure: 13,
  authenticationRequired: 14,
} as const;

/** Associate-source-diagnostic acse-service-provider [2] values. */
export const AcseServiceProviderDiagnostic = { null: 0, noReasonGiven: 1, noCommonAcseVersion: 2 } as const;

/** Release-request-reason (RLRQ reason). */
export const ReleaseRequestReason = { normal: 0, urgent: 1, userDefined: 30 } as const;
/** Release-response-reason (RLRE reason). */
export const ReleaseResponseReason = { normal: 0, notFinished: 1, userDefined: 30 } as const;

/** BER tags of the AARQ components (context-specific, in SEQUENCE order). */
export const AarqTag = {
  ProtocolVersion: 0x80,
  ApplicationContextName: 0xa1,
  CalledApTitle: 0xa2,
  CalledAeQualifier: 0xa3,
  CalledApInvocationId: 0xa4,
  CalledAeInvocationId: 0xa5,
  CallingApTitle: 0xa6,
  CallingAeQualifier: 0xa7,
  CallingApInvocationId: 0xa8,
  CallingAeInvocationId: 0xa9,
  SenderAcseRequirements: 0x8a,
  MechanismName: 0x8b,
  CallingAuthenticationValue: 0xac,
  ImplementationInformation: 0x9d,
  UserInformation: 0xbe,
} as const;

/** BER tags of the AARE components. */
export const AareTag = {
  ProtocolVersion: 0x80,
  ApplicationContextName: 0xa1,
  Result: 0xa2,
  ResultSourceDiagnostic: 0xa3,
  RespondingApTitle: 0xa4,
  RespondingAeQualifier: 0xa5,
  RespondingApInvocationId: 0xa6,
  RespondingAeInvocationId: 0xa7,
  ResponderAcseRequirements: 0x88,
  MechanismName: 0x89,
  RespondingAuthenticationValue: 0xaa,
  ImplementationInformation: 0x9d,
  UserInformation: 0xbe,
} as const;

/** BER tags of the RLRQ / RLRE components. */
export const ReleaseTag = { Reason: 0x80, UserInformation: 0xbe } as const;

/** Universal tags met inside the explicit wrappers. */
const Universal = { Integer: 0x02, OctetString: 0x04, ObjectIdentifier: 0x06 } as const;
/** Authentication-value CHOICE charstring [0] IMPLICIT GraphicString. */
const AUTH_VALUE_CHARSTRING = 0x80;
/** Associate-source-diagnostic CHOICE tags. */
const DIAG_SERVICE_USER = 0xa1;
const DIAG_SERVICE_PROVIDER = 0xa2;

/** What the user-information OCTET STRING carries. */
export type UserInformation =
  | InitiateRequest
  | InitiateResponse
  | ConfirmedServiceError
  | CipheredApduPassthrough;

/** AARQ (IEC 62056-5-3 §8.2, [APPLICATION 0], tag 0x60): the client's association request. */
export interface Aarq {
  readonly type: 'aarq';
  /** Dotted OID, see {@link ApplicationContextName}. */
  readonly applicationContextName: string;
  readonly calledApTitle?: Uint8Array;
  readonly calledAeQualifier?: Uint8Array;
  /** The client system title (8 bytes) when ciphering is used. */
  readonly callingApTitle?: Uint8Array;
  /** The client's public key certificate, when sent. */
  readonly callingAeQualifier?: Uint8Array;
  /** sender-acse-requirements: the authentication functional unit bit. */
  readonly senderAcseRequirements?: boolean;
  /** Dotted OID, see {@link MechanismName}. */
  readonly mechanismName?: string;
  /** LLS password or HLS challenge (charstring [0]). */
  readonly callingAuthenticationValue?: Uint8Array;
  readonly implementationInformation?: Uint8Array;
  readonly userInformation?: UserInformation;
}

/** Associate-source-diagnostic: which ACSE part produced the result, and its reason code. */
export interface ResultSourceDiagnostic {
  readonly source: 'acse-service-user' | 'acse-service-provider';
  readonly value: number;
}

/** AARE (IEC 62056-5-3 §8.2, [APPLICATION 1], tag 0x61): the server's association response. */
export interface Aare {
  readonly type: 'aare';
  readonly applicationContextName: string;
  /** See {@link AssociationResult}. */
  readonly result: number;
  readonly resultSourceDiagnostic: ResultSourceDiagnostic;
  /** The server system title when ciphering is used. */
  readonly respondingApTitle?: Uint8Array;
  readonly respondingAeQualifier?: Uint8Array;
  readonly responderAcseRequirements?: boolean;
  readonly mechanismName?: string;
  /** The server's HLS challenge (StoC). */
  readonly respondingAuthenticationValue?: Uint8Array;
  readonly implementationInformation?: Uint8Array;
  readonly userInformation?: UserInformation;
}

/** RLRQ ([APPLICATION 2], tag 0x62). */
export interface Rlrq {
  readonly type: 'rlrq';
  /** See {@link ReleaseRequestReason}. */
  readonly reason?: number;
  readonly userInformation?: UserInformation;
}

/** RLRE ([APPLICATION 3], tag 0x63). */
export interface Rlre {
  readonly type: 'rlre';
  /** See {@link ReleaseResponseReason}. */
  readonly reason?: number;
  readonly userInformation?: UserInformation;
}

export type AcseApdu = Aarq | Aare | Rlrq | Rlre;

// ---------------------------------------------------------------------------------------------
// Decoding

/** The components of one ACSE APDU by tag; duplicates are refused, order is free. */
function readComponents(body: ByteReader, apduName: string): Map<number, BerElement> {
  const out = new Map<number, BerElement>();
  while (!body.atEnd) {
    const at = body.absoluteOffset;
    const el = readBerElement(body, `${apduName} component`);
    if (out.has(el.tag)) {
      throw new CodecError(`Cannot decode ${apduName}: component 0x${el.tag.toString(16)} appears twice`, at);
    }
    out.set(el.tag, el);
  }
  return out;
}

/** The single inner TLV of an EXPLICIT component, which must have tag `tag`. */
function explicitInner(el: BerElement, tag: number, what: string): BerElement {
  const r = new ByteReader(el.value, el.valueOffset);
  const inner = readBerElement(r, what);
  if (inner.tag !== tag) {
    throw new CodecError(
      `Cannot decode ${what}: expected tag 0x${tag.toString(16)}, got 0x${inner.tag.toString(16)}`,
      el.valueOffset,
    );
  }
  if (!r.atEnd) throw r.error(`Cannot decode ${what}: ${r.remaining} bytes after the value`);
  return inner;
}

function oidComponent(el: BerElement | undefined, what: string): string | undefined {
  if (el === undefined) return undefined;
  const inner = explicitInner(el, Universal.ObjectIdentifier, what);
  return decodeOid(inner.value, inner.valueOffset);
}

function octetsComponent(el: BerElement | undefined, what: string): Uint8Array | undefined {
  return el === undefined ? undefined : explicitInner(el, Universal.OctetString, what).value;
}

function integerComponent(el: BerElement | undefined, what: string): number | undefined {
  if (el === undefined) return undefined;
  const inner = explicitInner(el, Universal.Integer, what);
  return decodeBerInteger(inner.value, inner.valueOffset, what);
}

/** ACSE-requirements BIT STRING { authentication(0) }: unused-bits byte, then the bits. */
function acseRequirements(el: BerElement | undefined, what: string): boolean | undefined {
  if (el === undefined) return undefined;
  const unused = el.value[0];
  if (unused === undefined || unused > 7 || (el.value.length === 1 && unused !== 0)) {
    throw new CodecError(`Cannot decode ${what}: malformed BIT STRING`, el.valueOffset);
  }
  return el.value.length > 1 && (el.value[1]! & 0x80) !== 0;
}

function authenticationValue(el: BerElement | undefined, what: string): Uint8Array | undefined {
  return el === undefined ? undefined : explicitInner(el, AUTH_VALUE_CHARSTRING, what).value;
}

/** Decodes the xDLMS APDU inside user-information: the OCTET STRING must hold exactly one. */
export function decodeUserInformation(el: BerElement): UserInformation {
  const content = explicitInner(el, Universal.OctetString, 'user-information');
  const r = new ByteReader(content.value, content.valueOffset);
  const tag = r.u8('user-information APDU tag');
  let info: UserInformation;
  if (tag === ApduTag.InitiateRequest) info = decodeInitiateRequest(r);
  else if (tag === ApduTag.InitiateResponse) info = decodeInitiateResponse(r);
  else if (tag === ApduTag.ConfirmedServiceError) info = decodeConfirmedServiceError(r);
  else if (isCipheredApduTag(tag)) return { type: 'ciphered', tag, raw: content.value };
  else
    throw new CodecError(
      `Cannot decode user-information: unexpected APDU tag 0x${tag.toString(16)}`,
      content.valueOffset,
    );
  if (!r.atEnd) throw r.error(`Cannot decode user-information: ${r.remaining} bytes after the APDU`);
  return info;
}

function userInformation(el: BerElement | undefined): UserInformation | undefined {
  return el === undefined ? undefined : decodeUserInformation(el);
}

function required<T>(value: T | undefined, apduName: string, what: string, offset: number): T {
  if (value === undefined) throw new CodecError(`Cannot decode ${apduName}: ${what} is missing`, offset);
  return value;
}

/** `T` with every property allowed to be `undefined`. */
type Loose<T> = { [K in keyof T]: T[K] | undefined };

/** Copies the defined entries only (exactOptionalPropertyTypes). */
function defined<T extends object>(o: Loose<T>): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
  return out as T;
}

/** Decodes an AARQ body (after tag and length); unknown components are skipped. */
export function decodeAarqBody(body: ByteReader): Aarq {
  const start = body.absoluteOffset;
  const c = readComponents(body, 'AARQ');
  return defined<Aarq>({
    type: 'aarq',
    applicationContextName: required(
      oidComponent(c.get(AarqTag.ApplicationContextName), 'application-context-name'),
      'AARQ',
      'application-context-name',
      start,
    ),
    calledApTitle: octetsComponent(c.get(AarqTag.CalledApTitle), 'called-AP-title'),
    calledAeQualifier: octetsComponent(c.get(AarqTag.CalledAeQualifier), 'called-AE-qualifier'),
    callingApTitle: octetsComponent(c.get(AarqTag.CallingApTitle), 'calling-AP-title'),
    callingAeQualifier: octetsComponent(c.get(AarqTag.CallingAeQualifier), 'calling-AE-qualifier'),
    senderAcseRequirements: acseRequirements(
      c.get(AarqTag.SenderAcseRequirements),
      'sender-acse-requirements',
    ),
    mechanismName: mechanism(c.get(AarqTag.MechanismName)),
    callingAuthenticationValue: authenticationValue(
      c.get(AarqTag.CallingAuthenticationValue),
      'calling-authentication-value',
    ),
    implementationInformation: c.get(AarqTag.ImplementationInformation)?.value,
    userInformation: userInformation(c.get(AarqTag.UserInformation)),
  });
}

function mechanism(el: BerElement | undefined): string | undefined {
  return el === undefined ? undefined : decodeOid(el.value, el.valueOffset);
}

function resultSourceDiagnostic(el: BerElement | undefined, start: number): ResultSourceDiagnostic {
  const outer = required(el, 'AARE', 'result-source-diagnostic', start);
  const r = new ByteReader(outer.value, outer.valueOffset);
  const choice = readBerElement(r, 'result-source-diagnostic');
  if (!r.atEnd) throw r.error('Cannot decode result-source-diagnostic: bytes after the value');
  let source: ResultSourceDiagnostic['source'];
  if (choice.tag === DIAG_SERVICE_USER) source = 'acse-service-user';
  else if (choice.tag === DIAG_SERVICE_PROVIDER) source = 'acse-service-provider';
  else {
    throw new CodecError(
      `Cannot decode result-source-diagnostic: unknown choice 0x${choice.tag.toString(16)}`,
      outer.valueOffset,
    );
  }
  return { source, value: integerComponent(choice, source)! };
}

/** Decodes an AARE body (after tag and length); unknown components are skipped. */
export function decodeAareBody(body: ByteReader): Aare {
  const start = body.absoluteOffset;
  const c = readComponents(body, 'AARE');
  return defined<Aare>({
    type: 'aare',
    applicationContextName: required(
      oidComponent(c.get(AareTag.ApplicationContextName), 'application-context-name'),
      'AARE',
      'application-context-name',
      start,
    ),
    result: required(integerComponent(c.get(AareTag.Result), 'result'), 'AARE', 'result', start),
    resultSourceDiagnostic: resultSourceDiagnostic(c.get(AareTag.ResultSourceDiagnostic), start),
    respondingApTitle: octetsComponent(c.get(AareTag.RespondingApTitle), 'responding-AP-title'),
    respondingAeQualifier: octetsComponent(c.get(AareTag.RespondingAeQualifier), 'responding-AE-qualifier'),
    responderAcseRequirements: acseRequirements(
      c.get(AareTag.ResponderAcseRequirements),
      'responder-acse-requirements',
    ),
    mechanismName: mechanism(c.get(AareTag.MechanismName)),
    respondingAuthenticationValue: authenticationValue(
      c.get(AareTag.RespondingAuthenticationValue),
      'responding-authentication-value',
    ),
    implementationInformation: c.get(AareTag.ImplementationInformation)?.value,
    userInformation: userInformation(c.get(AareTag.UserInformation)),
  });
}

function releaseReason(el: BerElement | undefined): number | undefined {
  return el === undefined ? undefined : decodeBerInteger(el.value, el.valueOffset, 'reason');
}

/** Decodes an RLRQ or RLRE body. */
export function decodeReleaseBody(body: ByteReader, type: 'rlrq' | 'rlre'): Rlrq | Rlre {
  const c = readComponents(body, type.toUpperCase());
  const reason = releaseReason(c.get(ReleaseTag.Reason));
  const info = userInformation(c.get(ReleaseTag.UserInformation));
  return type === 'rlrq'
    ? defined<Rlrq>({ type, reason, userInformation: info })
    : defined<Rlre>({ type, reason, userInformation: info });
}

// ---------------------------------------------------------------------------------------------
// Encoding

function writeExplicit(w: ByteWriter, tag: number, innerTag: number, value: Uint8Array): void {
  writeBerConstructed(w, tag, (inner) => writeBerElement(inner, innerTag, value));
}

function writeAcseRequirements(w: ByteWriter, tag: number, authentication: boolean): void {
  // BIT STRING of one bit: 7 unused bits, then bit 0.
  writeBerElement(w, tag, Uint8Array.of(0x07, authentication ? 0x80 : 0x00));
}

/** The user-information OCTET STRING contents. */
export function encodeUserInformationContent(info: UserInformation): Uint8Array {
  if (info.type === 'ciphered') return info.raw;
  const w = new ByteWriter(64);
  if (info.type === 'initiate-request') {
    w.u8(ApduTag.InitiateRequest);
    encodeInitiateRequest(w, info);
  } else if (info.type === 'initiate-response') {
    w.u8(ApduTag.InitiateResponse);
    encodeInitiateResponse(w, info);
  } else {
    w.u8(ApduTag.ConfirmedServiceError);
    encodeConfirmedServiceError(w, info);
  }
  return w.finish();
}

function writeUserInformation(w: ByteWriter, info: UserInformation | undefined): void {
  if (info !== undefined) {
    writeExplicit(w, AarqTag.UserInformation, Universal.OctetString, encodeUserInformationContent(info));
  }
}

function writeOptionalOctets(w: ByteWriter, tag: number, v: Uint8Array | undefined): void {
  if (v !== undefined) writeExplicit(w, tag, Universal.OctetString, v);
}

/** Writes an AARQ, tag and length included. */
export function encodeAarq(w: ByteWriter, a: Aarq): void {
  writeBerConstructed(w, ApduTag.Aarq, (b) => {
    writeExplicit(
      b,
      AarqTag.ApplicationContextName,
      Universal.ObjectIdentifier,
      encodeOid(a.applicationContextName),
    );
    writeOptionalOctets(b, AarqTag.CalledApTitle, a.calledApTitle);
    writeOptionalOctets(b, AarqTag.CalledAeQualifier, a.calledAeQualifier);
    writeOptionalOctets(b, AarqTag.CallingApTitle, a.callingApTitle);
    writeOptionalOctets(b, AarqTag.CallingAeQualifier, a.callingAeQualifier);
    if (a.senderAcseRequirements !== undefined) {
      writeAcseRequirements(b, AarqTag.SenderAcseRequirements, a.senderAcseRequirements);
    }
    if (a.mechanismName !== undefined) writeBerElement(b, AarqTag.MechanismName, encodeOid(a.mechanismName));
    if (a.callingAuthenticationValue !== undefined) {
      writeExplicit(
        b,
        AarqTag.CallingAuthenticationValue,
        AUTH_VALUE_CHARSTRING,
        a.callingAuthenticationValue,
      );
    }
    if (a.implementationInformation !== undefined) {
      writeBerElement(b, AarqTag.ImplementationInformation, a.implementationInformation);
    }
    writeUserInformation(b, a.userInformation);
  });
}

/** Writes an AARE, tag and length included. */
export function encodeAare(w: ByteWriter, a: Aare): void {
  writeBerConstructed(w, ApduTag.Aare, (b) => {
    writeExplicit(
      b,
      AareTag.ApplicationContextName,
      Universal.ObjectIdentifier,
      encodeOid(a.applicationContextName),
    );
    writeExplicit(b, AareTag.Result, Universal.Integer, encodeBerInteger(a.result));
    writeBerConstructed(b, AareTag.ResultSourceDiagnostic, (d) =>
      writeExplicit(
        d,
        a.resultSourceDiagnostic.source === 'acse-service-user' ? DIAG_SERVICE_USER : DIAG_SERVICE_PROVIDER,
        Universal.Integer,
        encodeBerInteger(a.resultSourceDiagnostic.value),
      ),
    );
    writeOptionalOctets(b, AareTag.RespondingApTitle, a.respondingApTitle);
    writeOptionalOctets(b, AareTag.RespondingAeQualifier, a.respondingAeQualifier);
    if (a.responderAcseRequirements !== undefined) {
      writeAcseRequirements(b, AareTag.ResponderAcseRequirements, a.responderAcseRequirements);
    }
    if (a.mechanismName !== undefined) writeBerElement(b, AareTag.MechanismName, encodeOid(a.mechanismName));
    if (a.respondingAuthenticationValue !== undefined) {
      writeExplicit(
        b,
        AareTag.RespondingAuthenticationValue,
        AUTH_VALUE_CHARSTRING,
        a.respondingAuthenticationValue,
      );
    }
    if (a.implementationInformation !== undefined) {
      writeBerElement(b, AareTag.ImplementationInformation, a.implementationInformation);
    }
    writeUserInformation(b, a.userInformation);
  });
}

/** Writes an RLRQ or RLRE, tag and length included. */
export function encodeRelease(w: ByteWriter, a: Rlrq | Rlre): void {
  writeBerConstructed(w, a.type === 'rlrq' ? ApduTag.Rlrq : ApduTag.Rlre, (b) => {
    if (a.reason !== undefined) writeBerElement(b, ReleaseTag.Reason, encodeBerInteger(a.reason));
    writeUserInformation(b, a.userInformation);
  });
}
