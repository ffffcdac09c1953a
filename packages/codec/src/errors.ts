/**
 * The one error every Gridmeter codec throws for bytes it cannot accept: a read past the end,
 * a bad checksum, a length over its bound, a value outside its range. It carries the byte
 * offset where decoding stopped, so a field engineer can find the fault in a hex dump.
 *
 * @example
 * try { reader.u16(); } catch (e) { if (e instanceof CodecError) console.log(e.offset); }
 */
export class CodecError extends Error {
  override readonly name: string = 'CodecError';
  /** Byte offset (from the start of the buffer being decoded) where the fault was found. */
  readonly offset: number;

  constructor(message: string, offset: number, options?: ErrorOptions) {
    super(`${message} (at offset ${offset})`, options);
    this.offset = offset;
  }
}
