import { concatBytes, toHex } from '@gridmeter/codec';
import {
  decodeHdlcParameters,
  type HdlcAddress,
  type HdlcFrame,
  HdlcSplitter,
  type JsonValue,
  LlcHeader,
} from '@gridmeter/dlms';
import { decodeApduNode } from './apdu.js';
import { toDecodeError } from './errors.js';
import type { DecodedItem, HdlcFrameNode } from './report.js';
import type { SecurityContext } from './security-context.js';

/** Closing flag + FCS after the information field (IEC 62056-46 §6.4.1). */
const FCS_AND_FLAG_BYTES = 3;
/** The LLC header E6 E6 00 / E6 E7 00 opens the first segment (IEC 62056-46 §5.3.2). */
const LLC_BYTES = 3;

function address(a: HdlcAddress): string {
  return a.size === 1 ? `${a.upper}` : `${a.upper}/${a.lower}`;
}

function llcOf(info: Uint8Array): 'command' | 'response' | undefined {
  if (info.length < LLC_BYTES || info[0] !== LlcHeader.command[0]) return undefined;
  if (info[1] === LlcHeader.command[1] && info[2] === LlcHeader.command[2]) return 'command';
  if (info[1] === LlcHeader.response[1] && info[2] === LlcHeader.response[2]) return 'response';
  return undefined;
}

/** A segmented APDU being collected: its information fields so far and where each frame was. */
interface Segments {
  readonly parts: Uint8Array[];
  readonly offsets: number[];
  readonly infoOffset: number;
}

function frameFields(frame: HdlcFrame, offset: number, length: number): HdlcFrameNode {
  return {
    frame: 'hdlc',
    offset,
    length,
    type: frame.type,
    destination: address(frame.destination),
    source: address(frame.source),
    segmented: frame.segmented,
    pollFinal: frame.pollFinal,
    ...('sendSequence' in frame ? { sendSequence: frame.sendSequence } : {}),
    ...('receiveSequence' in frame ? { receiveSequence: frame.receiveSequence } : {}),
    ...(frame.information.length > 0 ? { informationLength: frame.information.length } : {}),
  };
}

function parametersOf(frame: HdlcFrame): JsonValue | undefined {
  if ((frame.type !== 'SNRM' && frame.type !== 'UA') || frame.information.length === 0) return undefined;
  try {
    return { ...decodeHdlcParameters(frame.information) };
  } catch (e) {
    return { error: toDecodeError(e, 0).message, hex: toHex(frame.information) };
  }
}

/**
 * Splits a run of HDLC frames (flags shared or not, fill flags allowed), checks HCS/FCS, joins
 * segmented I-frames per direction (segmentation bit S, IEC 62056-46 §6.4.1), strips the LLC
 * header and decodes each APDU. Bad frames and bytes between frames are reported with their
 * offset and decoding goes on at the next flag.
 *
 * @example
 * decodeHdlcStream(fromHex('7ea0070321930f017e'), new SecurityContext(undefined)); // one SNRM
 */
export function decodeHdlcStream(bytes: Uint8Array, security: SecurityContext): DecodedItem[] {
  const items: DecodedItem[] = [];
  const pending = new Map<string, Segments>();
  let next = 0;
  const splitter = new HdlcSplitter({
    onDiscard(length, reason, streamOffset) {
      // Fill flags between frames are not an error; anything else is bytes outside any frame.
      if (reason !== 'inter-frame flag') {
        items.push({
          frame: 'error',
          offset: streamOffset,
          length,
          hex: toHex(bytes.subarray(streamOffset, streamOffset + Math.min(length, 64))),
          error: {
            message: `Skipped ${length} bytes outside any HDLC frame: ${reason}`,
            offset: streamOffset,
          },
        });
      }
      next = streamOffset + length;
    },
  });

  const onFrame = (frame: HdlcFrame): void => {
    const end = splitter.streamOffset;
    const node = frameFields(frame, next, end - next);
    next = end;
    const parameters = parametersOf(frame);
    const info = frame.information;
    if ((frame.type !== 'I' && frame.type !== 'UI') || info.length === 0) {
      items.push(parameters === undefined ? node : { ...node, parameters });
      return;
    }
    const infoOffset = end - FCS_AND_FLAG_BYTES - info.length;
    // Segments of one APDU travel in one direction; the peer's RR frames come in between.
    const direction = `${node.source}>${node.destination}`;
    const started = pending.get(direction);
    const segments = started ?? { parts: [], offsets: [], infoOffset };
    segments.parts.push(info);
    segments.offsets.push(node.offset);
    if (frame.segmented) {
      pending.set(direction, segments);
      const llc = started ? undefined : llcOf(info);
      items.push({ ...node, ...(llc ? { llc } : {}), segment: segments.parts.length });
      return;
    }
    pending.delete(direction);
    const whole = segments.parts.length === 1 ? info : concatBytes(...segments.parts);
    const llc = llcOf(whole);
    const apduBytes = llc ? whole.subarray(LLC_BYTES) : whole;
    const joined = segments.parts.length > 1;
    const apdu = decodeApduNode(
      apduBytes,
      joined
        ? { offset: 0, offsetIn: 'reassembled-apdu' }
        : { offset: segments.infoOffset + (llc ? LLC_BYTES : 0) },
      security,
    );
    items.push({
      ...node,
      ...(llc ? { llc } : {}),
      ...(joined ? { segment: segments.parts.length, reassembledFrom: segments.offsets } : {}),
      apdu,
    });
  };

  const feed = (chunk: Uint8Array): boolean => {
    try {
      splitter.push(chunk, onFrame);
      return true;
    } catch (e) {
      const end = splitter.streamOffset;
      items.push({
        frame: 'hdlc',
        offset: next,
        length: end - next,
        error: toDecodeError(e, next),
      });
      next = end;
      return false;
    }
  };
  // A frame with a bad HCS/FCS is consumed before the splitter throws; the rest stays buffered.
  if (!feed(bytes)) while (!feed(new Uint8Array(0)));
  if (splitter.bufferedBytes > 0) {
    items.push({
      frame: 'error',
      offset: next,
      length: bytes.length - next,
      hex: toHex(bytes.subarray(next, next + 64)),
      error: {
        message: `Incomplete HDLC frame: ${bytes.length - next} bytes and no closing flag`,
        offset: next,
      },
    });
  }
  for (const [direction, segments] of pending) {
    items.push({
      frame: 'error',
      offset: segments.offsets[0]!,
      length: 0,
      error: {
        message: `Segmented APDU ${direction} not completed: ${segments.parts.length} segment(s), the last one still has S set`,
        offset: segments.offsets.at(-1)!,
      },
    });
  }
  return items;
}
