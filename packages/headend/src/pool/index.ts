export { backoffDelayMs } from './backoff.js';
export type { BreakerState } from './breaker.js';
export { classifyError } from './classify.js';
export { LatencyHistogram, type LatencySummary } from './histogram.js';
export type { JobOptions } from './job.js';
export { ConnectionPool } from './pool.js';
export { FAILURE_REASONS, type PoolStats } from './stats.js';
export {
  type BreakerPolicy,
  type Classification,
  type FailureReason,
  type PoolOptions,
  PoolWorkError,
  type RetryPolicy,
} from './types.js';
