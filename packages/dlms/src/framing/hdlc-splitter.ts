import { type FrameScan, FrameSplitter } from '@gridmeter/codec';
import {
  decodeHdlcBody,
  HDLC_FLAG,
  HDLC_FORMAT_TYPE_3,
  HDLC_MAX_FRAME_LENGTH,
  HDLC_MIN_FRAME_LENGTH,
  type HdlcFrame,
} from './hdlc-frame.js';

/** Options of {@link HdlcSplitter}; `maxFrameBytes` defaults to the 11-bit maximum plus both flags. */
export interface HdlcSplitterOptions {
  readonly maxFrameBytes?: number;
  readonly onDiscard?: (length: number, reason: string, streamOffset: number) => void;
}

/**
 * Splits a serial or TCP byte stream into HDLC frames (IEC 62056-46 §6.4.1, frame format type 3).
 *
 * Framing: a frame starts at a flag 0x7E followed by a type-3 format field; its 11-bit length says
 * where the closing flag must be. The closing flag may also open the next frame (shared flag), and
 * extra flags between frames are fill. Bytes that cannot start a frame (no flag, a format other
 * than type 3, a length below 7 or above `maxFrameBytes`, no flag where the length says) are
 * skipped up to the next flag and reported through `onDiscard`: the splitter resynchronises and
 * never buffers more than `maxFrameBytes`.
 *
 * Checking: a well-delimited frame with a bad HCS or FCS, a bad address or an unknown control
 * field is consumed and a {@link CodecError} is thrown; the bytes after it stay buffered and are
 * decoded by the next `push` (an empty chunk will do). A link discards such frames
 * (ISO/IEC 13239: frames with a bad FCS are ignored); {@link HdlcClientLink} does.
 *
 * @example
 * const splitter = new HdlcSplitter();
 * splitter.push(chunk, (frame) => console.log(frame.type, frame.information));
 */
export class HdlcSplitter extends FrameSplitter<HdlcFrame> {
  /** The last byte consumed was a flag, so a frame may start without its own opening flag. */
  #afterFlag = false;

  constructor(options: HdlcSplitterOptions = {}) {
    super({
      maxFrameBytes: options.maxFrameBytes ?? HDLC_MAX_FRAME_LENGTH + 2,
      ...(options.onDiscard ? { onDiscard: options.onDiscard } : {}),
    });
  }

  override reset(): void {
    super.reset();
    this.#afterFlag = false;
  }

  protected scan(bytes: Uint8Array): FrameScan {
    if (bytes[0] === HDLC_FLAG) {
      if (bytes.length < 2) return { kind: 'incomplete' };
      if (bytes[1] === HDLC_FLAG) return this.#skip(1, 'inter-frame flag');
      return this.#frameAt(bytes, 1);
    }
    if (this.#afterFlag) return this.#frameAt(bytes, 0);
    return this.#skipToFlag(bytes, 'no flag');
  }

  protected decode(frame: Uint8Array, streamOffset: number): HdlcFrame {
    const start = frame[0] === HDLC_FLAG ? 1 : 0;
    return decodeHdlcBody(frame.subarray(start, frame.length - 1), streamOffset + start);
  }

  /** A frame whose format field is at `start` (1 after its own flag, 0 after a shared flag). */
  #frameAt(bytes: Uint8Array, start: number): FrameScan {
    if (bytes.length < start + 2) return { kind: 'incomplete' };
    const format = (bytes[start]! << 8) | bytes[start + 1]!;
    if (format >> 12 !== HDLC_FORMAT_TYPE_3) return this.#notAFrame(bytes, start, 'format not type 3');
    const length = format & HDLC_MAX_FRAME_LENGTH;
    if (length < HDLC_MIN_FRAME_LENGTH)
      return this.#notAFrame(bytes, start, `frame length ${length} below 7`);
    const total = start + length + 1;
    if (total > this.maxFrameBytes) {
      return this.#notAFrame(
        bytes,
        start,
        `frame length ${length} exceeds max frame size ${this.maxFrameBytes}`,
      );
    }
    if (bytes.length < total) return { kind: 'incomplete' };
    if (bytes[total - 1] !== HDLC_FLAG) return this.#notAFrame(bytes, start, 'no closing flag');
    this.#afterFlag = true;
    return { kind: 'frame', length: total };
  }

  #notAFrame(bytes: Uint8Array, start: number, reason: string): FrameScan {
    // Drop the opening flag alone, or everything up to the next flag after a shared one.
    return start === 1 ? this.#skip(1, reason) : this.#skipToFlag(bytes, reason);
  }

  #skipToFlag(bytes: Uint8Array, reason: string): FrameScan {
    const next = bytes.indexOf(HDLC_FLAG, 1);
    return this.#skip(next < 0 ? bytes.length : next, reason);
  }

  #skip(length: number, reason: string): FrameScan {
    this.#afterFlag = false;
    return { kind: 'skip', length, reason };
  }
}
