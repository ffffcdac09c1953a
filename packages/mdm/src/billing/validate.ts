import { TariffError, type TariffVersion, type TouCalendar } from './tariff.js';

const MONTH_DAY = /^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const DAY_MS = 86_400_000;

function int(path: string, v: number | undefined, min = Number.MIN_SAFE_INTEGER): void {
  if (v !== undefined && (!Number.isSafeInteger(v) || v < min)) {
    throw new TariffError(path, `expected an integer ≥ ${min}, got ${v}`);
  }
}

function checkCalendar(c: TouCalendar): void {
  if (c.periods.length === 0 || c.periods.length > 255) throw new TariffError('tou.periods', '1–255 periods');
  if (new Set(c.periods).size !== c.periods.length) throw new TariffError('tou.periods', 'duplicate name');
  for (const [name, switches] of Object.entries(c.dayProfiles)) {
    const p = `tou.dayProfiles.${name}`;
    if (switches[0]?.startMinute !== 0) throw new TariffError(p, 'first switch must start at minute 0');
    switches.forEach((s, i) => {
      int(`${p}[${i}].startMinute`, s.startMinute, 0);
      if (s.startMinute >= 1440) throw new TariffError(`${p}[${i}]`, 'startMinute must be < 1440');
      if (i > 0 && s.startMinute <= (switches[i - 1]?.startMinute ?? 0)) {
        throw new TariffError(`${p}[${i}]`, 'switches must be in ascending minute order');
      }
      if (!c.periods.includes(s.period)) throw new TariffError(`${p}[${i}]`, `unknown period "${s.period}"`);
    });
  }
  for (const [name, days] of Object.entries(c.weekProfiles)) {
    if (days.length !== 7) throw new TariffError(`tou.weekProfiles.${name}`, 'needs 7 days, Monday first');
    for (const d of days) {
      if (!c.dayProfiles[d]) throw new TariffError(`tou.weekProfiles.${name}`, `unknown day profile "${d}"`);
    }
  }
  if (c.seasons.length === 0) throw new TariffError('tou.seasons', 'at least one season');
  c.seasons.forEach((s, i) => {
    if (!MONTH_DAY.test(s.from)) throw new TariffError(`tou.seasons[${i}].from`, `"${s.from}" is not MM-DD`);
    if (!c.weekProfiles[s.weekProfile]) {
      throw new TariffError(`tou.seasons[${i}]`, `unknown week profile "${s.weekProfile}"`);
    }
  });
  c.specialDays?.forEach((s, i) => {
    if (!DATE.test(s.date) && !MONTH_DAY.test(s.date)) {
      throw new TariffError(`tou.specialDays[${i}].date`, `"${s.date}" is not YYYY-MM-DD or MM-DD`);
    }
    if (!c.dayProfiles[s.dayProfile]) {
      throw new TariffError(`tou.specialDays[${i}]`, `unknown day profile "${s.dayProfile}"`);
    }
  });
}

function checkPeriodPrices(path: string, prices: Readonly<Record<string, number>>, t: TariffVersion): void {
  const periods = t.tou?.periods;
  if (!periods) throw new TariffError(path, 'per-period prices need a tou calendar');
  for (const p of periods) {
    if (prices[p] === undefined) throw new TariffError(path, `no price for period "${p}"`);
  }
  for (const [p, v] of Object.entries(prices)) {
    if (!periods.includes(p)) throw new TariffError(path, `unknown period "${p}"`);
    int(`${path}.${p}`, v);
  }
}

/**
 * Checks one tariff version; throws {@link TariffError} naming the first fault.
 * @example validateTariffVersion(v) // returns v
 */
export function validateTariffVersion(t: TariffVersion): TariffVersion {
  int('version', t.version, 1);
  int('effectiveFrom', t.effectiveFrom);
  int('utcOffsetMinutes', t.utcOffsetMinutes, -720);
  if (t.utcOffsetMinutes > 840) throw new TariffError('utcOffsetMinutes', 'must be ≤ 840');
  if ((t.effectiveFrom + t.utcOffsetMinutes * 60_000) % DAY_MS !== 0) {
    throw new TariffError('effectiveFrom', 'must be a local midnight');
  }
  int('minorDigits', t.minorDigits, 0);
  if (t.tou) checkCalendar(t.tou);
  const e = t.energy;
  if (e.kind === 'flat') int('energy.priceMicro', e.priceMicro, 0);
  if (e.kind === 'tou') checkPeriodPrices('energy.pricesMicro', e.pricesMicro, t);
  if (e.kind === 'tiered') {
    if (e.tiers.length === 0) throw new TariffError('energy.tiers', 'at least one tier');
    e.tiers.forEach((tier, i) => {
      const p = `energy.tiers[${i}]`;
      int(`${p}.priceMicro`, tier.priceMicro, 0);
      const last = i === e.tiers.length - 1;
      if (last !== (tier.upTo === undefined)) throw new TariffError(p, 'only the last tier has no upTo');
      int(`${p}.upTo`, tier.upTo, (e.tiers[i - 1]?.upTo ?? 0) + 1);
    });
    if (e.touAddersMicro) checkPeriodPrices('energy.touAddersMicro', e.touAddersMicro, t);
  }
  if (e.kind === 'dynamic') {
    for (const [hour, price] of e.hourlyPricesMicro) {
      if (hour % 3_600_000 !== 0)
        throw new TariffError('energy.hourlyPricesMicro', `${hour} is not an hour start`);
      int(`energy.hourlyPricesMicro[${hour}]`, price);
    }
  }
  if (t.demand) {
    int('demand.priceMicroPerKw', t.demand.priceMicroPerKw, 0);
    if (t.demand.pricesMicroPerKwByPeriod) {
      checkPeriodPrices('demand.pricesMicroPerKwByPeriod', t.demand.pricesMicroPerKwByPeriod, t);
    }
  }
  int('fixedPerBillMinor', t.fixedPerBillMinor, 0);
  int('perDayMicro', t.perDayMicro, 0);
  if (t.export?.kind === 'net-billing') int('export.priceMicro', t.export.priceMicro, 0);
  if (t.export && t.commodity !== 'electricity') throw new TariffError('export', 'only for electricity');
  if (t.demand && t.commodity !== 'electricity') throw new TariffError('demand', 'only for electricity');
  t.taxes?.forEach((x, i) => {
    if (x.kind === 'percent') int(`taxes[${i}].basisPoints`, x.basisPoints, 0);
    else int(`taxes[${i}].priceMicro`, x.priceMicro, 0);
  });
  return t;
}

// Version lists already checked (a bill run bills many accounts against the same list).
const checked = new WeakMap<readonly TariffVersion[], readonly TariffVersion[]>();

/**
 * Checks a tariff's versions: each valid, one tariff id, versions and effective dates both
 * strictly increasing. Returns them sorted by `effectiveFrom`.
 */
export function validateTariffVersions(versions: readonly TariffVersion[]): readonly TariffVersion[] {
  const hit = checked.get(versions);
  if (hit) return hit;
  if (versions.length === 0) throw new TariffError('versions', 'at least one version');
  const sorted = [...versions].sort((a, b) => a.effectiveFrom - b.effectiveFrom);
  sorted.forEach((v, i) => {
    validateTariffVersion(v);
    const prev = sorted[i - 1];
    if (prev && v.tariffId !== prev.tariffId)
      throw new TariffError('tariffId', 'versions of different tariffs');
    if (prev && (v.version <= prev.version || v.effectiveFrom === prev.effectiveFrom)) {
      throw new TariffError(`versions[${i}]`, 'versions and effective dates must both increase');
    }
  });
  checked.set(versions, sorted);
  return sorted;
}
