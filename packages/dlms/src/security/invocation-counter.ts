import { toHex } from '@gridmeter/codec';
import { InvocationCounterExhaustedError, InvocationCounterReplayError } from './errors.js';
import { MAX_INVOCATION_COUNTER } from './suite0.js';

/**
 * The sender's invocation counter for one key: the 32-bit invocation field of the GCM IV. Each
 * protected APDU takes the next value; an IV must never repeat under a key, so the counter
 * refuses to wrap after 2^32-1 (the key must be renewed first). DLMS UA 1000-2 Ed. 8
 * §9.2.7.2.4.2: IC is incremented for each APDU protected with the key.
 *
 * @example
 * const ic = new InvocationCounter(1);
 * protect({ ..., invocationCounter: ic.next() }); // 1, then 2, ...
 */
export class InvocationCounter {
  #next: number;

  /** @param initial the first value `next()` returns (e.g. the persisted value after a restart) */
  constructor(initial = 0) {
    if (!Number.isInteger(initial) || initial < 0 || initial > MAX_INVOCATION_COUNTER + 1) {
      throw new RangeError(`Initial invocation counter out of range [0, 2^32]: ${initial}`);
    }
    this.#next = initial;
  }

  /** The value the next protected APDU will use (2^32 once exhausted). */
  get value(): number {
    return this.#next;
  }

  /** How many values are left before the key must be renewed. */
  get remaining(): number {
    return MAX_INVOCATION_COUNTER + 1 - this.#next;
  }

  /** Takes the next value. Throws {@link InvocationCounterExhaustedError} after 2^32-1 was used. */
  next(): number {
    if (this.#next > MAX_INVOCATION_COUNTER) {
      throw new InvocationCounterExhaustedError(
        'Invocation counter exhausted: 2^32-1 already used under this key; renew the key before protecting another APDU',
      );
    }
    return this.#next++;
  }
}

/**
 * The receiver's replay guard: per (sender system title, key id) it remembers the last accepted
 * invocation counter and rejects any counter not greater than it. Call {@link accept} only after
 * the APDU authenticated, so forged APDUs cannot move the window.
 *
 * @example
 * const guard = new InvocationCounterGuard();
 * guard.accept(serverSystemTitle, 'global-unicast', 5);
 * guard.accept(serverSystemTitle, 'global-unicast', 5); // throws InvocationCounterReplayError
 */
export class InvocationCounterGuard {
  readonly #last = new Map<string, number>();

  /** The last accepted counter for this sender and key, if any. */
  lastAccepted(systemTitle: Uint8Array, keyId: string): number | undefined {
    return this.#last.get(slot(systemTitle, keyId));
  }

  /** Throws {@link InvocationCounterReplayError} unless `invocationCounter` is fresh; records nothing. */
  check(systemTitle: Uint8Array, keyId: string, invocationCounter: number): void {
    const last = this.#last.get(slot(systemTitle, keyId));
    if (last !== undefined && invocationCounter <= last) {
      throw new InvocationCounterReplayError(
        `Replayed invocation counter ${invocationCounter} from system title ${toHex(systemTitle)} (key ${keyId}): last accepted ${last}`,
        invocationCounter,
        last,
      );
    }
  }

  /** Checks the counter and records it as the last accepted. */
  accept(systemTitle: Uint8Array, keyId: string, invocationCounter: number): void {
    if (
      !Number.isInteger(invocationCounter) ||
      invocationCounter < 0 ||
      invocationCounter > MAX_INVOCATION_COUNTER
    ) {
      throw new RangeError(`Invocation counter out of range [0, 2^32-1]: ${invocationCounter}`);
    }
    this.check(systemTitle, keyId, invocationCounter);
    this.#last.set(slot(systemTitle, keyId), invocationCounter);
  }

  /** Forgets the sender's counters: for one key when it was renewed, or all of its keys. */
  reset(systemTitle: Uint8Array, keyId?: string): void {
    if (keyId !== undefined) {
      this.#last.delete(slot(systemTitle, keyId));
      return;
    }
    const prefix = `${toHex(systemTitle)}/`;
    for (const k of [...this.#last.keys()]) if (k.startsWith(prefix)) this.#last.delete(k);
  }
}

function slot(systemTitle: Uint8Array, keyId: string): string {
  return `${toHex(systemTitle)}/${keyId}`;
}
