/** The load profile as bars with uPlot: measured, estimated and edited intervals in their own colours. */
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { IntervalDto } from '../api/types.js';
import { formatDate, formatDateTime, formatEnergy, formatTime } from '../lib/format.js';
import { profileSeries } from '../lib/profile.js';

/** A time-axis tick in UTC, 24-hour: the time, with the date under midnight ticks. */
function axisLabel(seconds: number): string {
  const ms = seconds * 1000;
  const time = formatTime(ms);
  return time === '00:00' ? `${time}\n${formatDate(ms).slice(5)}` : time;
}

export const PROFILE_COLOURS = { measured: '#2f6fb0', estimated: '#e0a030', edited: '#8e44ad' } as const;

export function LoadProfileChart(props: { intervals: readonly IntervalDto[]; height?: number }) {
  const el = useRef<HTMLDivElement>(null);
  const series = profileSeries(props.intervals);
  const height = props.height ?? 260;

  useEffect(() => {
    const node = el.current;
    if (!node) return;
    const s = profileSeries(props.intervals);
    const bars = uPlot.paths.bars?.({ size: [0.9, 40], align: 1 });
    const barSeries = (label: string, colour: string): uPlot.Series => ({
      label,
      stroke: colour,
      fill: `${colour}cc`,
      width: 0,
      points: { show: false },
      ...(bars ? { paths: bars } : {}),
      value: (_u, v) => (v === null || v === undefined ? '—' : `${(v as number).toFixed(3)} kWh`),
    });
    const opts: uPlot.Options = {
      width: Math.max(300, node.clientWidth),
      height,
      tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
      cursor: { drag: { x: true, y: false } },
      scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.1 : 1] } },
      axes: [
        {
          stroke: '#555',
          grid: { stroke: '#eee' },
          ticks: { stroke: '#ddd' },
          values: (_u, splits) => splits.map(axisLabel),
        },
        {
          stroke: '#555',
          grid: { stroke: '#eee' },
          ticks: { stroke: '#ddd' },
          label: 'kWh per interval',
          size: 60,
        },
      ],
      legend: { live: true },
      series: [
        { label: 'Time (UTC)', value: (_u, v) => (v === null ? '—' : formatDateTime(v * 1000)) },
        barSeries('Measured', PROFILE_COLOURS.measured),
        barSeries('Estimated', PROFILE_COLOURS.estimated),
        barSeries('Edited', PROFILE_COLOURS.edited),
      ],
    };
    const plot = new uPlot(opts, [s.x, s.measured, s.estimated, s.edited], node);
    const ro = new ResizeObserver(() => plot.setSize({ width: Math.max(300, node.clientWidth), height }));
    ro.observe(node);
    return () => {
      ro.disconnect();
      plot.destroy();
    };
  }, [props.intervals, height]);

  return (
    <div className="load-profile" data-testid="load-profile-chart">
      <div ref={el} className="uplot-host" />
      <div className="chart-note">
        {series.x.length} intervals · {formatEnergy(series.totalWh)} ·{' '}
        <span className="swatch" style={{ background: PROFILE_COLOURS.estimated }} />{' '}
        {series.counts.estimated} estimated ·{' '}
        <span className="swatch" style={{ background: PROFILE_COLOURS.edited }} /> {series.counts.edited}{' '}
        edited · <span className="swatch swatch-missing" /> {series.counts.missing} missing
      </div>
    </div>
  );
}
