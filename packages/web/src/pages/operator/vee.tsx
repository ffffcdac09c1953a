/** VEE exceptions: intervals that failed validation, look suspect, or were estimated. */
import { type FormEvent, useState } from 'react';
import { Async, Empty, Pager, Panel, Pill } from '../../components/ui.js';
import { useResource, useSession } from '../../hooks.js';
import { formatDateTime } from '../../lib/format.js';
import { buildQuery, pageInfo } from '../../lib/query.js';
import { Link, navigate, useLocation } from '../../router.js';

const PAGE_SIZE = 50;
const OUTCOMES = ['failed', 'suspect', 'estimated'] as const;

export function VeePage() {
  const { api } = useSession();
  const { query } = useLocation();
  const page = Math.max(1, Number(query.page) || 1);
  const offset = pageInfo(Number.MAX_SAFE_INTEGER, page, PAGE_SIZE).offset;
  const outcome = OUTCOMES.find((o) => o === query.outcome);
  const meterId = query.meterId ?? '';
  const [meterText, setMeterText] = useState(meterId);
  const res = useResource(
    () =>
      api.veeExceptions({
        ...(outcome ? { outcome } : {}),
        ...(meterId ? { meterId } : {}),
        limit: PAGE_SIZE,
        offset,
      }),
    [outcome, meterId, offset],
  );
  const go = (changes: Record<string, string | number | undefined>): void =>
    navigate(`/vee${buildQuery({ outcome, meterId, page: undefined, ...changes })}`, { replace: true });
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    go({ meterId: meterText.trim() });
  };
  return (
    <div className="page">
      <h1>VEE exceptions</h1>
      <form className="filters" onSubmit={submit}>
        <select
          value={outcome ?? ''}
          onChange={(e) => go({ outcome: e.target.value })}
          aria-label="Outcome"
          data-testid="filter-outcome"
        >
          <option value="">Any outcome</option>
          {OUTCOMES.map((o) => (
            <option key={o}>{o}</option>
          ))}
        </select>
        <input
          placeholder="Meter id"
          value={meterText}
          onChange={(e) => setMeterText(e.target.value)}
          aria-label="Meter id"
        />
        <button type="submit" className="btn">
          Filter
        </button>
      </form>
      <Panel>
        <Async res={res} what="VEE exceptions">
          {(p) => (
            <>
              {p.items.length === 0 ? (
                <Empty>No exceptions: every interval passed validation.</Empty>
              ) : (
                <div className="table-wrap table-tall">
                  <table className="table" data-testid="vee-table">
                    <thead>
                      <tr>
                        <th>Meter</th>
                        <th>Rule</th>
                        <th>Outcome</th>
                        <th>From (UTC)</th>
                        <th>To</th>
                        <th>Channel</th>
                        <th>Details</th>
                        <th>Run</th>
                      </tr>
                    </thead>
                    <tbody>
                      {p.items.map((x) => (
                        <tr key={`${x.runId}-${x.ruleId}-${x.meterId}-${x.channel}-${x.from}`}>
                          <td>
                            <Link href={`/meters/${encodeURIComponent(x.meterId)}`}>{x.meterId}</Link>
                          </td>
                          <td>{x.ruleId}</td>
                          <td>
                            <Pill state={x.outcome} />
                          </td>
                          <td className="nowrap">{formatDateTime(Date.parse(x.from))}</td>
                          <td className="nowrap">{formatDateTime(Date.parse(x.to))}</td>
                          <td className="mono">{x.channel}</td>
                          <td className="small">
                            {x.details
                              ? Object.entries(x.details)
                                  .map(([k, v]) => `${k}: ${String(v)}`)
                                  .join(', ')
                              : ''}
                          </td>
                          <td className="mono small">{x.runId}</td>
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
