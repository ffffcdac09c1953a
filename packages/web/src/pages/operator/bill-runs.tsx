/** Bill runs: run a billing cycle over a date range, and the results of past runs. */
import { type FormEvent, useState } from 'react';
import type { BillRunDto } from '../../api/types.js';
import { Async, Empty, ErrorBox, Panel } from '../../components/ui.js';
import { canCommand, useResource, useSession } from '../../hooks.js';
import { formatDate, formatDateTime, formatDuration, formatMoney, parseDateInput } from '../../lib/format.js';
import { DAY_MS, dateInputValue, previousMonth } from '../../lib/range.js';
import { Link } from '../../router.js';

export function BillRunsPage() {
  const { api, user } = useSession();
  const runs = useResource(() => api.billRuns(), []);
  const kpis = useResource(() => api.kpis(), []);
  const [last, setLast] = useState<BillRunDto | undefined>(undefined);
  return (
    <div className="page">
      <h1>Bill runs</h1>
      {canCommand(user) && kpis.data && (
        <RunForm
          now={Date.parse(kpis.data.at)}
          onDone={(r) => {
            setLast(r);
            runs.reload(true);
          }}
        />
      )}
      {last && <RunResult run={last} />}
      <Panel title="Past runs">
        <Async res={runs} what="bill runs">
          {(list) =>
            list.length === 0 ? (
              <Empty>No bill runs yet.</Empty>
            ) : (
              <div className="table-wrap">
                <table className="table" data-testid="bill-runs-table">
                  <thead>
                    <tr>
                      <th>Run</th>
                      <th>Period</th>
                      <th>At (UTC)</th>
                      <th className="num">Accounts</th>
                      <th className="num">Billed</th>
                      <th className="num">Failed</th>
                      <th className="num">Total</th>
                      <th className="num">Took</th>
                    </tr>
                  </thead>
                  <tbody>
                    {[...list]
                      .sort((a, b) => Date.parse(b.at) - Date.parse(a.at))
                      .map((r) => (
                        <tr key={r.id}>
                          <td className="mono">{r.id}</td>
                          <td className="nowrap">
                            {formatDate(Date.parse(r.period.from))} –{' '}
                            {formatDate(Date.parse(r.period.to) - 1)}
                          </td>
                          <td className="nowrap">{formatDateTime(Date.parse(r.at))}</td>
                          <td className="num">{r.accounts}</td>
                          <td className="num">{r.billed}</td>
                          <td className="num">{r.failed}</td>
                          <td className="num">{formatMoney(r.totalMinor, r.currency)}</td>
                          <td className="num">{formatDuration(r.elapsedMs)}</td>
                        </tr>
                      ))}
                  </tbody>
                </table>
              </div>
            )
          }
        </Async>
      </Panel>
    </div>
  );
}

function RunForm(props: { now: number; onDone: (run: BillRunDto) => void }) {
  const { api } = useSession();
  const initial = previousMonth(props.now);
  const [from, setFrom] = useState(dateInputValue(initial.from));
  const [to, setTo] = useState(dateInputValue(initial.to - DAY_MS));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | undefined>(undefined);
  const f = parseDateInput(from);
  const t = parseDateInput(to);
  const valid = f !== undefined && t !== undefined && t >= f;
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    if (!valid) return;
    setBusy(true);
    setError(undefined);
    api.runBills(f, t + DAY_MS).then(
      (run) => {
        setBusy(false);
        props.onDone(run);
      },
      (err: unknown) => {
        setBusy(false);
        setError(err instanceof Error ? err : new Error(String(err)));
      },
    );
  };
  return (
    <Panel title="Run a billing cycle">
      <form className="filters" onSubmit={submit} data-testid="bill-run-form">
        <label>
          First day{' '}
          <input
            type="date"
            value={from}
            onChange={(e) => setFrom(e.target.value)}
            data-testid="bill-run-from"
          />
        </label>
        <label>
          Last day{' '}
          <input type="date" value={to} onChange={(e) => setTo(e.target.value)} data-testid="bill-run-to" />
        </label>
        <button
          type="submit"
          className="btn btn-primary"
          disabled={busy || !valid}
          data-testid="bill-run-submit"
        >
          {busy ? 'Billing…' : 'Run bills'}
        </button>
        <span className="muted small">Days are whole UTC days; the last day is included.</span>
      </form>
      {error && <ErrorBox error={error} />}
    </Panel>
  );
}

function RunResult(props: { run: BillRunDto }) {
  const r = props.run;
  return (
    <Panel title={`Run ${r.id}`} testId="bill-run-result">
      <p>
        Billed <strong>{r.billed}</strong> of {r.accounts} accounts for{' '}
        {formatDate(Date.parse(r.period.from))} – {formatDate(Date.parse(r.period.to) - 1)}, total{' '}
        <strong>{formatMoney(r.totalMinor, r.currency)}</strong>, in {formatDuration(r.elapsedMs)}.{' '}
        <Link href="/bills">See the bills →</Link>
      </p>
      {r.failures.length > 0 && (
        <div className="table-wrap">
          <table className="table table-compact">
            <thead>
              <tr>
                <th>Account</th>
                <th>Why it failed</th>
              </tr>
            </thead>
            <tbody>
              {r.failures.map((f) => (
                <tr key={f.accountId}>
                  <td>{f.accountId}</td>
                  <td>{f.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Panel>
  );
}
