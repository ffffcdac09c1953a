import type { ByteReader, ByteWriter } from '@gridmeter/codec';
import { readOctetString, readPresence, writeOctetString } from './common.js';
import { decodeConformance, encodeConformance } from './conformance.js';

/**
 * xDLMS InitiateRequest (IEC 62056-5-3 §8.2 and §9.4.6.1, tag 0x01), A-XDR encoded:
 * dedicated-key OCTET STRING OPTIONAL, response-allowed BOOLEAN DEFAULT TRUE,
 * proposed-quality-of-service [0] IMPLICIT Integer8 OPTIONAL, proposed-dlms-version-number
 * Unsigned8, proposed-conformance (5F 1F 04 00 + 3 bytes), client-max-receive-pdu-size Unsigned16.
 */
export interface InitiateRequest {
  readonly type: 'initiate-request';
  readonly dedicatedKey?: Uint8Array;
  /** DEFAULT TRUE: encoded as 0x00 when true, 0x01 0x00 when false. */
  readonly responseAllowed: boolean;
  readonly proposedQualityOfService?: number;
  /** 6 for DLMS version 6. */
  readonly proposedDlmsVersionNumber: number;
  /** 24-bit conformance block; see {@link ConformanceBit}. */
  readonly proposedConformance: number;
  readonly clientMaxReceivePduSize: number;
}

/**
 * xDLMS InitiateResponse (tag 0x08): negotiated-quality-of-service OPTIONAL,
 * negotiated-dlms-version-number, negotiated-conformance, server-max-receive-pdu-size,
 * vaa-name (0x0007 for LN referencing, 0xFA00 for SN).
 */
export interface InitiateResponse {
  readonly type: 'initiate-response';
  readonly negotiatedQualityOfService?: number;
  readonly negotiatedDlmsVersionNumber: number;
  readonly negotiatedConformance: number;
  readonly serverMaxReceivePduSize: number;
  readonly vaaName: number;
}

/** The vaa-name an LN-referencing server answers with (IEC 62056-5-3 §9.4.6.1). */
export const VAA_NAME_LN = 0x0007;

/**
 * ConfirmedServiceError (IEC 62056-5-3 §8.2, tag 0x0E): which confirmed service failed
 * ({@link ConfirmedServiceErrorService}) and a ServiceError CHOICE ({@link ServiceErrorKind})
 * whose value is an ENUMERATED of that kind (e.g. initiate: dlms-version-too-low = 1).
 */
export interface ConfirmedServiceError {
  readonly type: 'confirmed-service-error';
  readonly service: number;
  readonly errorKind: number;
  readonly error: number;
}

/** ConfirmedServiceError CHOICE: the service the error answers. */
export const ConfirmedServiceErrorService = {
  initiateError: 1,
  getStatus: 2,
  getNameList: 3,
  getVariableAttribute: 4,
  read: 5,
  write: 6,
  getDataSetAttribute: 7,
  getTiAttribute: 8,
  changeScope: 9,
  start: 10,
  stop: 11,
  resume: 12,
  makeUsable: 13,
  initiateLoad: 14,
  loadSegment: 15,
  terminateLoad: 16,
  initiateUpLoad: 17,
  upLoadSegment: 18,
  terminateUpLoad: 19,
} as const;

/** ServiceError CHOICE (IEC 62056-5-3 §8.2). */
export const ServiceErrorKind = {
  applicationReference: 0,
  hardwareResource: 1,
  vdeStateError: 2,
  service: 3,
  definition: 4,
  access: 5,
  initiate: 6,
  loadDataSet: 7,
  changeScope: 8,
  task: 9,
  other: 10,
} as const;

/** ServiceError initiate [6] values. */
export const InitiateError = {
  other: 0,
  dlmsVersionTooLow: 1,
  incompatibleConformance: 2,
  pduSizeTooShort: 3,
  refusedByTheVdeHandler: 4,
} as const;

export function decodeInitiateRequest(r: ByteReader): InitiateRequest {
  const dedicatedKey = readPresence(r, 'dedicated-key') ? readOctetString(r, 'dedicated-key') : undefined;
  // BOOLEAN DEFAULT TRUE: 0x00 = default used, 0x01 = value follows.
  const responseAllowed = readPresence(r, 'response-allowed') ? r.u8('response-allowed') !== 0 : true;
  const qos = readPresence(r, 'proposed-quality-of-service')
    ? r.i8('proposed-quality-of-service')
    : undefined;
  const proposedDlmsVersionNumber = r.u8('proposed-dlms-version-number');
  const proposedConformance = decodeConformance(r);
  const clientMaxReceivePduSize = r.u16('client-max-receive-pdu-size');
  return {
    type: 'initiate-request',
    ...(dedicatedKey === undefined ? {} : { dedicatedKey }),
    responseAllowed,
    ...(qos === undefined ? {} : { proposedQualityOfService: qos }),
    proposedDlmsVersionNumber,
    proposedConformance,
    clientMaxReceivePduSize,
  };
}

export function encodeInitiateRequest(w: ByteWriter, a: InitiateRequest): void {
  if (a.dedicatedKey === undefined) w.u8(0);
  else {
    w.u8(1);
    writeOctetString(w, a.dedicatedKey);
  }
  if (a.responseAllowed) w.u8(0);
  else w.u8(1).u8(0);
  if (a.proposedQualityOfService === undefined) w.u8(0);
  else w.u8(1).i8(a.proposedQualityOfService);
  w.u8(a.proposedDlmsVersionNumber);
  encodeConformance(w, a.proposedConformance);
  w.u16(a.clientMaxReceivePduSize);
}

export function decodeInitiateResponse(r: ByteReader): InitiateResponse {
  const qos = readPresence(r, 'negotiated-quality-of-service')
    ? r.i8('negotiated-quality-of-service')
    : undefined;
  const negotiatedDlmsVersionNumber = r.u8('negotiated-dlms-version-number');
  const negotiatedConformance = decodeConformance(r);
  const serverMaxReceivePduSize = r.u16('server-max-receive-pdu-size');
  const vaaName = r.u16('vaa-name');
  return {
    type: 'initiate-response',
    ...(qos === undefined ? {} : { negotiatedQualityOfService: qos }),
    negotiatedDlmsVersionNumber,
    negotiatedConformance,
    serverMaxReceivePduSize,
    vaaName,
  };
}

export function encodeInitiateResponse(w: ByteWriter, a: InitiateResponse): void {
  if (a.negotiatedQualityOfService === undefined) w.u8(0);
  else w.u8(1).i8(a.negotiatedQualityOfService);
  w.u8(a.negotiatedDlmsVersionNumber);
  encodeConformance(w, a.negotiatedConformance);
  w.u16(a.serverMaxReceivePduSize).u16(a.vaaName);
}

export function decodeConfirmedServiceError(r: ByteReader): ConfirmedServiceError {
  const service = r.u8('ConfirmedServiceError choice');
  const errorKind = r.u8('ServiceError choice');
  if (errorKind > ServiceErrorKind.other) {
    throw r.error(`Cannot decode ConfirmedServiceError: unknown ServiceError choice ${errorKind}`);
  }
  return { type: 'confirmed-service-error', service, errorKind, error: r.u8('ServiceError value') };
}

export function encodeConfirmedServiceError(w: ByteWriter, a: ConfirmedServiceError): void {
  w.u8(a.service).u8(a.errorKind).u8(a.error);
}
