import { toHex } from '@gridmeter/codec';
import { type Apdu, apduToJson, decodeApduPrefix } from '@gridmeter/dlms';
import { decodeCipheredNode } from './ciphered.js';
import { toDecodeError } from './errors.js';
import type { ApduNode, DecodeError } from './report.js';
import type { SecurityContext } from './security-context.js';
import { trailingBytes } from './trailing.js';

/** Where an APDU's bytes sit, for offsets in errors. */
export interface ApduPlace {
  /** Offset of the APDU's first byte in the input (0 when the bytes were rebuilt). */
  readonly offset: number;
  /** Whether offsets count in the input or in bytes rebuilt from it. */
  readonly offsetIn?: DecodeError['offsetIn'];
}

/**
 * Decodes one APDU (ACSE or xDLMS, plain or ciphered) into a report node: its readable form via
 * `apduToJson`, the deciphered APDU when keys are known, and any bytes after it. Never throws:
 * a malformed APDU gives `error` with the offset where decoding stopped.
 *
 * @example
 * decodeApduNode(fromHex('c001c100080000010000ff0200'), { offset: 8 }, new SecurityContext(undefined));
 */
export function decodeApduNode(bytes: Uint8Array, place: ApduPlace, security: SecurityContext): ApduNode {
  const { offset } = place;
  const offsetIn = place.offsetIn ?? 'input';
  const base = offsetIn === 'input' ? offset : 0;
  const at =
    offsetIn === 'input'
      ? { offset, length: bytes.length }
      : { offset, length: bytes.length, hex: toHex(bytes) };
  if (bytes.length === 0) {
    return { ...at, error: { message: 'Empty APDU: no bytes after the header', offset } };
  }
  let apdu: Apdu;
  let length: number;
  try {
    ({ apdu, length } = decodeApduPrefix(bytes, base));
  } catch (e) {
    return { ...at, error: toDecodeError(e, base, 0, offsetIn) };
  }
  const decodePlain = (plain: Uint8Array) =>
    decodeApduNode(plain, { offset: 0, offsetIn: 'deciphered-apdu' }, security);
  if (apdu.type === 'ciphered') {
    return {
      ...at,
      type: 'ciphered',
      ciphered: decodeCipheredNode(bytes, base, security, decodePlain),
    };
  }
  security.learn(apdu);
  const node: ApduNode = { ...at, length, type: apdu.type, decoded: apduToJson(apdu) };
  const info = 'userInformation' in apdu ? apdu.userInformation : undefined;
  const withInfo =
    info?.type === 'ciphered'
      ? { ...node, userInformation: decodeCipheredNode(info.raw, base, security, decodePlain) }
      : node;
  return length < bytes.length
    ? { ...withInfo, trailing: trailingBytes(bytes.subarray(length), base + length) }
    : withInfo;
}
