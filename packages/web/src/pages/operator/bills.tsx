/** Bills: the list (by account), and one bill with its lines and explanation. */
import { type FormEvent, useState } from 'react';
import { BillView } from '../../components/bill-view.js';
import { Async, Empty, Pager, Panel, Pill } from '../../components/ui.js';
import { useResource, useSession } from '../../hooks.js';
import { formatDate, formatKwh, formatMoney, formatPercent } from '../../lib/format.js';
import { buildQuery, pageInfo } from '../../lib/query.js';
import { Link, navigate, useLocation } from '../../router.js';

const PAGE_SIZE = 50;

export function BillsPage() {
  const { api } = useSession();
  const { query } = useLocation();
  const accountId = query.accountId ?? '';
  const page = Math.max(1, Number(query.page) || 1);
  const offset = pageInfo(Number.MAX_SAFE_INTEGER, page, PAGE_SIZE).offset;
  const [text, setText] = useState(accountId);
  const bills = useResource(
    () => api.bills({ ...(accountId ? { accountId } : {}), limit: PAGE_SIZE, offset }),
    [accountId, offset],
  );
  const go = (changes: Record<string, string | number | undefined>): void =>
    navigate(`/bills${buildQuery({ accountId, page: undefined, ...changes })}`, { replace: true });
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    go({ accountId: text.trim() });
  };
  return (
    <div className="page">
      <h1>Bills</h1>
      <form className="filters" onSubmit={submit}>
        <input
          placeholder="Account id"
          value={text}
          onChange={(e) => setText(e.target.value)}
          aria-label="Account id"
        />
        <button type="submit" className="btn">
          Filter
        </button>
      </form>
      <Panel>
        <Async res={bills} what="bills">
          {(p) => (
            <>
              {p.items.length === 0 ? (
                <Empty>No bills yet — run a billing cycle under Bill runs.</Empty>
              ) : (
                <div className="table-wrap table-tall">
                  <table className="table" data-testid="bills-table">
                    <thead>
                      <tr>
                        <th>Account</th>
                        <th>Period</th>
                        <th>Kind</th>
                        <th>Tariff</th>
                        <th className="num">Usage</th>
                        <th className="num">Estimated</th>
                        <th className="num">Subtotal</th>
                        <th className="num">Taxes</th>
                        <th className="num">Total</th>
                      </tr>
                    </thead>
                    <tbody>
                      {p.items.map((b) => (
                        <tr key={b.id}>
                          <td>
                            <Link href={`/bills/${encodeURIComponent(b.id)}`}>{b.accountId}</Link>
                          </td>
                          <td className="nowrap">
                            {formatDate(Date.parse(b.period.from))} –{' '}
                            {formatDate(Date.parse(b.period.to) - 1)}
                          </td>
                          <td>
                            {b.kind === 'bill' ? 'bill' : <Pill state="warning" label="cancellation" />}
                          </td>
                          <td>{b.tariffId}</td>
                          <td className="num">{formatKwh(b.billedUsageWh)}</td>
                          <td className="num">
                            {b.estimatedShare > 0 ? formatPercent(b.estimatedShare) : '—'}
                          </td>
                          <td className="num">{formatMoney(b.subtotalMinor, b.currency)}</td>
                          <td className="num">{formatMoney(b.taxesMinor, b.currency)}</td>
                          <td className="num strong">{formatMoney(b.totalMinor, b.currency)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
              <Pager total={p.total} page={page} pageSize={PAGE_SIZE} onPage={(n) => go({ page: n })} />
            </>
          )}
        </Async>
      </Panel>
    </div>
  );
}

export function BillPage(props: { id: string }) {
  const { api } = useSession();
  const bill = useResource(() => api.bill(props.id), [props.id]);
  return (
    <div className="page">
      <div className="crumbs">
        <Link href="/bills">Bills</Link> › {props.id}
      </div>
      <Panel>
        <Async res={bill} what="bill">
          {(b) => <BillView bill={b} />}
        </Async>
      </Panel>
    </div>
  );
}
