import { CodecError } from './errors.js';

/**
 * What a splitter's `scan` found at the start of its buffered bytes:
 * - `incomplete`: not enough bytes yet to know (or finish) the next frame;
 * - `frame`: a frame of `length` bytes starts at offset 0 (it may not be fully buffered yet);
 * - `skip`: the first `length` bytes cannot start a frame and are dropped (resynchronisation).
 */
export type FrameScan =
  | { readonly kind: 'incomplete' }
  | { readonly kind: 'frame'; readonly length: number }
  | { readonly kind: 'skip'; readonly length: number; readonly reason: string };

export interface FrameSplitterOptions {
  /** Largest frame accepted; a longer declared length, or more unframed bytes, is a `CodecError`. */
  readonly maxFrameBytes: number;
  /** Told about every run of bytes dropped while resynchronising. */
  readonly onDiscard?: (length: number, reason: string, streamOffset: number) => void;
}

/**
 * The chunk-fed base of every stream decoder (DLMS wrapper, HDLC, DL/T 645): bytes arrive in
 * arbitrary chunks, complete frames leave in order. A subclass says where frames are (`scan`)
 * and what they mean (`decode`).
 *
 * Frames that lie wholly inside one pushed chunk are handed to `decode` as `subarray` views of
 * that chunk (do not reuse a chunk's memory after pushing it); a frame that spans chunks is
 * copied once. Memory is bounded by `maxFrameBytes`: a declared length above it, or that many
 * bytes without a frame, throws {@link CodecError} and drops the buffered bytes. A frame that
 * fails to decode is consumed before its error is thrown, so the stream can go on after it.
 *
 * @example
 * class LineSplitter extends FrameSplitter<string> {
 *   protected scan(b: Uint8Array): FrameScan {
 *     const i = b.indexOf(0x0a);
 *     return i < 0 ? { kind: 'incomplete' } : { kind: 'frame', length: i + 1 };
 *   }
 *   protected decode(f: Uint8Array): string { return new TextDecoder().decode(f); }
 * }
 * new LineSplitter({ maxFrameBytes: 1024 }).push(bytes, (line) => console.log(line));
 */
export abstract class FrameSplitter<F> {
  readonly maxFrameBytes: number;
  readonly #onDiscard: FrameSplitterOptions['onDiscard'];
  #pending = new Uint8Array(0);
  #pendingLength = 0;
  #streamOffset = 0;
  #discarded = 0;

  constructor(options: FrameSplitterOptions) {
    if (!Number.isInteger(options.maxFrameBytes) || options.maxFrameBytes < 1) {
      throw new RangeError(`maxFrameBytes must be a positive integer: ${options.maxFrameBytes}`);
    }
    this.maxFrameBytes = options.maxFrameBytes;
    this.#onDiscard = options.onDiscard;
  }

  /** Bytes held while waiting for the rest of a frame. */
  get bufferedBytes(): number {
    return this.#pendingLength;
  }

  /** Bytes dropped so far while resynchronising. */
  get discardedBytes(): number {
    return this.#discarded;
  }

  /** Offset in the whole stream of the first byte not yet consumed. */
  get streamOffset(): number {
    return this.#streamOffset;
  }

  /** Drops any partial frame (after a link reset, say). */
  reset(): void {
    this.#pendingLength = 0;
  }

  /**
   * Feeds bytes; calls `onFrame` for each complete frame, in order. Throws {@link CodecError} for
   * an oversized or undecodable frame after consuming it.
   */
  push(chunk: Uint8Array, onFrame: (frame: F) => void): void {
    let buf: Uint8Array;
    let fromPending: boolean;
    if (this.#pendingLength > 0) {
      this.#append(chunk);
      buf = this.#pending.subarray(0, this.#pendingLength);
      fromPending = true;
    } else {
      buf = chunk;
      fromPending = false;
    }
    let at = 0;
    try {
      while (at < buf.length) {
        const window = buf.subarray(at);
        const found = this.scan(window);
        if (found.kind === 'incomplete') break;
        if (found.kind === 'skip') {
          const n = Math.min(Math.max(1, found.length), window.length);
          at += n;
          this.#discarded += n;
          this.#onDiscard?.(n, found.reason, this.#streamOffset);
          this.#streamOffset += n;
          continue;
        }
        if (found.length > this.maxFrameBytes) {
          const offset = this.#streamOffset;
          at = buf.length;
          this.#streamOffset += window.length;
          throw new CodecError(
            `Frame length ${found.length} exceeds max frame size ${this.maxFrameBytes}; buffered bytes dropped`,
            offset,
          );
        }
        if (found.length < 1) throw new CodecError('Frame scan reported an empty frame', this.#streamOffset);
        if (found.length > window.length) break;
        const view = window.subarray(0, found.length);
        const frame = fromPending ? view.slice() : view;
        const offset = this.#streamOffset;
        at += found.length;
        this.#streamOffset += found.length;
        onFrame(this.decode(frame, offset));
      }
    } finally {
      this.#keep(buf, at, fromPending);
    }
    if (this.#pendingLength > this.maxFrameBytes) {
      const offset = this.#streamOffset;
      this.#streamOffset += this.#pendingLength;
      this.#pendingLength = 0;
      throw new CodecError(
        `No complete frame within max frame size ${this.maxFrameBytes}; buffered bytes dropped`,
        offset,
      );
    }
  }

  /**
   * Feeds bytes and returns the frames they completed. Prefer {@link push} in a read loop: it hands
   * over frames decoded before an error in the same chunk.
   */
  feed(chunk: Uint8Array): F[] {
    const frames: F[] = [];
    this.push(chunk, (f) => frames.push(f));
    return frames;
  }

  /** Locates the next frame at the start of `bytes` (which begin where the last frame ended). */
  protected abstract scan(bytes: Uint8Array): FrameScan;

  /** Turns one complete frame into its message; throws `CodecError` if it is malformed. */
  protected abstract decode(frame: Uint8Array, streamOffset: number): F;

  #append(chunk: Uint8Array): void {
    const needed = this.#pendingLength + chunk.length;
    if (needed > this.#pending.length) {
      let cap = Math.max(64, this.#pending.length * 2);
      while (cap < needed) cap *= 2;
      const next = new Uint8Array(cap);
      next.set(this.#pending.subarray(0, this.#pendingLength));
      this.#pending = next;
    }
    this.#pending.set(chunk, this.#pendingLength);
    this.#pendingLength = needed;
  }

  #keep(buf: Uint8Array, at: number, fromPending: boolean): void {
    const restLength = buf.length - at;
    if (restLength === 0) {
      this.#pendingLength = 0;
      return;
    }
    if (fromPending) {
      if (at > 0) this.#pending.copyWithin(0, at, this.#pendingLength);
      this.#pendingLength = restLength;
    } else {
      this.#pendingLength = 0;
      this.#append(buf.subarray(at));
    }
  }
}
