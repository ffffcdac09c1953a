import { ByteReader, ByteWriter, CodecError, type FrameScan, FrameSplitter } from '@gridmeter/codec';

/**
 * IEC 62056-47 / DLMS UA Green Book "TCP-UDP based transport layer": every APDU travels behind an
 * 8-byte wrapper header of four unsigned16 fields, big-endian:
 * version (= 1) | source wPort | destination wPort | length of the APDU that follows.
 */
export const WRAPPER_VERSION = 1;

/** Bytes in the wrapper header (IEC 62056-47 §5.4: four unsigned16 fields). */
export const WRAPPER_HEADER_BYTES = 8;

/** Largest APDU a wrapper frame can carry: the length field is unsigned16. */
export const WRAPPER_MAX_APDU_BYTES = 0xffff;

/** One wrapper frame: wPorts are the client / server SAPs (e.g. client 0x10 public, server 0x01). */
export interface WrapperFrame {
  /** wPort of the sender. */
  readonly source: number;
  /** wPort of the receiver. */
  readonly destination: number;
  readonly apdu: Uint8Array;
}

/**
 * Wraps one APDU in the IEC 62056-47 header. Throws `RangeError` for a wPort outside unsigned16 or
 * an APDU over 65535 bytes.
 *
 * @example
 * encodeWrapperFrame({ source: 0x10, destination: 0x01, apdu: Uint8Array.of(0x62, 0x00) });
 * // 00 01 00 10 00 01 00 02 62 00
 */
export function encodeWrapperFrame(frame: WrapperFrame): Uint8Array {
  if (frame.apdu.length > WRAPPER_MAX_APDU_BYTES) {
    throw new RangeError(`Wrapper APDU of ${frame.apdu.length} bytes exceeds ${WRAPPER_MAX_APDU_BYTES}`);
  }
  return new ByteWriter(WRAPPER_HEADER_BYTES + frame.apdu.length)
    .u16(WRAPPER_VERSION)
    .u16(frame.source)
    .u16(frame.destination)
    .u16(frame.apdu.length)
    .bytes(frame.apdu)
    .finish();
}

/**
 * Decodes one UDP datagram: exactly one wrapper frame whose length field matches the datagram
 * (IEC 62056-47 §5.5: one APDU per datagram). Throws {@link CodecError} otherwise.
 */
export function decodeWrapperDatagram(bytes: Uint8Array): WrapperFrame {
  const r = new ByteReader(bytes);
  const { source, destination, length } = readHeader(r);
  if (length !== r.remaining) {
    throw new CodecError(
      `Cannot decode wrapper datagram: length field ${length} but ${r.remaining} APDU bytes follow the header`,
      6,
    );
  }
  return { source, destination, apdu: r.rest() };
}

function readHeader(r: ByteReader): { source: number; destination: number; length: number } {
  const version = r.u16('wrapper version');
  if (version !== WRAPPER_VERSION) {
    throw new CodecError(
      `Cannot decode wrapper frame: version ${version}, expected ${WRAPPER_VERSION}`,
      r.absoluteOffset - 2,
    );
  }
  const source = r.u16('source wPort');
  const destination = r.u16('destination wPort');
  const length = r.u16('wrapper length');
  return { source, destination, length };
}

/** Options of {@link WrapperSplitter}; `maxFrameBytes` defaults to the largest frame (8 + 65535). */
export interface WrapperSplitterOptions {
  readonly maxFrameBytes?: number;
  readonly onDiscard?: (length: number, reason: string, streamOffset: number) => void;
}

/**
 * Splits a TCP byte stream into wrapper frames.
 *
 * The wrapper has no flag or check sequence to resynchronise on, so a header whose version is not 1
 * means the stream is out of step for good: the splitter fails. It delivers the frames before the
 * bad header, drops the bytes from it on, throws {@link CodecError}, and then rejects every further
 * chunk with the same error (holding nothing) until {@link reset}. The caller should close the
 * connection (IEC 62056-47 §5.4 defines no recovery). A declared length above `maxFrameBytes` is a
 * {@link CodecError} too (the base splitter drops the buffered bytes).
 *
 * @example
 * const splitter = new WrapperSplitter();
 * socket.on('data', (chunk) => splitter.push(chunk, (frame) => handle(frame.apdu)));
 */
export class WrapperSplitter extends FrameSplitter<WrapperFrame> {
  #failure: CodecError | undefined;

  constructor(options: WrapperSplitterOptions = {}) {
    super({
      maxFrameBytes: options.maxFrameBytes ?? WRAPPER_HEADER_BYTES + WRAPPER_MAX_APDU_BYTES,
      ...(options.onDiscard ? { onDiscard: options.onDiscard } : {}),
    });
  }

  /** The error that stopped the stream, if any. */
  get failure(): CodecError | undefined {
    return this.#failure;
  }

  override push(chunk: Uint8Array, onFrame: (frame: WrapperFrame) => void): void {
    if (this.#failure) throw this.#failure;
    super.push(chunk, onFrame);
    if (this.#failure) throw this.#failure;
  }

  /** Forgets a partial frame and a failure (after reconnecting). */
  override reset(): void {
    super.reset();
    this.#failure = undefined;
  }

  protected scan(bytes: Uint8Array): FrameScan {
    if (bytes.length < 2) return { kind: 'incomplete' };
    const version = (bytes[0]! << 8) | bytes[1]!;
    if (version !== WRAPPER_VERSION) {
      this.#failure = new CodecError(
        `Wrapper stream out of step: version ${version}, expected ${WRAPPER_VERSION}; stream stopped`,
        this.streamOffset,
      );
      return { kind: 'skip', length: bytes.length, reason: `wrapper version ${version}` };
    }
    if (bytes.length < WRAPPER_HEADER_BYTES) return { kind: 'incomplete' };
    return { kind: 'frame', length: WRAPPER_HEADER_BYTES + ((bytes[6]! << 8) | bytes[7]!) };
  }

  protected decode(frame: Uint8Array, streamOffset: number): WrapperFrame {
    const r = new ByteReader(frame, streamOffset);
    const { source, destination } = readHeader(r);
    return { source, destination, apdu: r.rest() };
  }
}
