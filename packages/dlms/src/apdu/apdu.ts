import { ByteReader, ByteWriter, CodecError } from '@gridmeter/codec';
import {
  type AcseApdu,
  decodeAareBody,
  decodeAarqBody,
  decodeReleaseBody,
  encodeAare,
  encodeAarq,
  encodeRelease,
} from './acse.js';
import {
  type ActionRequest,
  type ActionResponse,
  decodeActionRequest,
  decodeActionResponse,
  encodeActionRequest,
  encodeActionResponse,
} from './action.js';
import { readBerLength } from './ber.js';
import type { CipheredApduPassthrough } from './ciphered.js';
import { decodeExceptionResponse, type ExceptionResponse, encodeExceptionResponse } from './exception.js';
import {
  decodeGetRequest,
  decodeGetResponse,
  encodeGetRequest,
  encodeGetResponse,
  type GetRequest,
  type GetResponse,
} from './get.js';
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
import {
  type DataNotification,
  decodeDataNotification,
  decodeEventNotificationRequest,
  type EventNotificationRequest,
  encodeDataNotification,
  encodeEventNotificationRequest,
} from './notification.js';
import {
  decodeSetRequest,
  decodeSetResponse,
  encodeSetRequest,
  encodeSetResponse,
  type SetRequest,
  type SetResponse,
} from './set.js';
import { ApduTag, isCipheredApduTag } from './tags.js';

/** Every APDU this module encodes and decodes, keyed on `type`. */
export type Apdu =
  | AcseApdu
  | InitiateRequest
  | InitiateResponse
  | ConfirmedServiceError
  | GetRequest
  | GetResponse
  | SetRequest
  | SetResponse
  | ActionRequest
  | ActionResponse
  | DataNotification
  | EventNotificationRequest
  | ExceptionResponse
  | CipheredApduPassthrough;

export type ApduType = Apdu['type'];

/**
 * Encodes one APDU (tag byte first).
 *
 * @example
 * encodeApdu({ type: 'get-request-next', invokeIdAndPriority: 0xc1, blockNumber: 1 });
 * // Uint8Array [0xc0, 0x02, 0xc1, 0x00, 0x00, 0x00, 0x01]
 */
export function encodeApdu(apdu: Apdu): Uint8Array {
  const w = new ByteWriter(64);
  switch (apdu.type) {
    case 'aarq':
      encodeAarq(w, apdu);
      break;
    case 'aare':
      encodeAare(w, apdu);
      break;
    case 'rlrq':
    case 'rlre':
      encodeRelease(w, apdu);
      break;
    case 'initiate-request':
      encodeInitiateRequest(w.u8(ApduTag.InitiateRequest), apdu);
      break;
    case 'initiate-response':
      encodeInitiateResponse(w.u8(ApduTag.InitiateResponse), apdu);
      break;
    case 'confirmed-service-error':
      encodeConfirmedServiceError(w.u8(ApduTag.ConfirmedServiceError), apdu);
      break;
    case 'get-request-normal':
    case 'get-request-next':
    case 'get-request-with-list':
      encodeGetRequest(w.u8(ApduTag.GetRequest), apdu);
      break;
    case 'get-response-normal':
    case 'get-response-with-datablock':
    case 'get-response-with-list':
      encodeGetResponse(w.u8(ApduTag.GetResponse), apdu);
      break;
    case 'set-request-normal':
    case 'set-request-with-first-datablock':
    case 'set-request-with-datablock':
    case 'set-request-with-list':
    case 'set-request-with-list-and-first-datablock':
      encodeSetRequest(w.u8(ApduTag.SetRequest), apdu);
      break;
    case 'set-response-normal':
    case 'set-response-datablock':
    case 'set-response-last-datablock':
    case 'set-response-last-datablock-with-list':
    case 'set-response-with-list':
      encodeSetResponse(w.u8(ApduTag.SetResponse), apdu);
      break;
    case 'action-request-normal':
    case 'action-request-next-pblock':
    case 'action-request-with-list':
    case 'action-request-with-first-pblock':
    case 'action-request-with-list-and-first-pblock':
    case 'action-request-with-pblock':
      encodeActionRequest(w.u8(ApduTag.ActionRequest), apdu);
      break;
    case 'action-response-normal':
    case 'action-response-with-pblock':
    case 'action-response-with-list':
    case 'action-response-next-pblock':
      encodeActionResponse(w.u8(ApduTag.ActionResponse), apdu);
      break;
    case 'data-notification':
      encodeDataNotification(w.u8(ApduTag.DataNotification), apdu);
      break;
    case 'event-notification-request':
      encodeEventNotificationRequest(w.u8(ApduTag.EventNotificationRequest), apdu);
      break;
    case 'exception-response':
      encodeExceptionResponse(w.u8(ApduTag.ExceptionResponse), apdu);
      break;
    case 'ciphered':
      if (apdu.raw[0] !== apdu.tag) {
        throw new RangeError(`ciphered APDU raw bytes must start with its tag 0x${apdu.tag.toString(16)}`);
      }
      w.bytes(apdu.raw);
      break;
  }
  return w.finish();
}

/** One APDU decoded from the start of a buffer, and how many bytes it took. */
export interface ApduPrefix {
  readonly apdu: Apdu;
  readonly length: number;
}

/**
 * Decodes the APDU at the start of `bytes` and reports its length, leaving any bytes after it
 * to the caller (a tool can show them; some servers append garbage to a GET-Response). A
 * ciphered APDU takes the whole buffer. Throws {@link CodecError} on malformed bytes.
 */
export function decodeApduPrefix(bytes: Uint8Array, baseOffset = 0): ApduPrefix {
  const r = new ByteReader(bytes, baseOffset);
  const apdu = readApdu(r, bytes);
  return { apdu, length: r.offset };
}

/**
 * Decodes exactly one APDU; bytes after it are an error. Ciphered APDUs (glo-/ded-/general
 * ciphering) come back as `{ type: 'ciphered', tag, raw }` for the security module.
 *
 * @example
 * decodeApdu(fromHex('c0 01 c1 0001 00002a0000ff 02 00'));
 * // { type: 'get-request-normal', invokeIdAndPriority: 0xc1, attribute: { classId: 1, instanceId, attributeId: 2 } }
 */
export function decodeApdu(bytes: Uint8Array, baseOffset = 0): Apdu {
  const r = new ByteReader(bytes, baseOffset);
  const apdu = readApdu(r, bytes);
  if (!r.atEnd) {
    throw r.error(`Cannot decode ${apdu.type}: ${r.remaining} unexpected bytes after the APDU`);
  }
  return apdu;
}

function readAcseBody(r: ByteReader, name: string): ByteReader {
  const length = readBerLength(r, `${name} length`);
  return r.sub(length, name);
}

function readApdu(r: ByteReader, bytes: Uint8Array): Apdu {
  const tag = r.u8('APDU tag');
  switch (tag) {
    case ApduTag.Aarq:
      return decodeAarqBody(readAcseBody(r, 'AARQ'));
    case ApduTag.Aare:
      return decodeAareBody(readAcseBody(r, 'AARE'));
    case ApduTag.Rlrq:
      return decodeReleaseBody(readAcseBody(r, 'RLRQ'), 'rlrq');
    case ApduTag.Rlre:
      return decodeReleaseBody(readAcseBody(r, 'RLRE'), 'rlre');
    case ApduTag.InitiateRequest:
      return decodeInitiateRequest(r);
    case ApduTag.InitiateResponse:
      return decodeInitiateResponse(r);
    case ApduTag.ConfirmedServiceError:
      return decodeConfirmedServiceError(r);
    case ApduTag.GetRequest:
      return decodeGetRequest(r);
    case ApduTag.GetResponse:
      return decodeGetResponse(r);
    case ApduTag.SetRequest:
      return decodeSetRequest(r);
    case ApduTag.SetResponse:
      return decodeSetResponse(r);
    case ApduTag.ActionRequest:
      return decodeActionRequest(r);
    case ApduTag.ActionResponse:
      return decodeActionResponse(r);
    case ApduTag.DataNotification:
      return decodeDataNotification(r);
    case ApduTag.EventNotificationRequest:
      return decodeEventNotificationRequest(r);
    case ApduTag.ExceptionResponse:
      return decodeExceptionResponse(r);
    default:
      if (isCipheredApduTag(tag)) {
        // Deciphering finds its own end; the passthrough keeps everything from the tag on.
        r.rest();
        return { type: 'ciphered', tag, raw: bytes };
      }
      throw new CodecError(
        `Cannot decode APDU: unknown tag 0x${tag.toString(16).padStart(2, '0')}`,
        r.absoluteOffset - 1,
      );
  }
}
