import { toHex } from '@gridmeter/codec';
import { WRAPPER_HEADER_BYTES, WRAPPER_VERSION, type WrapperFrame, WrapperSplitter } from '@gridmeter/dlms';
import { decodeApduNode } from './apdu.js';
import { toDecodeError } from './errors.js';
import type { DecodedItem, WrapperFrameNode } from './report.js';
import type { SecurityContext } from './security-context.js';

function frameNode(frame: WrapperFrame, offset: number, security: SecurityContext): WrapperFrameNode {
  const apduOffset = offset + WRAPPER_HEADER_BYTES;
  return {
    frame: 'wrapper',
    offset,
    length: WRAPPER_HEADER_BYTES + frame.apdu.length,
    version: WRAPPER_VERSION,
    source: frame.source,
    destination: frame.destination,
    apduLength: frame.apdu.length,
    apdu: decodeApduNode(frame.apdu, { offset: apduOffset }, security),
  };
}

/** A frame whose length field promises more bytes than the input holds: decode what is there. */
function truncatedNode(rest: Uint8Array, offset: number, security: SecurityContext): DecodedItem {
  if (rest.length < WRAPPER_HEADER_BYTES) {
    return {
      frame: 'error',
      offset,
      length: rest.length,
      hex: toHex(rest),
      error: { message: `Truncated wrapper header: ${rest.length} of 8 bytes`, offset },
    };
  }
  const declared = (rest[6]! << 8) | rest[7]!;
  const apdu = rest.subarray(WRAPPER_HEADER_BYTES);
  return {
    frame: 'wrapper',
    offset,
    length: rest.length,
    version: (rest[0]! << 8) | rest[1]!,
    source: (rest[2]! << 8) | rest[3]!,
    destination: (rest[4]! << 8) | rest[5]!,
    apduLength: declared,
    apdu: decodeApduNode(apdu, { offset: offset + WRAPPER_HEADER_BYTES }, security),
    error: {
      message: `Truncated wrapper frame: length field ${declared} but ${apdu.length} APDU bytes follow the header`,
      offset: offset + 6,
    },
  };
}

/**
 * Splits a TCP stream (or one UDP datagram) of IEC 62056-47 wrapper frames and decodes each APDU.
 * The wrapper has no flag to resynchronise on (§5.4), so a header whose version is not 1 ends the
 * stream: it is reported with its offset and the bytes from it on.
 *
 * @example
 * decodeWrapperStream(fromHex('0001001000010005 6203800100'), new SecurityContext(undefined));
 */
export function decodeWrapperStream(bytes: Uint8Array, security: SecurityContext): DecodedItem[] {
  const items: DecodedItem[] = [];
  const splitter = new WrapperSplitter();
  let next = 0;
  try {
    splitter.push(bytes, (frame) => {
      items.push(frameNode(frame, next, security));
      next = splitter.streamOffset;
    });
  } catch (e) {
    items.push({
      frame: 'error',
      offset: next,
      length: bytes.length - next,
      hex: toHex(bytes.subarray(next, next + 64)),
      error: toDecodeError(e, next),
    });
    return items;
  }
  if (splitter.bufferedBytes > 0) items.push(truncatedNode(bytes.subarray(next), next, security));
  return items;
}
