import { CommandVerificationError } from '../errors.js';
import { LIMITER, numberOf } from './cosem.js';
import type { Executor } from './types.js';

/**
 * `set-limiter`: writes Limiter threshold_normal (attribute 4) in W as double-long-unsigned, then
 * reads it back and requires the same value.
 */
export const setLimiter: Executor<'set-limiter'> = async ({ client }, action) => {
  const w = action.thresholdW;
  if (!Number.isInteger(w) || w < 0 || w > 0xffff_ffff) {
    throw new RangeError(`thresholdW must be an integer 0-4294967295, got ${w}`);
  }
  await client.set({ ...LIMITER, attributeId: 4 }, { type: 'double-long-unsigned', value: w });
  const back = numberOf(await client.get({ ...LIMITER, attributeId: 4 }), 'limiter threshold_normal');
  if (back !== w) {
    throw new CommandVerificationError(`Limiter threshold_normal reads ${back} W after writing ${w} W`);
  }
  return { detail: `threshold_normal ${back} W`, data: { thresholdNormalW: back } };
};
