/** The file formats the importers read. */
export type FileFormat = 'nem12' | 'interval-csv' | 'sgsc-csv';

/**
 * A malformed input file: names the format, the 1-based line number and the field at fault.
 * Importers stop at the first one; nothing after it is yielded.
 *
 * @example
 * try { for await (const b of parseNem12(text)) store(b); }
 * catch (e) { if (e instanceof FileFormatError) console.error(e.line, e.field, e.message); }
 */
export class FileFormatError extends Error {
  override readonly name = 'FileFormatError';
  constructor(
    readonly format: FileFormat,
    readonly line: number,
    readonly field: string,
    detail: string,
    options?: ErrorOptions,
  ) {
    super(`${format} line ${line}, ${field}: ${detail}`, options);
  }
}
