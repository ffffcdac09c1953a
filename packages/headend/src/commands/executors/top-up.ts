import { CommandVerificationError } from '../errors.js';
import { numberOf, TOKEN_CREDIT } from './cosem.js';
import type { Executor } from './types.js';

/**
 * `top-up`: Credit (class 112, token credit) method 1 update_amount with `amountMinor`
 * (double-long, minor units). The current_credit_amount (attribute 2) is read before and after:
 * it must have grown, by at most the amount (a meter first repays used emergency credit and debt
 * from a top-up, so the token credit may grow by less).
 */
export const topUp: Executor<'top-up'> = async ({ client }, action) => {
  const amount = action.amountMinor;
  if (!Number.isInteger(amount) || amount <= 0 || amount > 0x7fff_ffff) {
    throw new RangeError(`amountMinor must be a positive integer below 2^31, got ${amount}`);
  }
  const credit = async () =>
    numberOf(await client.get({ ...TOKEN_CREDIT, attributeId: 2 }), 'current_credit_amount');
  const before = await credit();
  await client.action({ ...TOKEN_CREDIT, methodId: 1 }, { type: 'double-long', value: amount });
  const after = await credit();
  const credited = after - before;
  if (credited <= 0 || credited > amount) {
    throw new CommandVerificationError(
      `current_credit_amount went from ${before} to ${after} after a top-up of ${amount} ${action.currency}`,
    );
  }
  return {
    detail: `credit ${before} → ${after} ${action.currency} minor units (top-up ${amount})`,
    data: { before, after, amountMinor: amount, currency: action.currency },
  };
};
