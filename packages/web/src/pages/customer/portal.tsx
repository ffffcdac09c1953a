/**
 * The customer portal: usage by day, week or month stacked by TOU period, the latest bill with
 * its explanation, the price now and today's periods, the prepaid balance with top-up, and a CSV
 * download of the interval data. A customer sees only their own service points.
 */
import { type FormEvent, useMemo, useState } from 'react';
import type {
  Granularity,
  PrepaymentAccountDto,
  PricesDto,
  ServicePointDto,
  UsageDto,
} from '../../api/types.js';
import { BillView } from '../../components/bill-view.js';
import { EChart, type EChartOption } from '../../components/echart.js';
import { Async, Empty, ErrorBox, Loading, Panel, Pill, Stat } from '../../components/ui.js';
import { useLive, useResource, useSession } from '../../hooks.js';
import {
  formatDate,
  formatDateTime,
  formatKwh,
  formatMoney,
  formatPercent,
  formatPricePerKwh,
  formatTime,
  formatTimeEnd,
  humanize,
  parseMoney,
} from '../../lib/format.js';
import type { LiveMessage } from '../../lib/live.js';
import { lastDays } from '../../lib/range.js';
import { orderPeriods, stackByPeriod, touColour } from '../../lib/tou.js';

export function CustomerPortal() {
  const { api, user } = useSession();
  const points = useResource(() => api.myServicePoints(), [user.id]);
  const [chosen, setChosen] = useState<string | undefined>(undefined);
  return (
    <div className="page portal">
      <Async res={points} what="your service points">
        {(list) => {
          const sp = list.find((p) => p.id === chosen) ?? list[0];
          if (!sp) return <Empty>Your account has no service point yet. Please contact us.</Empty>;
          return (
            <>
              <div className="title-row">
                <h1>Hello{user.displayName ? `, ${user.displayName}` : ''}</h1>
                <span className="spacer" />
                {list.length > 1 && (
                  <select
                    value={sp.id}
                    onChange={(e) => setChosen(e.target.value)}
                    aria-label="Service point"
                    data-testid="service-point"
                  >
                    {list.map((p) => (
                      <option key={p.id}>{p.id}</option>
                    ))}
                  </select>
                )}
              </div>
              <ServicePointView key={sp.id} sp={sp} />
            </>
          );
        }}
      </Async>
    </div>
  );
}

function ServicePointView(props: { sp: ServicePointDto }) {
  const { api } = useSession();
  const { sp } = props;
  const prices = useResource(() => api.prices(sp.id), [sp.id]);
  const periodPrices = useMemo(() => {
    const out: Record<string, number> = {};
    for (const p of prices.data?.today ?? []) out[p.period] = p.pricePerKwhMinor;
    return out;
  }, [prices.data]);
  // "Now" is the system's clock (simulated in the demo): the start of today's price periods.
  const today = prices.data?.today[0] ? Date.parse(prices.data.today[0].from) : undefined;
  return (
    <>
      <div className="muted small sp-line">
        Service point <strong>{sp.id}</strong>
        {sp.customerName && <> · {sp.customerName}</>}
        {sp.accountId && <> · account {sp.accountId}</>}
        {sp.tariffId && <> · tariff {sp.tariffId}</>} · {sp.prepaid ? 'prepaid' : 'pay monthly'}
      </div>
      <div className="grid-portal">
        <div>
          {prices.data !== undefined || prices.error !== undefined ? (
            <UsagePanel spId={sp.id} periodPrices={periodPrices} today={today} />
          ) : (
            <Loading what="usage" />
          )}
          <LatestBill spId={sp.id} />
        </div>
        <div>
          <PricesPanel res={prices} />
          {sp.prepaid && sp.accountId && <PrepaidPanel accountId={sp.accountId} />}
          <DownloadPanel sp={sp} today={today} />
        </div>
      </div>
    </>
  );
}

const GRANULARITIES: readonly { g: Granularity; label: string }[] = [
  { g: 'day', label: 'Days' },
  { g: 'week', label: 'Weeks' },
  { g: 'month', label: 'Months' },
];

/** How far back each granularity looks, from the end of today. */
const SPAN_DAYS: Readonly<Record<Granularity, number>> = { day: 31, week: 13 * 7, month: 365 };

function UsagePanel(props: {
  spId: string;
  periodPrices: Readonly<Record<string, number>>;
  today: number | undefined;
}) {
  const { api } = useSession();
  const [g, setG] = useState<Granularity>('day');
  const range = props.today === undefined ? undefined : lastDays(props.today, SPAN_DAYS[g]);
  const usage = useResource(
    () => api.usage(props.spId, { granularity: g, ...(range ? { from: range.from, to: range.to } : {}) }),
    [props.spId, g, range?.from, range?.to],
  );
  return (
    <Panel
      title="Your usage"
      testId="usage"
      actions={
        <div className="seg" role="tablist">
          {GRANULARITIES.map(({ g: value, label }) => (
            <button
              key={value}
              type="button"
              role="tab"
              aria-selected={g === value}
              className={`btn btn-small ${g === value ? 'btn-on' : ''}`}
              onClick={() => setG(value)}
              data-testid={`usage-${value}`}
            >
              {label}
            </button>
          ))}
        </div>
      }
    >
      <span id="usage" className="anchor" />
      <Async res={usage} what="usage">
        {(u) =>
          u.buckets.length === 0 ? (
            <Empty>No usage recorded yet.</Empty>
          ) : (
            <UsageChart u={u} periodPrices={props.periodPrices} />
          )
        }
      </Async>
    </Panel>
  );
}

function bucketLabel(start: number, g: Granularity): string {
  const d = formatDate(start);
  if (g === 'month') return d.slice(0, 7);
  return d.slice(5);
}

function UsageChart(props: { u: UsageDto; periodPrices: Readonly<Record<string, number>> }) {
  const { u } = props;
  const option = useMemo<EChartOption>(() => {
    const ordered = orderPeriods(
      u.buckets.flatMap((b) => Object.keys(b.byPeriod)),
      props.periodPrices,
    );
    const stacks = stackByPeriod(u.buckets, ordered);
    return {
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        valueFormatter: (v: unknown) => (typeof v === 'number' ? `${v.toFixed(2)} kWh` : String(v)),
      },
      legend: { top: 0, icon: 'roundRect', itemWidth: 12, itemHeight: 8 },
      grid: { left: 50, right: 12, top: 30, bottom: 28 },
      xAxis: {
        type: 'category',
        data: u.buckets.map((b) => bucketLabel(Date.parse(b.start), u.granularity)),
      },
      yAxis: { type: 'value', name: 'kWh', nameTextStyle: { align: 'right' } },
      series: stacks.map((s) => ({
        name: s.period,
        type: 'bar',
        stack: 'usage',
        barMaxWidth: 36,
        data: s.kwh,
        itemStyle: { color: touColour(ordered, s.period) },
      })),
    };
  }, [u, props.periodPrices]);
  const totalWh = u.buckets.reduce((n, b) => n + b.importWh, 0);
  const exportWh = u.buckets.reduce((n, b) => n + b.exportWh, 0);
  const est = u.buckets.reduce((n, b) => n + b.estimatedShare * b.importWh, 0) / Math.max(1, totalWh);
  return (
    <>
      <EChart option={option} height={280} testId="usage-chart" />
      <div className="chart-note">
        {formatDate(Date.parse(u.from))} – {formatDate(Date.parse(u.to) - 1)}: {formatKwh(totalWh)} used
        {exportWh > 0 && <>, {formatKwh(exportWh)} exported</>}
        {est > 0.0005 && <> · {formatPercent(est)} estimated</>}
      </div>
    </>
  );
}

function LatestBill(props: { spId: string }) {
  const { api } = useSession();
  const bill = useResource(async () => {
    const page = await api.servicePointBills(props.spId, { limit: 100 });
    const latest = [...page.items]
      .filter((b) => b.kind === 'bill')
      .sort((a, b) => Date.parse(b.period.to) - Date.parse(a.period.to))[0];
    return latest ? api.bill(latest.id) : null;
  }, [props.spId]);
  return (
    <Panel title="Latest bill">
      <span id="bill" className="anchor" />
      <Async res={bill} what="bill">
        {(b) => (b ? <BillView bill={b} /> : <Empty>No bill yet.</Empty>)}
      </Async>
    </Panel>
  );
}

function PricesPanel(props: {
  res: { data: PricesDto | undefined; error: Error | undefined; loading: boolean; reload: () => void };
}) {
  return (
    <Panel title="Prices today" testId="prices">
      <span id="prices" className="anchor" />
      <Async res={props.res} what="prices">
        {(p) => {
          const ordered = orderPeriods(
            p.today.map((x) => x.period),
            Object.fromEntries(p.today.map((x) => [x.period, x.pricePerKwhMinor])),
          );
          const dayStart = p.today[0] ? Date.parse(p.today[0].from) : 0;
          const dayEnd = p.today.length ? Date.parse(p.today[p.today.length - 1]!.to) : 1;
          return (
            <>
              <div className="price-now" data-testid="price-now">
                <span className="swatch swatch-big" style={{ background: touColour(ordered, p.period) }} />
                <div>
                  <div className="price-big">{formatPricePerKwh(p.pricePerKwhMinor, p.currency)}</div>
                  <div className="muted small">
                    {p.period} until {formatTime(Date.parse(p.until))} UTC
                  </div>
                </div>
              </div>
              {p.today.length > 0 && (
                <div className="tou-bar tou-bar-tall" title="Today's periods">
                  {p.today.map((x) => (
                    <div
                      key={x.from}
                      className="tou-seg"
                      style={{
                        width: `${((Date.parse(x.to) - Date.parse(x.from)) / Math.max(1, dayEnd - dayStart)) * 100}%`,
                        background: touColour(ordered, x.period),
                      }}
                      title={`${formatTime(Date.parse(x.from))}–${formatTimeEnd(Date.parse(x.to))} ${x.period}`}
                    />
                  ))}
                </div>
              )}
              <table className="table table-compact">
                <tbody>
                  {p.today.map((x) => (
                    <tr
                      key={x.from}
                      className={
                        x.period === p.period && Date.parse(x.to) === Date.parse(p.until) ? 'current' : ''
                      }
                    >
                      <td className="nowrap">
                        {formatTime(Date.parse(x.from))}–{formatTimeEnd(Date.parse(x.to))}
                      </td>
                      <td>
                        <span className="swatch" style={{ background: touColour(ordered, x.period) }} />{' '}
                        {x.period}
                      </td>
                      <td className="num">{formatPricePerKwh(x.pricePerKwhMinor, p.currency)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          );
        }}
      </Async>
    </Panel>
  );
}

function PrepaidPanel(props: { accountId: string }) {
  const { api } = useSession();
  const acct = useResource(() => api.prepayment(props.accountId), [props.accountId]);
  // Top-ups, low credit, a disconnect at zero credit or a reconnect show up without a reload.
  const refresh = (m: LiveMessage): void => {
    const data = m.data as { meterId?: string; event?: { meterId?: string } };
    const meterId = data.meterId ?? data.event?.meterId;
    if (meterId && meterId === acct.data?.meterId) acct.reload(true);
  };
  useLive('command-result', refresh);
  useLive('meter-event', refresh);
  useLive('prepayment', refresh);
  return (
    <Panel title="Prepaid balance" testId="prepaid">
      <span id="prepaid" className="anchor" />
      <Async res={acct} what="balance">
        {(a) => <PrepaidView a={a} onChange={(next) => acct.setData(next)} />}
      </Async>
    </Panel>
  );
}

function PrepaidView(props: { a: PrepaymentAccountDto; onChange: (a: PrepaymentAccountDto) => void }) {
  const { api } = useSession();
  const { a } = props;
  const [amount, setAmount] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | undefined>(undefined);
  const [done, setDone] = useState<string | undefined>(undefined);
  const minor = parseMoney(amount, a.currency);
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    if (minor === undefined) return;
    setBusy(true);
    setError(undefined);
    api.topUp(a.accountId, minor).then(
      (next) => {
        setBusy(false);
        setAmount('');
        setDone(`Added ${formatMoney(minor, a.currency)}.`);
        props.onChange(next);
      },
      (err: unknown) => {
        setBusy(false);
        setError(err instanceof Error ? err : new Error(String(err)));
      },
    );
  };
  return (
    <>
      <div className="stats stats-2">
        <Stat
          label="Balance"
          value={<span data-testid="prepaid-balance">{formatMoney(a.balanceMinor, a.currency)}</span>}
          tone={a.balanceMinor <= 0 ? 'bad' : a.lowCredit ? 'warn' : 'ok'}
          hint={a.lowCredit ? 'Low credit' : undefined}
        />
        <Stat
          label="Supply"
          value={<Pill state={a.supply} testId="prepaid-supply" />}
          hint={
            a.emergencyCreditInUse
              ? `Emergency credit in use (${formatMoney(a.emergencyCreditMinor, a.currency)})`
              : undefined
          }
        />
      </div>
      <form className="topup" onSubmit={submit} data-testid="topup-form">
        <input
          inputMode="decimal"
          placeholder="Amount, e.g. 20.00"
          value={amount}
          onChange={(e) => setAmount(e.target.value)}
          aria-label="Top-up amount"
          data-testid="topup-amount"
        />
        <button
          type="submit"
          className="btn btn-primary"
          disabled={busy || minor === undefined}
          data-testid="topup-submit"
        >
          {busy ? 'Adding…' : 'Top up'}
        </button>
      </form>
      {amount !== '' && minor === undefined && <div className="muted small">Enter a positive amount.</div>}
      {error && <ErrorBox error={error} />}
      {done && (
        <div className="notice" data-testid="topup-done">
          {done}
        </div>
      )}
      {a.events.length > 0 && (
        <table className="table table-compact">
          <tbody>
            {[...a.events]
              .reverse()
              .slice(0, 6)
              .map((e) => (
                <tr key={`${e.at}-${e.type}-${e.balanceMinor}`}>
                  <td className="nowrap">{formatDateTime(Date.parse(e.at))}</td>
                  <td>{humanize(e.type)}</td>
                  <td className="num">{formatMoney(e.balanceMinor, a.currency)}</td>
                </tr>
              ))}
          </tbody>
        </table>
      )}
    </>
  );
}

function DownloadPanel(props: { sp: ServicePointDto; today: number | undefined }) {
  const { api } = useSession();
  const year = lastDays(props.today ?? Date.now(), 365);
  return (
    <Panel title="Your data">
      <span id="download" className="anchor" />
      <p className="small">
        Every interval your meter recorded in the last 12 months, with its quality, as a CSV file for a
        spreadsheet.
      </p>
      {props.sp.meterIds.length === 0 ? (
        <Empty>No meter is installed yet.</Empty>
      ) : (
        props.sp.meterIds.map((id) => (
          <a
            key={id}
            className="btn"
            href={api.intervalsCsvUrl(id, year)}
            download
            data-testid="download-csv"
          >
            Download CSV{props.sp.meterIds.length > 1 ? ` (${id})` : ''}
          </a>
        ))
      )}
    </Panel>
  );
}
