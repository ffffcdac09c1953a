import { CodecError } from './errors.js';

/**
 * A bounded big-endian cursor over a `Uint8Array`. Every read checks the remaining length first
 * and throws {@link CodecError} with the offset instead of reading past the end; `bytes()` hands
 * out `subarray` views, never copies.
 *
 * @example
 * const r = new ByteReader(Uint8Array.of(0x12, 0x34, 0xff));
 * r.u16(); // 0x1234
 * r.i8();  // -1
 */
export class ByteReader {
  readonly #bytes: Uint8Array;
  readonly #view: DataView;
  readonly #base: number;
  #offset = 0;

  /**
   * @param bytes the buffer to read
   * @param baseOffset added to offsets in error messages, when `bytes` is a slice of a larger frame
   */
  constructor(bytes: Uint8Array, baseOffset = 0) {
    this.#bytes = bytes;
    this.#view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.#base = baseOffset;
  }

  /** Current position, counted from the start of this reader's buffer. */
  get offset(): number {
    return this.#offset;
  }

  /** Absolute position including the base offset given at construction. */
  get absoluteOffset(): number {
    return this.#base + this.#offset;
  }

  get length(): number {
    return this.#bytes.length;
  }

  get remaining(): number {
    return this.#bytes.length - this.#offset;
  }

  get atEnd(): boolean {
    return this.#offset >= this.#bytes.length;
  }

  /** Throws unless `n` more bytes are available; `what` names the field in the message. */
  need(n: number, what = 'value'): void {
    if (!Number.isInteger(n) || n < 0) {
      throw new CodecError(`Cannot read ${what}: invalid length ${n}`, this.absoluteOffset);
    }
    if (n > this.remaining) {
      throw new CodecError(
        `Cannot read ${what}: needs ${n} byte${n === 1 ? '' : 's'}, ${this.remaining} left`,
        this.absoluteOffset,
      );
    }
  }

  /** An error positioned at the current offset, for format faults the caller detects. */
  error(message: string, options?: ErrorOptions): CodecError {
    return new CodecError(message, this.absoluteOffset, options);
  }

  peekU8(what = 'byte'): number {
    this.need(1, what);
    return this.#bytes[this.#offset]!;
  }

  u8(what = 'unsigned8'): number {
    this.need(1, what);
    return this.#bytes[this.#offset++]!;
  }

  i8(what = 'integer8'): number {
    this.need(1, what);
    const v = this.#view.getInt8(this.#offset);
    this.#offset += 1;
    return v;
  }

  u16(what = 'unsigned16'): number {
    this.need(2, what);
    const v = this.#view.getUint16(this.#offset);
    this.#offset += 2;
    return v;
  }

  i16(what = 'integer16'): number {
    this.need(2, what);
    const v = this.#view.getInt16(this.#offset);
    this.#offset += 2;
    return v;
  }

  u32(what = 'unsigned32'): number {
    this.need(4, what);
    const v = this.#view.getUint32(this.#offset);
    this.#offset += 4;
    return v;
  }

  i32(what = 'integer32'): number {
    this.need(4, what);
    const v = this.#view.getInt32(this.#offset);
    this.#offset += 4;
    return v;
  }

  u64(what = 'unsigned64'): bigint {
    this.need(8, what);
    const v = this.#view.getBigUint64(this.#offset);
    this.#offset += 8;
    return v;
  }

  i64(what = 'integer64'): bigint {
    this.need(8, what);
    const v = this.#view.getBigInt64(this.#offset);
    this.#offset += 8;
    return v;
  }

  f32(what = 'float32'): number {
    this.need(4, what);
    const v = this.#view.getFloat32(this.#offset);
    this.#offset += 4;
    return v;
  }

  f64(what = 'float64'): number {
    this.need(8, what);
    const v = this.#view.getFloat64(this.#offset);
    this.#offset += 8;
    return v;
  }

  /** `n` bytes as a view into the underlying buffer (no copy). */
  bytes(n: number, what = 'octets'): Uint8Array {
    this.need(n, what);
    const v = this.#bytes.subarray(this.#offset, this.#offset + n);
    this.#offset += n;
    return v;
  }

  /** Everything not yet read, as a view; moves to the end. */
  rest(): Uint8Array {
    const v = this.#bytes.subarray(this.#offset);
    this.#offset = this.#bytes.length;
    return v;
  }

  skip(n: number, what = 'bytes'): void {
    this.need(n, what);
    this.#offset += n;
  }

  /** A reader over the next `n` bytes that keeps absolute offsets in its errors. */
  sub(n: number, what = 'field'): ByteReader {
    const start = this.absoluteOffset;
    return new ByteReader(this.bytes(n, what), start);
  }
}
