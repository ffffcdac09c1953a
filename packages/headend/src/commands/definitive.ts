import { CosemTypeError, DlmsServiceError } from '@gridmeter/dlms';
import { CommandVerificationError, FirmwareStepError, UnsupportedCommandError } from './errors.js';

/**
 * Whether an error is the meter's (or the request's) final word — a refused service, a wrong
 * read-back, bad input — rather than a transport failure: retrying it on a new session would
 * give the same answer, so the pool must not retry it.
 */
export function isDefinitive(error: unknown): boolean {
  return (
    error instanceof CommandVerificationError ||
    error instanceof UnsupportedCommandError ||
    error instanceof FirmwareStepError ||
    error instanceof DlmsServiceError ||
    error instanceof CosemTypeError ||
    error instanceof RangeError ||
    error instanceof TypeError
  );
}

/** A work result that carries a definitive failure past the pool's retries. */
export type Settled<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: unknown };

/** Runs `fn`; a definitive error becomes `{ ok: false }`, any other error propagates (for the pool to retry). */
export async function settle<T>(fn: () => Promise<T>): Promise<Settled<T>> {
  try {
    return { ok: true, value: await fn() };
  } catch (e) {
    if (isDefinitive(e)) return { ok: false, error: e };
    throw e;
  }
}
