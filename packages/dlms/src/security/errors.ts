/**
 * Why a security operation refused its input. Each reason has its own error class below, so a
 * caller can catch the one it handles (`instanceof`) or switch on `reason`.
 */
export type DlmsSecurityReason =
  | 'authentication-failed'
  | 'replay'
  | 'counter-exhausted'
  | 'key-unwrap-failed'
  | 'missing-key'
  | 'unsupported';

/**
 * Base class of every DLMS security failure: a bad authentication tag, a replayed invocation
 * counter, a key that cannot be unwrapped. Messages never contain key material.
 *
 * @example
 * try { unprotect(params); } catch (e) { if (e instanceof DlmsSecurityError) log(e.reason); }
 */
export class DlmsSecurityError extends Error {
  override readonly name: string = 'DlmsSecurityError';
  readonly reason: DlmsSecurityReason;

  constructor(reason: DlmsSecurityReason, message: string, options?: ErrorOptions) {
    super(message, options);
    this.reason = reason;
  }
}

/**
 * The GCM tag (or an HLS-GMAC reply) did not verify: wrong key, wrong system title or counter,
 * or bytes changed in transit. No plaintext is ever returned in that case.
 */
export class DlmsAuthenticationError extends DlmsSecurityError {
  override readonly name: string = 'DlmsAuthenticationError';

  constructor(message: string, options?: ErrorOptions) {
    super('authentication-failed', message, options);
  }
}

/**
 * A received invocation counter is not greater than the last one accepted for the same
 * sender and key: the Green Book's replay protection (a receiver accepts each IC at most once).
 */
export class InvocationCounterReplayError extends DlmsSecurityError {
  override readonly name: string = 'InvocationCounterReplayError';
  /** The counter carried by the rejected APDU. */
  readonly received: number;
  /** The highest counter accepted so far. */
  readonly lastAccepted: number;

  constructor(message: string, received: number, lastAccepted: number) {
    super('replay', message);
    this.received = received;
    this.lastAccepted = lastAccepted;
  }
}

/**
 * The sender's 32-bit invocation counter has reached its last value; the key must be
 * renewed before another APDU is protected, since an IV must never repeat under a key.
 */
export class InvocationCounterExhaustedError extends DlmsSecurityError {
  override readonly name: string = 'InvocationCounterExhaustedError';

  constructor(message: string) {
    super('counter-exhausted', message);
  }
}

/** RFC 3394 unwrap failed its integrity check: wrong KEK or altered wrapped key. */
export class KeyUnwrapError extends DlmsSecurityError {
  override readonly name: string = 'KeyUnwrapError';

  constructor(message: string, options?: ErrorOptions) {
    super('key-unwrap-failed', message, options);
  }
}

/** No key is known for the sender / key set named by a ciphered APDU. */
export class MissingKeyError extends DlmsSecurityError {
  override readonly name: string = 'MissingKeyError';

  constructor(message: string) {
    super('missing-key', message);
  }
}

/**
 * The APDU asks for protection this implementation does not provide or the caller does not
 * accept: a security suite other than 0, compression, or an unauthenticated policy.
 */
export class UnsupportedSecurityError extends DlmsSecurityError {
  override readonly name: string = 'UnsupportedSecurityError';

  constructor(message: string) {
    super('unsupported', message);
  }
}
