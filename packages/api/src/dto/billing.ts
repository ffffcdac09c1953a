import type { Bill, BillingDeterminants, TariffVersion } from '@gridmeter/mdm';
import type { BillRunSummary, IssuedBill, PrepaymentSummary, PriceNow, UsageBucket } from '../ports.js';
import type {
  BillDeterminantsDto,
  BillDto,
  BillRunDto,
  BillSummaryDto,
  PrepaymentAccountDto,
  PricesDto,
  TariffDto,
  UsageBucketDto,
} from '../schemas/billing.js';
import { opt } from './meters.js';
import { iso } from './time.js';

export function toTariffDto(t: TariffVersion): TariffDto {
  const energy: TariffDto['energy'] =
    t.energy.kind === 'dynamic'
      ? {
          kind: 'dynamic',
          hourlyPricesMicro: [...t.energy.hourlyPricesMicro.entries()]
            .sort((a, b) => a[0] - b[0])
            .map(([hour, priceMicro]) => ({ hour: iso(hour), priceMicro })),
        }
      : (t.energy as TariffDto['energy']);
  return {
    tariffId: t.tariffId,
    version: t.version,
    effectiveFrom: iso(t.effectiveFrom),
    commodity: t.commodity,
    currency: t.currency,
    minorDigits: t.minorDigits ?? 2,
    utcOffsetMinutes: t.utcOffsetMinutes,
    ...(t.tou === undefined ? {} : { tou: t.tou as NonNullable<TariffDto['tou']> }),
    energy,
    ...(t.demand === undefined ? {} : { demand: t.demand as NonNullable<TariffDto['demand']> }),
    ...opt('fixedPerBillMinor', t.fixedPerBillMinor),
    ...opt('perDayMicro', t.perDayMicro),
    ...(t.export === undefined ? {} : { export: t.export }),
    ...(t.taxes === undefined ? {} : { taxes: [...t.taxes] }),
  };
}

function determinantsDto(d: BillingDeterminants): BillDeterminantsDto {
  return {
    from: iso(d.start),
    to: iso(d.end),
    days: d.days,
    periods: [...d.periods],
    importWh: Math.round(d.importWh),
    importWhByPeriod: d.importWhByPeriod.map(Math.round),
    exportWh: Math.round(d.exportWh),
    exportWhByPeriod: d.exportWhByPeriod.map(Math.round),
    maxDemandW: Math.round(d.maxDemandW),
    estimatedWh: Math.round(d.estimatedWh),
    intervals: d.intervals,
    missingIntervals: d.missingIntervals,
  };
}

/** Minor units as a decimal amount with the currency: `€ 45.67`. */
export function formatMoney(minor: number, currency: string, digits: number): string {
  const sign = minor < 0 ? '−' : '';
  const abs = Math.abs(minor);
  const scale = 10 ** digits;
  const whole = Math.floor(abs / scale);
  const frac = digits === 0 ? '' : `.${String(abs % scale).padStart(digits, '0')}`;
  return `${sign}${currency} ${whole}${frac}`;
}

const kwh = (wh: number) => `${(wh / 1000).toFixed(3)} kWh`;

/** A plain-language explanation of a bill, one sentence per item. */
export function explainBill(b: Bill): string[] {
  const t = b.basis.tariffVersions[0];
  const currency = t?.currency ?? '';
  const digits = t?.minorDigits ?? 2;
  const days = Math.round((b.period.end - b.period.start) / 86_400_000);
  const out = [
    `This ${b.kind === 'cancellation' ? 'cancellation' : 'bill'} covers ${iso(b.period.start).slice(0, 10)} to ${iso(b.period.end - 1).slice(0, 10)} (${days} days) on tariff ${b.basis.account.tariffId}.`,
  ];
  for (const d of b.determinants) {
    const split = d.periods
      .map((p, i) => `${p} ${kwh(d.importWhByPeriod[i] ?? 0)}`)
      .filter(() => d.periods.length > 1)
      .join(', ');
    out.push(`You used ${kwh(d.importWh)}${split ? ` (${split})` : ''} from ${iso(d.start).slice(0, 10)}.`);
    if (d.exportWh > 0) out.push(`You exported ${kwh(d.exportWh)} to the grid.`);
    if (d.maxDemandW > 0)
      out.push(`Your highest 15-minute demand was ${(d.maxDemandW / 1000).toFixed(3)} kW.`);
  }
  if (b.estimatedWh > 0) {
    out.push(
      `${Math.round(b.estimatedShare * 100)} % of the energy (${kwh(b.estimatedWh)}) was estimated because readings were missing; it will be corrected when actual readings arrive.`,
    );
  }
  for (const l of b.lines) out.push(`${l.description}: ${formatMoney(l.amountMinor, currency, digits)}.`);
  out.push(
    `Subtotal ${formatMoney(b.subtotalMinor, currency, digits)}, taxes ${formatMoney(b.taxesMinor, currency, digits)}, total ${formatMoney(b.totalMinor, currency, digits)}.`,
  );
  if (b.carryOverWh > 0) out.push(`${kwh(b.carryOverWh)} of export credit carries over to your next bill.`);
  return out;
}

export function toBillSummaryDto(b: IssuedBill): BillSummaryDto {
  const t = b.basis.tariffVersions[0];
  return {
    id: b.id,
    kind: b.kind,
    accountId: b.accountId,
    servicePointId: b.servicePointId,
    runId: b.runId,
    issuedAt: iso(b.issuedAt),
    tariffId: b.basis.account.tariffId,
    period: { from: iso(b.period.start), to: iso(b.period.end) },
    currency: t?.currency ?? '',
    minorDigits: t?.minorDigits ?? 2,
    subtotalMinor: b.subtotalMinor,
    taxesMinor: b.taxesMinor,
    totalMinor: b.totalMinor,
    billedUsageWh: Math.round(b.billedUsage),
    estimatedWh: Math.round(b.estimatedWh),
    estimatedShare: b.estimatedShare,
  };
}

export function toBillDto(b: IssuedBill): BillDto {
  return {
    ...toBillSummaryDto(b),
    carryOverWh: Math.round(b.carryOverWh),
    lines: b.lines.map((l) => ({
      code: l.code,
      description: l.description,
      quantity: Math.round(l.quantity),
      unit: l.unit,
      ...opt('unitPriceMicro', l.unitPriceMicro),
      ...opt('rateBasisPoints', l.rateBasisPoints),
      amountMinor: l.amountMinor,
      isTax: l.isTax,
      tariffVersion: l.tariffVersion,
    })),
    determinants: b.determinants.map(determinantsDto),
    explanation: explainBill(b),
  };
}

export function toBillRunDto(r: BillRunSummary): BillRunDto {
  return {
    id: r.id,
    period: { from: iso(r.period.from), to: iso(r.period.to) },
    at: iso(r.at),
    accounts: r.accounts,
    billed: r.billed,
    failed: r.failed,
    totalMinor: r.totalMinor,
    currency: r.currency,
    elapsedMs: r.elapsedMs,
    failures: r.failures.map((f) => ({ ...f })),
  };
}

export function toUsageBucketDto(u: UsageBucket): UsageBucketDto {
  const byPeriod: Record<string, number> = {};
  for (const [k, v] of Object.entries(u.byPeriod)) byPeriod[k] = Math.round(v);
  return {
    start: iso(u.start),
    end: iso(u.end),
    importWh: Math.round(u.importWh),
    exportWh: Math.round(u.exportWh),
    byPeriod,
    estimatedShare: u.estimatedShare,
  };
}

export function toPricesDto(servicePointId: string, p: PriceNow): PricesDto {
  return {
    servicePointId,
    tariffId: p.tariffId,
    currency: p.currency,
    period: p.period,
    pricePerKwhMinor: p.pricePerKwhMinor,
    until: iso(p.until),
    today: p.today.map((s) => ({
      from: iso(s.from),
      to: iso(s.to),
      period: s.period,
      pricePerKwhMinor: s.pricePerKwhMinor,
    })),
  };
}

export function toPrepaymentDto(a: PrepaymentSummary): PrepaymentAccountDto {
  return {
    accountId: a.accountId,
    servicePointId: a.servicePointId,
    meterId: a.meterId,
    currency: a.currency,
    balanceMinor: a.balanceMinor,
    emergencyCreditMinor: a.emergencyCreditMinor,
    emergencyCreditInUse: a.emergencyCreditInUse,
    lowCredit: a.lowCredit,
    supply: a.supply,
    events: a.events.map((e) => ({
      at: iso(e.at),
      type: e.type,
      balanceMinor: e.balanceMinor,
      ...opt('detail', e.detail),
    })),
  };
}
