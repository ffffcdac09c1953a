import type { ByteReader, ByteWriter } from '@gridmeter/codec';
import { ExceptionServiceError } from './results.js';

/**
 * ExceptionResponse (IEC 62056-5-3 §8.2, tag 0xD8): state-error ENUMERATED, service-error CHOICE;
 * the invocation-counter-error alternative (6) carries the expected invocation counter as Unsigned32.
 */
export interface ExceptionResponse {
  readonly type: 'exception-response';
  /** See {@link ExceptionStateError}. */
  readonly stateError: number;
  /** See {@link ExceptionServiceError}. */
  readonly serviceError: number;
  /** Present only with service-error invocation-counter-error (6). */
  readonly invocationCounter?: number;
}

export function decodeExceptionResponse(r: ByteReader): ExceptionResponse {
  const stateError = r.u8('state-error');
  const serviceError = r.u8('service-error');
  if (serviceError === ExceptionServiceError.invocationCounterError) {
    return {
      type: 'exception-response',
      stateError,
      serviceError,
      invocationCounter: r.u32('invocation-counter'),
    };
  }
  return { type: 'exception-response', stateError, serviceError };
}

export function encodeExceptionResponse(w: ByteWriter, a: ExceptionResponse): void {
  w.u8(a.stateError).u8(a.serviceError);
  if (a.serviceError === ExceptionServiceError.invocationCounterError) {
    if (a.invocationCounter === undefined) {
      throw new RangeError('ExceptionResponse with invocation-counter-error needs invocationCounter');
    }
    w.u32(a.invocationCounter);
  } else if (a.invocationCounter !== undefined) {
    throw new RangeError('invocationCounter is only sent with service-error invocation-counter-error (6)');
  }
}
