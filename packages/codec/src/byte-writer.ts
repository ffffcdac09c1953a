/**
 * A growable big-endian byte sink. Range-checks every integer it writes (a value that does not
 * fit its field is a programming error: `RangeError`).
 *
 * @example
 * const w = new ByteWriter();
 * w.u8(0xc0).u16(0x0001).bytes(Uint8Array.of(1, 2));
 * w.finish(); // Uint8Array [0xc0, 0x00, 0x01, 0x01, 0x02]
 */
export class ByteWriter {
  #buf: Uint8Array;
  #view: DataView;
  #length = 0;

  constructor(initialCapacity = 256) {
    this.#buf = new Uint8Array(Math.max(16, initialCapacity));
    this.#view = new DataView(this.#buf.buffer);
  }

  get length(): number {
    return this.#length;
  }

  #reserve(n: number): number {
    const at = this.#length;
    const needed = at + n;
    if (needed > this.#buf.length) {
      let cap = this.#buf.length * 2;
      while (cap < needed) cap *= 2;
      const next = new Uint8Array(cap);
      next.set(this.#buf.subarray(0, at));
      this.#buf = next;
      this.#view = new DataView(next.buffer);
    }
    this.#length = needed;
    return at;
  }

  u8(v: number): this {
    checkInt(v, 0, 0xff, 'unsigned8');
    const at = this.#reserve(1);
    this.#buf[at] = v;
    return this;
  }

  i8(v: number): this {
    checkInt(v, -0x80, 0x7f, 'integer8');
    const at = this.#reserve(1); // may replace the view: reserve first
    this.#view.setInt8(at, v);
    return this;
  }

  u16(v: number): this {
    checkInt(v, 0, 0xffff, 'unsigned16');
    const at = this.#reserve(2); // may replace the view: reserve first
    this.#view.setUint16(at, v);
    return this;
  }

  i16(v: number): this {
    checkInt(v, -0x8000, 0x7fff, 'integer16');
    const at = this.#reserve(2); // may replace the view: reserve first
    this.#view.setInt16(at, v);
    return this;
  }

  u32(v: number): this {
    checkInt(v, 0, 0xffffffff, 'unsigned32');
    const at = this.#reserve(4); // may replace the view: reserve first
    this.#view.setUint32(at, v);
    return this;
  }

  i32(v: number): this {
    checkInt(v, -0x80000000, 0x7fffffff, 'integer32');
    const at = this.#reserve(4); // may replace the view: reserve first
    this.#view.setInt32(at, v);
    return this;
  }

  u64(v: bigint): this {
    if (v < 0n || v > 0xffff_ffff_ffff_ffffn) throw new RangeError(`unsigned64 out of range: ${v}`);
    const at = this.#reserve(8); // may replace the view: reserve first
    this.#view.setBigUint64(at, v);
    return this;
  }

  i64(v: bigint): this {
    if (v < -(2n ** 63n) || v >= 2n ** 63n) throw new RangeError(`integer64 out of range: ${v}`);
    const at = this.#reserve(8); // may replace the view: reserve first
    this.#view.setBigInt64(at, v);
    return this;
  }

  f32(v: number): this {
    const at = this.#reserve(4); // may replace the view: reserve first
    this.#view.setFloat32(at, v);
    return this;
  }

  f64(v: number): this {
    const at = this.#reserve(8); // may replace the view: reserve first
    this.#view.setFloat64(at, v);
    return this;
  }

  bytes(v: Uint8Array): this {
    const at = this.#reserve(v.length);
    this.#buf.set(v, at);
    return this;
  }

  /** Overwrites one byte already written (for length fields known only after the body). */
  setU8At(offset: number, v: number): this {
    checkInt(v, 0, 0xff, 'unsigned8');
    if (offset < 0 || offset >= this.#length) throw new RangeError(`offset ${offset} not yet written`);
    this.#buf[offset] = v;
    return this;
  }

  /** Overwrites two bytes already written, big-endian. */
  setU16At(offset: number, v: number): this {
    checkInt(v, 0, 0xffff, 'unsigned16');
    if (offset < 0 || offset + 2 > this.#length) throw new RangeError(`offset ${offset} not yet written`);
    this.#view.setUint16(offset, v);
    return this;
  }

  /** The bytes written so far, as a fresh copy the writer no longer touches. */
  finish(): Uint8Array {
    return this.#buf.slice(0, this.#length);
  }
}

function checkInt(v: number, min: number, max: number, what: string): void {
  if (!Number.isInteger(v) || v < min || v > max) {
    throw new RangeError(`${what} out of range [${min}, ${max}]: ${v}`);
  }
}
