import { type IntervalBlock, type IntervalValue, meterId, quality } from '@gridmeter/domain';

/** 2026-01-01T00:00:00Z. */
export const T0 = Date.UTC(2026, 0, 1);
export const MIN15 = 900;
export const STEP = MIN15 * 1000;
export const CH = '1-0:1.8.0*255';
export const M1 = meterId('GM00000001');
export const M2 = meterId('GM00000002');

/** A 15-minute block of `values` (numbers are measured and valid; null is missing). */
export function block(
  values: readonly (number | null | IntervalValue)[],
  opts: { meter?: string; start?: number; channel?: string; source?: IntervalBlock['source'] } = {},
): IntervalBlock {
  return {
    meterId: meterId(opts.meter ?? M1),
    channel: opts.channel ?? CH,
    unit: 30,
    start: opts.start ?? T0,
    intervalSeconds: MIN15,
    source: opts.source ?? 'meter',
    values: values.map((v) =>
      v === null
        ? { value: null, quality: quality('missing') }
        : typeof v === 'number'
          ? { value: v, quality: 0 }
          : v,
    ),
  };
}
