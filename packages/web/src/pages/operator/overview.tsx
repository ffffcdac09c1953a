/** Fleet overview: meters by kind and supply, yesterday's completeness, reads, latency, failures, alarms. */
import { useMemo, useState } from 'react';
import type { KpisDto, MeterEventDto } from '../../api/types.js';
import { EChart, type EChartOption } from '../../components/echart.js';
import { Async, Empty, Panel, Pill, Stat } from '../../components/ui.js';
import { useInterval, useLive, useResource, useSession } from '../../hooks.js';
import { formatDateTime, formatDuration, formatPercent, humanize } from '../../lib/format.js';
import { Link } from '../../router.js';
import { dedupeEvents, eventKey } from './events.js';

const tone = (share: number, good: number, fair: number): 'ok' | 'warn' | 'bad' =>
  share >= good ? 'ok' : share >= fair ? 'warn' : 'bad';

export function OverviewPage() {
  const { api } = useSession();
  const kpis = useResource(() => api.kpis(), []);
  const alarms = useResource(() => api.alarms({ limit: 15 }), []);
  const byKind = useResource(
    () =>
      Promise.all(
        (['electricity', 'water', 'gas'] as const).map((kind) =>
          api.meters({ kind, limit: 1 }).then((p) => [kind, p.total] as const),
        ),
      ),
    [],
  );
  const [liveAlarms, setLiveAlarms] = useState<MeterEventDto[]>([]);
  useInterval(() => kpis.reload(true), 10_000);
  useLive('alarm', (m) => {
    const msg = m.data as { event?: MeterEventDto };
    if (msg.event) setLiveAlarms((a) => [msg.event as MeterEventDto, ...a].slice(0, 15));
  });

  return (
    <div className="page">
      <h1>Fleet overview</h1>
      <Async res={kpis} what="KPIs">
        {(k) => <KpiPanels k={k} kinds={byKind.data} />}
      </Async>
      <Panel title="Recent alarms" actions={<Link href="/meters">All meters →</Link>}>
        <Async res={alarms} what="alarms">
          {(page) => {
            const rows = dedupeEvents([...liveAlarms, ...page.items]).slice(0, 15);
            return rows.length === 0 ? (
              <Empty>No alarms.</Empty>
            ) : (
              <div className="table-wrap">
                <table className="table" data-testid="alarms-table">
                  <thead>
                    <tr>
                      <th>Time (UTC)</th>
                      <th>Meter</th>
                      <th>Event</th>
                      <th>Log</th>
                      <th>Severity</th>
                    </tr>
                  </thead>
                  <tbody>
                    {rows.map((e) => (
                      <tr key={eventKey(e)}>
                        <td className="nowrap">{formatDateTime(Date.parse(e.occurredAt))}</td>
                        <td>
                          <Link href={`/meters/${encodeURIComponent(e.meterId)}`}>{e.meterId}</Link>
                        </td>
                        <td>
                          {e.name} <span className="muted">({e.code})</span>
                        </td>
                        <td>{humanize(e.log)}</td>
                        <td>
                          <Pill state={e.severity} />
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            );
          }}
        </Async>
      </Panel>
    </div>
  );
}

function KpiPanels(props: { k: KpisDto; kinds: readonly (readonly [string, number])[] | undefined }) {
  const { k } = props;
  const supplyOption = useMemo<EChartOption>(
    () => ({
      tooltip: { trigger: 'item' },
      legend: { bottom: 0, icon: 'circle', itemWidth: 8, textStyle: { fontSize: 11 } },
      series: [
        {
          type: 'pie',
          radius: ['45%', '70%'],
          center: ['50%', '42%'],
          label: { show: false },
          data: [
            { name: 'connected', value: k.supply.connected, itemStyle: { color: '#4aa37a' } },
            { name: 'disconnected', value: k.supply.disconnected, itemStyle: { color: '#c8553d' } },
            {
              name: 'ready for reconnection',
              value: k.supply.readyForReconnection,
              itemStyle: { color: '#e0a030' },
            },
            { name: 'unknown', value: k.supply.unknown, itemStyle: { color: '#9aa5b1' } },
          ],
        },
      ],
    }),
    [k.supply],
  );
  const kindOption = useMemo<EChartOption>(() => {
    const kinds = props.kinds ?? [];
    return {
      tooltip: { trigger: 'axis' },
      grid: { left: 80, right: 16, top: 8, bottom: 24 },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', data: kinds.map(([kind]) => kind) },
      series: [
        {
          type: 'bar',
          data: kinds.map(([, n]) => n),
          barMaxWidth: 18,
          label: { show: true, position: 'right' },
        },
      ],
    };
  }, [props.kinds]);
  const failures = Object.entries(k.failuresByReason).sort((a, b) => b[1] - a[1]);
  const failureOption = useMemo<EChartOption>(
    () => ({
      tooltip: { trigger: 'axis' },
      grid: { left: 150, right: 30, top: 8, bottom: 24 },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', inverse: true, data: failures.map(([r]) => humanize(r)) },
      series: [
        {
          type: 'bar',
          data: failures.map(([, n]) => n),
          barMaxWidth: 16,
          itemStyle: { color: '#c8553d' },
          label: { show: true, position: 'right' },
        },
      ],
    }),
    [failures],
  );
  return (
    <>
      <div className="stats" data-testid="kpis">
        <Stat
          label="Meters"
          value={k.meters.toLocaleString('en-GB')}
          hint={`at ${formatDateTime(Date.parse(k.at))} UTC`}
          testId="kpi-meters"
        />
        <Stat
          label="Yesterday's completeness"
          value={formatPercent(k.yesterday.completeness)}
          tone={tone(k.yesterday.completeness, 0.995, 0.98)}
          hint={formatDateTime(Date.parse(k.yesterday.dayStart)).slice(0, 10)}
          testId="kpi-completeness"
        />
        <Stat
          label="Read success today"
          value={formatPercent(k.today.readSuccess)}
          tone={tone(k.today.readSuccess, 0.99, 0.95)}
          hint={`${k.today.sessions.toLocaleString('en-GB')} sessions`}
        />
        <Stat
          label="Latency p50"
          value={formatDuration(k.latencyMs.p50)}
          hint={`p95 ${formatDuration(k.latencyMs.p95)} · p99 ${formatDuration(k.latencyMs.p99)}`}
        />
        <Stat
          label="Disconnected"
          value={k.supply.disconnected.toLocaleString('en-GB')}
          tone={k.supply.disconnected > 0 ? 'warn' : 'ok'}
        />
        <Stat
          label="Open alarms (24 h)"
          value={k.openAlarms.toLocaleString('en-GB')}
          tone={k.openAlarms > 0 ? 'bad' : 'ok'}
        />
      </div>
      {k.backfill && k.backfill.done < k.backfill.total && (
        <Panel title="Backfill in progress" testId="backfill">
          <div className="progress">
            <div
              className="progress-bar"
              style={{ width: `${(100 * k.backfill.done) / Math.max(1, k.backfill.total)}%` }}
            />
          </div>
          <div className="muted">
            {k.backfill.done.toLocaleString('en-GB')} of {k.backfill.total.toLocaleString('en-GB')} (
            {formatPercent(k.backfill.done / Math.max(1, k.backfill.total))})
          </div>
        </Panel>
      )}
      <div className="grid-3">
        <Panel title="Supply state">
          <EChart option={supplyOption} height={220} testId="chart-supply" />
        </Panel>
        <Panel title="Meters by kind">
          {props.kinds ? <EChart option={kindOption} height={220} testId="chart-kinds" /> : <Empty>…</Empty>}
        </Panel>
        <Panel title="Failures by reason (today)">
          {failures.length === 0 ? (
            <Empty>No failed sessions.</Empty>
          ) : (
            <EChart option={failureOption} height={220} testId="chart-failures" />
          )}
        </Panel>
      </div>
    </>
  );
}
