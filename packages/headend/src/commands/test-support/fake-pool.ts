import { PoolWorkError } from '../../pool/types.js';
import type { CommandPool } from '../ports.js';

/**
 * A pool for tests: runs work at once (no concurrency limit), retrying any error up to
 * `attempts` times, then rejecting with `PoolWorkError` ('connection-lost'). Records the meters
 * in the order their work began.
 */
export class FakePool implements CommandPool {
  readonly started: string[] = [];
  constructor(readonly attempts = 2) {}

  async run<T>(
    meterId: string,
    _path: string,
    work: (attempt: number, signal: AbortSignal) => Promise<T>,
    options: { readonly signal?: AbortSignal } = {},
  ): Promise<T> {
    this.started.push(meterId);
    const signal = options.signal ?? new AbortController().signal;
    let last: unknown;
    for (let attempt = 1; attempt <= this.attempts; attempt++) {
      if (signal.aborted)
        throw new PoolWorkError('cancelled', attempt - 1, 'cancelled', { cause: signal.reason });
      try {
        return await work(attempt, signal);
      } catch (e) {
        last = e;
      }
    }
    throw new PoolWorkError(
      'connection-lost',
      this.attempts,
      `gave up after ${this.attempts} attempts: ${String(last)}`,
      {
        cause: last,
      },
    );
  }
}
