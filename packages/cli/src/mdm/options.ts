/** Reading `gridmeter mdm` options: integers, instants, meter ids. */
import { type MeterId, meterId } from '@gridmeter/domain';
import { MdmUsageError } from './errors.js';

/** An integer option within [min, max]. */
export function intOption(name: string, text: string, min: number, max: number): number {
  const n = Number(text);
  if (!/^-?\d+$/.test(text.trim()) || n < min || n > max) {
    throw new MdmUsageError(`${name} must be a whole number in ${min}-${max}, got ${JSON.stringify(text)}`);
  }
  return n;
}

/** An ISO 8601 instant with an offset (`2026-01-05T00:00Z`) or a date (midnight UTC), as epoch ms. */
export function isoOption(name: string, text: string): number {
  const ok = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2}))?$/.test(text);
  const t = Date.parse(text);
  if (!ok || !Number.isFinite(t)) {
    throw new MdmUsageError(
      `${name} must be ISO 8601 with an offset, e.g. 2026-01-05T00:00:00Z, got ${JSON.stringify(text)}`,
    );
  }
  return t;
}

/** `[from, to)` from `--from` and `--to`; `to` must be after `from`. */
export function rangeOption(from: string, to: string): { from: number; to: number } {
  const f = isoOption('--from', from);
  const t = isoOption('--to', to);
  if (t <= f) throw new MdmUsageError(`--to (${to}) must be after --from (${from})`);
  return { from: f, to: t };
}

/** A meter id option. */
export function meterOption(name: string, text: string): MeterId {
  try {
    return meterId(text);
  } catch (e) {
    throw new MdmUsageError(`${name}: ${(e as Error).message}`, { cause: e });
  }
}
