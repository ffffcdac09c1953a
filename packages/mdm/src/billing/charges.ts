import type { BillingDeterminants } from './determinants.js';
import { amountMinor, fixed, formatPrice, roundDiv } from './money.js';
import type { TariffVersion } from './tariff.js';

/** Unit of a line's integer quantity: thousandths of kWh, m³, kW, or whole days, bills, minor units. */
export type LineUnit = 'Wh' | 'L' | 'W' | 'day' | 'bill' | 'minor';

/** One line of a bill, with a description a customer can read. */
export interface BillLine {
  readonly code: string;
  readonly description: string;
  readonly quantity: number;
  readonly unit: LineUnit;
  /** Price in micro-units per kWh, m³, kW or day, when the line is quantity × price. */
  readonly unitPriceMicro?: number;
  /** Tax rate in basis points (2000 = 20 %), for percentage taxes. */
  readonly rateBasisPoints?: number;
  readonly amountMinor: number;
  readonly isTax: boolean;
  readonly tariffVersion: number;
}

/** What the lines of one segment depend on beyond its determinants. */
export interface SegmentContext {
  /** Days of the whole bill, and of the bill before this segment (proration of per-bill amounts). */
  readonly billDays: number;
  readonly daysBefore: number;
  /** Usage before this segment that counts toward annual tiers (Wh or litres). */
  readonly priorUsage: number;
  /** Net-metering credit carried in (Wh). */
  readonly carryInWh: number;
  /** Appended to descriptions when the bill has several segments. */
  readonly label: string;
}

/** Lines of one segment and what it hands to the next. */
export interface SegmentResult {
  readonly lines: BillLine[];
  readonly billedUsage: number;
  readonly carryOutWh: number;
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** The lines for one tariff version over one segment's determinants. */
export function segmentLines(t: TariffVersion, d: BillingDeterminants, ctx: SegmentContext): SegmentResult {
  const digits = t.minorDigits ?? 2;
  const water = t.commodity !== 'electricity';
  const unit: LineUnit = water ? 'L' : 'Wh';
  const per = water ? 'm³' : 'kWh';
  const what = t.commodity === 'electricity' ? 'energy' : t.commodity;
  const cur = t.currency;
  const lines: BillLine[] = [];
  const q = (v: number) => `${fixed(v, 3)} ${per}`;
  const add = (line: Omit<BillLine, 'isTax' | 'tariffVersion'>, isTax = false): void => {
    const out = line as { -readonly [K in keyof BillLine]: BillLine[K] };
    if (ctx.label !== '') out.description += ctx.label;
    out.isTax = isTax;
    out.tariffVersion = t.version;
    lines.push(out);
  };
  const priced = (
    code: string,
    label: string,
    qty: number,
    price: number,
    u: LineUnit = unit,
    per2 = per,
  ) => {
    const shown = u === 'W' ? `${fixed(qty, 3)} kW` : u === 'day' ? `${qty} days` : q(qty);
    const milli = u === 'day' ? qty * 1000 : qty;
    return add({
      code,
      description: `${label} ${shown} × ${formatPrice(price)} ${cur}/${per2}`,
      quantity: qty,
      unit: u,
      unitPriceMicro: price,
      amountMinor: amountMinor(milli, price, digits),
    });
  };

  // Billable import per period after export rules.
  const rule = t.export;
  const billable = [...d.importWhByPeriod];
  let carry = ctx.carryInWh;
  let carryOut = 0;
  if (rule?.kind === 'net-metering') {
    d.exportWhByPeriod.forEach((x, p) => {
      const net = (billable[p] ?? 0) - x;
      if (net < 0) carryOut -= net;
      const used = Math.min(Math.max(net, 0), carry);
      carry -= used;
      billable[p] = Math.max(net, 0) - used;
    });
    carryOut += carry;
  }
  const total = billable.reduce((a, b) => a + b, 0);
  const e = t.energy;
  const name = (p: number) => cap(d.periods[p] ?? '');
  if (e.kind === 'flat') priced('ENERGY', cap(what), total, e.priceMicro);
  if (e.kind === 'tou') {
    d.periods.forEach((p, i) => {
      priced(`ENERGY-${p.toUpperCase()}`, `${name(i)} ${what}`, billable[i] ?? 0, e.pricesMicro[p] ?? 0);
    });
  }
  if (e.kind === 'tiered') {
    const scale = (v: number) => (e.basis === 'monthly' ? roundDiv(v * d.days, ctx.billDays) : v);
    let lo = 0;
    const pos = e.basis === 'annual' ? ctx.priorUsage : 0;
    e.tiers.forEach((tier, i) => {
      const hi = tier.upTo === undefined ? Number.POSITIVE_INFINITY : scale(tier.upTo);
      const qty = Math.max(0, Math.min(pos + total, hi) - Math.max(pos, lo));
      const range = tier.upTo === undefined ? `over ${fixed(lo, 3)}` : `${fixed(lo, 3)}–${fixed(hi, 3)}`;
      priced(
        `TIER-${i + 1}`,
        `Tier ${i + 1} ${what} (${range} ${per}${e.basis === 'annual' ? ' a year' : ''})`,
        qty,
        tier.priceMicro,
      );
      lo = hi;
    });
    const adders = e.touAddersMicro;
    if (adders) {
      d.periods.forEach((p, i) => {
        priced(`ADDER-${p.toUpperCase()}`, `${name(i)} adder`, billable[i] ?? 0, adders[p] ?? 0);
      });
    }
  }
  if (e.kind === 'dynamic') {
    const cost =
      rule?.kind === 'net-metering' ? d.dynamicImportCost - d.dynamicExportCost : d.dynamicImportCost;
    const qty = rule?.kind === 'net-metering' ? d.importWh - d.exportWh : d.importWh;
    const avg = qty === 0 ? 0 : roundDiv(cost, qty);
    add({
      code: 'ENERGY-DYNAMIC',
      description: `${cap(what)} at hourly prices ${q(qty)}, average ${formatPrice(avg)} ${cur}/${per}`,
      quantity: qty,
      unit,
      unitPriceMicro: avg,
      amountMinor: roundDiv(cost, 10 ** (9 - digits)),
    });
  }
  if (rule?.kind === 'net-billing') priced('EXPORT', 'Export credit', -d.exportWh, rule.priceMicro);
  const dm = t.demand;
  if (dm?.priceMicroPerKw !== undefined)
    priced('DEMAND', 'Maximum demand', d.maxDemandW, dm.priceMicroPerKw, 'W', 'kW');
  const byPeriod = dm?.pricesMicroPerKwByPeriod;
  if (byPeriod) {
    d.periods.forEach((p, i) => {
      priced(
        `DEMAND-${p.toUpperCase()}`,
        `${name(i)} maximum demand`,
        d.maxDemandWByPeriod[i] ?? 0,
        byPeriod[p] ?? 0,
        'W',
        'kW',
      );
    });
  }
  if (t.fixedPerBillMinor !== undefined) {
    const f = t.fixedPerBillMinor;
    // Cumulative rounding: the shares of all segments add up to exactly the per-bill charge.
    const amount =
      roundDiv(f * (ctx.daysBefore + d.days), ctx.billDays) - roundDiv(f * ctx.daysBefore, ctx.billDays);
    const share = d.days === ctx.billDays ? '' : ` × ${d.days}/${ctx.billDays} days`;
    add({
      code: 'FIXED',
      description: `Fixed charge ${fixed(f, digits)} ${cur}${share}`,
      quantity: 1,
      unit: 'bill',
      amountMinor: amount,
    });
  }
  if (t.perDayMicro !== undefined) priced('DAILY', 'Daily charge', d.days, t.perDayMicro, 'day', 'day');
  const subtotal = lines.reduce((a, l) => a + l.amountMinor, 0);
  for (const tax of t.taxes ?? []) {
    if (tax.kind === 'percent') {
      add(
        {
          code: tax.code,
          description: `${tax.name} ${fixed(tax.basisPoints, 2)} % of ${fixed(subtotal, digits)} ${cur}`,
          quantity: subtotal,
          unit: 'minor',
          rateBasisPoints: tax.basisPoints,
          amountMinor: roundDiv(subtotal * tax.basisPoints, 10_000),
        },
        true,
      );
    } else {
      const before = lines.length;
      priced(tax.code, tax.name, total, tax.priceMicro);
      const l = lines[before];
      if (l) lines[before] = { ...l, isTax: true };
    }
  }
  return { lines, billedUsage: total, carryOutWh: carryOut };
}
