import { CommandVerificationError } from '../errors.js';
import { clockObject, dateTimeData, instantOf, meterDeviation } from './cosem.js';
import type { Executor } from './types.js';

/** How far the meter's clock may read from the time written (the exchange itself takes time). */
export const CLOCK_TOLERANCE_MS = 5_000;

/**
 * `set-clock`: SETs the Clock's time (class 8 attribute 2) to `to`, or to the head-end's now, in
 * the meter's own time_zone, then reads the time back and requires it within
 * {@link CLOCK_TOLERANCE_MS} of what was written (plus the time that passed meanwhile).
 */
export const setClock: Executor<'set-clock'> = async ({ client, profile }, action, { clock }) => {
  const convention = profile.quirks?.deviationConvention;
  const deviation = await meterDeviation(client, profile.clock);
  const started = clock.now();
  const target = action.to ?? started;
  await client.set(
    { ...clockObject(profile.clock), attributeId: 2 },
    dateTimeData(target, deviation, convention),
  );
  const read = instantOf(
    await client.get({ ...clockObject(profile.clock), attributeId: 2 }),
    'clock time',
    convention,
  );
  const expected = target + (clock.now() - started);
  const offsetMs = read - expected;
  if (Math.abs(offsetMs) > CLOCK_TOLERANCE_MS) {
    throw new CommandVerificationError(
      `Meter clock reads ${new Date(read).toISOString()} after setting ${new Date(target).toISOString()} (${offsetMs} ms off)`,
    );
  }
  return {
    detail: `clock set to ${new Date(target).toISOString()}, reads back ${offsetMs} ms off`,
    data: { setTo: target, readBack: read, offsetMs },
  };
};
