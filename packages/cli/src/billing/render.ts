/** Terminal and JSON output of `gridmeter billing`. */
import type { Bill, BillingPeriod, BillRun } from '@gridmeter/mdm';
import { isoSeconds, percent, table } from '../headend/table.js';
import type { BillingRunReport } from './run.js';

const n = (x: number) => Math.round(x).toLocaleString('en-US');

/** Integer minor units as a decimal amount: `-1234` → `-12.34`. */
export function money(minor: number, digits = 2): string {
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  if (digits === 0) return `${sign}${abs}`;
  const s = String(abs).padStart(digits + 1, '0');
  return `${sign}${s.slice(0, -digits)}.${s.slice(-digits)}`;
}

const digitsOf = (b: Bill) => b.basis.tariffVersions[0]?.minorDigits ?? 2;
const currencyOf = (b: Bill) => b.basis.tariffVersions[0]?.currency ?? '';

/** The summary of a bill run. */
export function renderRun(period: string, r: BillingRunReport, out: string | undefined): string {
  const { run } = r;
  const estimated = run.bills.reduce((s, b) => s + b.estimatedWh, 0);
  const usage = run.bills.reduce((s, b) => s + b.determinants.reduce((t, d) => t + d.importWh, 0), 0);
  const first = run.bills[0];
  const rows = [
    ['accounts', n(r.accounts)],
    ['billed', n(run.bills.length)],
    ['failed', n(run.failures.length)],
    ['intervals', n(r.intervals)],
    ['total', first ? `${money(run.totalMinor, digitsOf(first))} ${currencyOf(first)}`.trim() : money(0)],
    ['estimated share', percent(usage > 0 ? estimated / usage : 0)],
    ['elapsed', `${(r.elapsedMs / 1000).toFixed(2)} s`],
    ['rate', `${n(r.elapsedMs > 0 ? r.accounts / (r.elapsedMs / 1000) : 0)} accounts/s`],
  ];
  let text = `gridmeter billing run: ${period}\n${table(['accounts', n(r.accounts)], rows.slice(1))}`;
  if (run.failures.length > 0) {
    text += `failed accounts:\n${table(
      ['account', 'reason'],
      run.failures.map((f) => [f.accountId, f.error.message]),
    )}`;
  }
  if (out !== undefined) text += `bills written to ${out}\n`;
  return text;
}

/** One bill as a table of lines with their explanations, then the totals. */
export function renderBill(b: Bill): string {
  const digits = digitsOf(b);
  const cur = currencyOf(b);
  const head = `gridmeter billing explain: account ${b.accountId}, ${isoSeconds(b.period.start)} to ${isoSeconds(b.period.end)}\n`;
  const rows = b.lines.map((l) => [
    l.code,
    `v${l.tariffVersion}`,
    money(l.amountMinor, digits),
    l.description,
  ]);
  const totals = table(
    ['subtotal', `${money(b.subtotalMinor, digits)} ${cur}`.trim()],
    [
      ['taxes', `${money(b.taxesMinor, digits)} ${cur}`.trim()],
      ['total', `${money(b.totalMinor, digits)} ${cur}`.trim()],
      ['estimated share', percent(b.estimatedShare)],
    ],
  );
  return `${head}${table(['code', 'tariff', 'amount', 'explanation'], rows)}\n${totals}`;
}

/** The bills file: period, total, bills (without their tariff definitions) and failures. */
export function billsJson(period: BillingPeriod, run: BillRun): string {
  const bills = run.bills.map(({ basis, ...bill }) => ({
    ...bill,
    tariffId: basis.account.tariffId,
    tariffVersions: basis.tariffVersions.map((v) => v.version),
  }));
  return `${JSON.stringify(
    {
      period: { start: new Date(period.start).toISOString(), end: new Date(period.end).toISOString() },
      totalMinor: run.totalMinor,
      bills,
      failures: run.failures.map((f) => ({ accountId: f.accountId, reason: f.error.message })),
    },
    null,
    2,
  )}\n`;
}
