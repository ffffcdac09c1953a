/** Topology: feeders → transformers → meters, with a day's energy per transformer when rollups exist. */
import { Fragment, useMemo, useState } from 'react';
import type { TopologyDto } from '../../api/types.js';
import { EChart, type EChartOption } from '../../components/echart.js';
import { Async, Empty, ErrorBox, Panel, Pill } from '../../components/ui.js';
import { useResource, useSession } from '../../hooks.js';
import { formatDate, formatEnergy, formatPercent, parseDateInput } from '../../lib/format.js';
import { dateInputValue } from '../../lib/range.js';
import { Link } from '../../router.js';

/** Share of the check meter's energy the customer meters do not account for (losses, theft). */
export function unaccounted(
  energyWh: number | undefined,
  checkEnergyWh: number | undefined,
): number | undefined {
  if (energyWh === undefined || checkEnergyWh === undefined || checkEnergyWh <= 0) return undefined;
  return (checkEnergyWh - energyWh) / checkEnergyWh;
}

export function TopologyPage() {
  const { api } = useSession();
  const [day, setDay] = useState<number | undefined>(undefined);
  const topo = useResource(() => api.topology(day), [day]);
  return (
    <div className="page">
      <div className="title-row">
        <h1>Topology</h1>
        <span className="spacer" />
        {topo.data && (
          <label className="small">
            Energy of{' '}
            <input
              type="date"
              value={dateInputValue(Date.parse(topo.data.day))}
              onChange={(e) => {
                const d = parseDateInput(e.target.value);
                if (d !== undefined) setDay(d);
              }}
              data-testid="topology-day"
            />
          </label>
        )}
      </div>
      <Async res={topo} what="topology">
        {(t) => (t.feeders.length === 0 ? <Empty>No feeders.</Empty> : <TopologyView t={t} />)}
      </Async>
    </div>
  );
}

function TopologyView(props: { t: TopologyDto }) {
  const { t } = props;
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const toggle = (id: string): void =>
    setExpanded((s) => {
      const next = new Set(s);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  const option = useMemo<EChartOption>(
    () => ({
      tooltip: { trigger: 'item', triggerOn: 'mousemove' },
      series: [
        {
          type: 'tree',
          data: [
            {
              name: 'Substation',
              children: t.feeders.map((f) => ({
                name: f.id,
                value: f.meters,
                children: f.transformers.map((x) => ({
                  name: x.id,
                  value:
                    x.energyWh !== undefined
                      ? `${x.meters} meters, ${formatEnergy(x.energyWh)}`
                      : `${x.meters} meters`,
                })),
              })),
            },
          ],
          top: 10,
          left: 90,
          bottom: 10,
          right: 140,
          symbolSize: 8,
          initialTreeDepth: 2,
          expandAndCollapse: true,
          label: { position: 'left', verticalAlign: 'middle', align: 'right', fontSize: 11 },
          leaves: { label: { position: 'right', verticalAlign: 'middle', align: 'left' } },
          lineStyle: { color: '#b8c4d0' },
          itemStyle: { color: '#2f6fb0' },
        },
      ],
    }),
    [t],
  );
  const transformers = t.feeders.reduce((n, f) => n + f.transformers.length, 0);
  return (
    <>
      <Panel title={`Network — ${t.feeders.length} feeders, ${transformers} transformers`}>
        <EChart
          option={option}
          height={Math.min(620, Math.max(260, transformers * 14))}
          testId="topology-tree"
        />
      </Panel>
      <Panel title={`Energy on ${formatDate(Date.parse(t.day))}`}>
        <div className="table-wrap table-tall">
          <table className="table" data-testid="topology-table">
            <thead>
              <tr>
                <th>Feeder / transformer</th>
                <th className="num">Rated</th>
                <th className="num">Meters</th>
                <th className="num">Customer energy</th>
                <th className="num">Check meter</th>
                <th className="num">Unaccounted</th>
              </tr>
            </thead>
            <tbody>
              {t.feeders.map((f) => (
                <Fragment key={f.id}>
                  <tr className="group-row">
                    <td>
                      <Link href={`/meters?feeder=${encodeURIComponent(f.id)}`}>{f.id}</Link>
                    </td>
                    <td />
                    <td className="num">{f.meters}</td>
                    <td className="num">{f.energyWh !== undefined ? formatEnergy(f.energyWh) : '—'}</td>
                    <td />
                    <td />
                  </tr>
                  {f.transformers.map((x) => {
                    const loss = unaccounted(x.energyWh, x.checkEnergyWh);
                    const open = expanded.has(x.id);
                    return (
                      <Fragment key={x.id}>
                        <tr>
                          <td className="indent">
                            <button
                              type="button"
                              className="twisty"
                              aria-expanded={open}
                              aria-label={`${open ? 'Hide' : 'Show'} the meters of ${x.id}`}
                              onClick={() => toggle(x.id)}
                              data-testid={`expand-${x.id}`}
                            >
                              {open ? '▾' : '▸'}
                            </button>
                            <Link
                              href={`/meters?feeder=${encodeURIComponent(f.id)}&transformer=${encodeURIComponent(x.id)}`}
                            >
                              {x.id}
                            </Link>
                          </td>
                          <td className="num">{x.ratedKva} kVA</td>
                          <td className="num">{x.meters}</td>
                          <td className="num">{x.energyWh !== undefined ? formatEnergy(x.energyWh) : '—'}</td>
                          <td className="num">
                            {x.checkEnergyWh !== undefined ? formatEnergy(x.checkEnergyWh) : '—'}
                            {x.checkMeterId && (
                              <>
                                {' '}
                                <Link
                                  href={`/meters/${encodeURIComponent(x.checkMeterId)}`}
                                  className="small"
                                >
                                  ({x.checkMeterId})
                                </Link>
                              </>
                            )}
                          </td>
                          <td className={`num ${loss !== undefined && loss > 0.08 ? 'bad' : ''}`}>
                            {loss !== undefined ? formatPercent(loss) : '—'}
                          </td>
                        </tr>
                        {open && <TransformerMeters transformerId={x.id} />}
                      </Fragment>
                    );
                  })}
                </Fragment>
              ))}
            </tbody>
          </table>
        </div>
      </Panel>
    </>
  );
}

/** The meters under one transformer, as rows of the topology table. */
function TransformerMeters(props: { transformerId: string }) {
  const { api } = useSession();
  const meters = useResource(
    () => api.meters({ transformerId: props.transformerId, limit: 200 }),
    [props.transformerId],
  );
  if (meters.error) {
    return (
      <tr>
        <td colSpan={6}>
          <ErrorBox error={meters.error} retry={() => meters.reload()} />
        </td>
      </tr>
    );
  }
  if (!meters.data) {
    return (
      <tr>
        <td colSpan={6} className="indent-2 muted">
          Loading meters…
        </td>
      </tr>
    );
  }
  return (
    <>
      {meters.data.items.map((m) => (
        <tr key={m.id} className="meter-leaf" data-testid={`topology-meter-${m.id}`}>
          <td className="indent-2">
            <Link href={`/meters/${encodeURIComponent(m.id)}`}>{m.id}</Link>
            {m.role === 'check' && <span className="tag">check</span>}
            <span className="muted small"> {m.customerName ?? ''}</span>
          </td>
          <td colSpan={2} className="small">
            {m.kind}
          </td>
          <td colSpan={3}>
            <Pill state={m.supply} />
          </td>
        </tr>
      ))}
      {meters.data.total > meters.data.items.length && (
        <tr>
          <td colSpan={6} className="indent-2 muted small">
            {meters.data.total - meters.data.items.length} more —{' '}
            <Link href={`/meters?transformer=${encodeURIComponent(props.transformerId)}`}>see them all</Link>
          </td>
        </tr>
      )}
    </>
  );
}
