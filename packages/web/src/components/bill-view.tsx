/** A bill with its lines, determinants by TOU period and the plain-language explanation. */
import type { BillDto } from '../api/types.js';
import { formatDate, formatKwh, formatMicroPrice, formatMoney, formatPercent } from '../lib/format.js';
import { Pill } from './ui.js';

/** A line's quantity in the unit people read (API quantities are thousandths: Wh → kWh, L → m³, W → kW). */
export function lineQuantity(quantity: number, unit: string): string {
  switch (unit) {
    case 'Wh':
      return `${(quantity / 1000).toLocaleString('en-GB', { maximumFractionDigits: 3 })} kWh`;
    case 'L':
      return `${(quantity / 1000).toLocaleString('en-GB', { maximumFractionDigits: 3 })} m³`;
    case 'W':
      return `${(quantity / 1000).toLocaleString('en-GB', { maximumFractionDigits: 3 })} kW`;
    case 'day':
      return `${quantity} day${quantity === 1 ? '' : 's'}`;
    case 'bill':
    case 'minor':
      return '';
    default:
      return `${quantity} ${unit}`;
  }
}

const PRICE_UNIT: Readonly<Record<string, string>> = { Wh: 'kWh', L: 'm³', W: 'kW', day: 'day' };

export function BillView(props: { bill: BillDto }) {
  const b = props.bill;
  const money = (minor: number): string => formatMoney(minor, b.currency);
  return (
    <div className="bill" data-testid="bill">
      <div className="bill-head">
        <div>
          <div className="muted small">
            {b.kind === 'cancellation' ? 'Cancellation of bill' : 'Bill'} · account {b.accountId} · tariff{' '}
            {b.tariffId}
          </div>
          <div className="bill-period">
            {formatDate(Date.parse(b.period.from))} – {formatDate(Date.parse(b.period.to) - 1)}
          </div>
        </div>
        <div className="bill-total" data-testid="bill-total">
          {money(b.totalMinor)}
        </div>
      </div>
      <div className="bill-meta">
        <span>Billed usage {formatKwh(b.billedUsageWh, 2)}</span>
        {b.estimatedWh > 0 && (
          <span>
            <Pill state="estimated" label={`${formatPercent(b.estimatedShare)} estimated`} />
          </span>
        )}
        {b.carryOverWh > 0 && <span>Carried over {formatKwh(b.carryOverWh, 2)}</span>}
      </div>
      <table className="table table-compact" data-testid="bill-lines">
        <thead>
          <tr>
            <th>Charge</th>
            <th className="num">Quantity</th>
            <th className="num">Price</th>
            <th className="num">Amount</th>
          </tr>
        </thead>
        <tbody>
          {b.lines.map((l) => (
            <tr key={`${l.code}-${l.tariffVersion}-${l.description}`} className={l.isTax ? 'tax' : ''}>
              <td>{l.description}</td>
              <td className="num">{lineQuantity(l.quantity, l.unit)}</td>
              <td className="num">
                {l.unitPriceMicro !== undefined
                  ? formatMicroPrice(l.unitPriceMicro, b.currency, PRICE_UNIT[l.unit] ?? l.unit)
                  : l.rateBasisPoints !== undefined
                    ? `${(l.rateBasisPoints / 100).toFixed(2)} %`
                    : ''}
              </td>
              <td className="num">{money(l.amountMinor)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <td colSpan={3}>Subtotal</td>
            <td className="num">{money(b.subtotalMinor)}</td>
          </tr>
          <tr>
            <td colSpan={3}>Taxes</td>
            <td className="num">{money(b.taxesMinor)}</td>
          </tr>
          <tr className="total">
            <td colSpan={3}>Total</td>
            <td className="num">{money(b.totalMinor)}</td>
          </tr>
        </tfoot>
      </table>
      {b.determinants.length > 0 && (
        <table className="table table-compact" data-testid="bill-determinants">
          <thead>
            <tr>
              <th>Usage</th>
              {b.determinants[0]?.periods.map((p) => (
                <th key={p} className="num">
                  {p}
                </th>
              ))}
              <th className="num">Total</th>
              <th className="num">Max demand</th>
            </tr>
          </thead>
          <tbody>
            {b.determinants.map((d) => (
              <tr key={d.from}>
                <td className="nowrap">
                  {formatDate(Date.parse(d.from))} · {d.days} d
                </td>
                {d.importWhByPeriod.map((wh, i) => (
                  <td key={d.periods[i] ?? i} className="num">
                    {formatKwh(wh)}
                  </td>
                ))}
                <td className="num">{formatKwh(d.importWh)}</td>
                <td className="num">{(d.maxDemandW / 1000).toFixed(2)} kW</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {b.explanation.length > 0 && (
        <div className="explanation" data-testid="bill-explanation">
          <h3>How this bill was worked out</h3>
          <ul>
            {b.explanation.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
