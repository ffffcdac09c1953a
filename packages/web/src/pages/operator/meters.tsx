/** Meter list: search, filters (kind, supply, feeder, transformer), pages; state in the URL query. */
import { type FormEvent, useState } from 'react';
import type { MeterKind, SupplyDto } from '../../api/types.js';
import { Async, Empty, Pager, Panel, Pill } from '../../components/ui.js';
import { useResource, useSession } from '../../hooks.js';
import { formatDateTime } from '../../lib/format.js';
import { buildQuery, pageInfo } from '../../lib/query.js';
import { Link, navigate, useLocation } from '../../router.js';

const PAGE_SIZE = 50;
const KINDS: readonly MeterKind[] = ['electricity', 'water', 'gas'];
const SUPPLIES: readonly SupplyDto[] = ['connected', 'disconnected', 'ready-for-reconnection', 'unknown'];

export function MetersPage() {
  const { api } = useSession();
  const { query } = useLocation();
  const page = Math.max(1, Number(query.page) || 1);
  const filter = {
    q: query.q ?? '',
    kind: (query.kind ?? '') as MeterKind | '',
    supply: (query.supply ?? '') as SupplyDto | '',
    feederId: query.feeder ?? '',
    transformerId: query.transformer ?? '',
  };
  const [search, setSearch] = useState(filter.q);
  const topology = useResource(() => api.topology(), []);
  const offset = pageInfo(Number.MAX_SAFE_INTEGER, page, PAGE_SIZE).offset;
  const meters = useResource(
    () =>
      api.meters({
        ...(filter.q ? { q: filter.q } : {}),
        ...(filter.kind ? { kind: filter.kind } : {}),
        ...(filter.supply ? { supply: filter.supply } : {}),
        ...(filter.feederId ? { feederId: filter.feederId } : {}),
        ...(filter.transformerId ? { transformerId: filter.transformerId } : {}),
        limit: PAGE_SIZE,
        offset,
      }),
    [filter.q, filter.kind, filter.supply, filter.feederId, filter.transformerId, offset],
  );

  const go = (changes: Record<string, string | number | undefined>): void => {
    const next = {
      q: filter.q,
      kind: filter.kind,
      supply: filter.supply,
      feeder: filter.feederId,
      transformer: filter.transformerId,
      page: undefined as number | undefined,
      ...changes,
    };
    navigate(`/meters${buildQuery(next)}`, { replace: true });
  };
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    go({ q: search.trim() });
  };
  const feeders = topology.data?.feeders ?? [];
  const transformers = feeders
    .filter((f) => !filter.feederId || f.id === filter.feederId)
    .flatMap((f) => f.transformers.map((t) => t.id));

  return (
    <div className="page">
      <h1>Meters</h1>
      <form className="filters" onSubmit={submit} data-testid="meter-filters">
        <input
          type="search"
          placeholder="Meter, service point, customer, address…"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          data-testid="meter-search"
          aria-label="Search meters"
        />
        <button type="submit" className="btn">
          Search
        </button>
        <select
          value={filter.kind}
          onChange={(e) => go({ kind: e.target.value })}
          data-testid="filter-kind"
          aria-label="Kind"
        >
          <option value="">All kinds</option>
          {KINDS.map((k) => (
            <option key={k}>{k}</option>
          ))}
        </select>
        <select
          value={filter.supply}
          onChange={(e) => go({ supply: e.target.value })}
          data-testid="filter-supply"
          aria-label="Supply"
        >
          <option value="">Any supply</option>
          {SUPPLIES.map((s) => (
            <option key={s}>{s}</option>
          ))}
        </select>
        <select
          value={filter.feederId}
          onChange={(e) => go({ feeder: e.target.value, transformer: '' })}
          data-testid="filter-feeder"
          aria-label="Feeder"
        >
          <option value="">All feeders</option>
          {feeders.map((f) => (
            <option key={f.id}>{f.id}</option>
          ))}
        </select>
        <select
          value={filter.transformerId}
          onChange={(e) => go({ transformer: e.target.value })}
          data-testid="filter-transformer"
          aria-label="Transformer"
        >
          <option value="">All transformers</option>
          {transformers.map((t) => (
            <option key={t}>{t}</option>
          ))}
        </select>
      </form>
      <Panel>
        <Async res={meters} what="meters">
          {(p) => (
            <>
              {p.items.length === 0 ? (
                <Empty>No meter matches.</Empty>
              ) : (
                <div className="table-wrap table-tall">
                  <table className="table table-nowrap" data-testid="meters-table">
                    <thead>
                      <tr>
                        <th>Meter</th>
                        <th>Kind</th>
                        <th>Supply</th>
                        <th>Customer</th>
                        <th>Service point</th>
                        <th>Feeder / transformer</th>
                        <th>Address</th>
                        <th>Last read</th>
                        <th className="num">Alarms</th>
                      </tr>
                    </thead>
                    <tbody>
                      {p.items.map((m) => (
                        <tr
                          key={m.id}
                          data-testid={`meter-row-${m.id}`}
                          className="clickable"
                          onClick={(e) => {
                            if ((e.target as HTMLElement).closest('a')) return;
                            navigate(`/meters/${encodeURIComponent(m.id)}`);
                          }}
                        >
                          <td>
                            <Link href={`/meters/${encodeURIComponent(m.id)}`}>{m.id}</Link>
                            {m.role === 'check' && <span className="tag">check</span>}
                            {m.prepaid && <span className="tag">prepaid</span>}
                          </td>
                          <td>{m.kind}</td>
                          <td>
                            <Pill state={m.supply} />
                          </td>
                          <td>{m.customerName ?? '—'}</td>
                          <td>{m.servicePointId ?? '—'}</td>
                          <td className="nowrap">
                            {m.feederId ?? '—'} / {m.transformerId ?? '—'}
                          </td>
                          <td className="mono">{m.address}</td>
                          <td className="nowrap" title={m.lastFailure ?? ''}>
                            {m.lastReadAt ? formatDateTime(Date.parse(m.lastReadAt)) : 'never'}
                            {m.lastFailure && <span className="fail-dot" title={m.lastFailure} />}
                          </td>
                          <td className="num">
                            {m.openAlarms > 0 ? <Pill state="alarm" label={String(m.openAlarms)} /> : '0'}
                          </td>
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
