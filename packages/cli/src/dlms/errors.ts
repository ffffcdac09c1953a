import { CodecError } from '@gridmeter/codec';
import type { DecodeError } from './report.js';

/** CodecError appends "(at offset N)"; the report carries the offset in its own field. */
const OFFSET_SUFFIX = / \(at offset -?\d+\)$/;

/**
 * The report form of anything a decoder threw. A {@link CodecError} gives its offset, moved by
 * `shift` when it counted from a sub-buffer; any other error is placed at `fallbackOffset`.
 *
 * @example
 * toDecodeError(new CodecError('bad FCS', 7), 0); // { message: 'bad FCS', offset: 7 }
 */
export function toDecodeError(
  e: unknown,
  fallbackOffset: number,
  shift = 0,
  offsetIn: DecodeError['offsetIn'] = 'input',
): DecodeError {
  const message = e instanceof Error ? e.message.replace(OFFSET_SUFFIX, '') : String(e);
  const offset = e instanceof CodecError ? e.offset + shift : fallbackOffset;
  return offsetIn === 'input' ? { message, offset } : { message, offset, offsetIn };
}
