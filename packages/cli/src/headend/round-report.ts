/** The KPI summary `gridmeter headend collect` prints after a round. */
import type { HeadEnd, RoundSummary } from '@gridmeter/headend';
import { percent } from './table.js';

const DAY_MS = 86_400_000;

/** `{ "connect-refused": 2, other: 1 }` → `connect-refused 2, other 1` (or `none`). */
export function reasons(failures: Readonly<Record<string, number | undefined>>): string {
  const parts = Object.entries(failures)
    .filter(([, n]) => (n ?? 0) > 0)
    .sort((a, b) => (b[1] ?? 0) - (a[1] ?? 0))
    .map(([reason, n]) => `${reason} ${n}`);
  return parts.length === 0 ? 'none' : parts.join(', ');
}

/** Round summary and KPIs: meters ok/failed, failures by reason, intervals, yesterday's completeness, latency. */
export function roundReport(round: RoundSummary, headEnd: HeadEnd, meterIds: readonly string[]): string {
  const now = headEnd.clock.now();
  const yesterday = Math.floor(now / DAY_MS) * DAY_MS - DAY_MS;
  const y = headEnd.kpis.day(yesterday, meterIds);
  const today = headEnd.kpis.day(now, meterIds);
  const l = headEnd.kpis.latency();
  const ms = (v: number) => `${Math.round(v)} ms`;
  return [
    `round: ${round.meters} meters in ${(round.elapsedMs / 1000).toFixed(1)} s — ${round.succeeded} ok, ${round.failed} failed`,
    `  failures:     ${reasons(round.failuresByReason)}`,
    `  collected:    ${round.intervals} intervals, ${round.registerReads} register reads, ${round.events} events`,
    `  yesterday:    ${y.day} completeness ${percent(y.completeness)} (intervals stored this run)`,
    `  read success: ${percent(today.readSuccessRate)} today (${today.successes}/${today.attempts} sessions)`,
    `  latency:      p50 ${ms(l.p50)}  p95 ${ms(l.p95)}  p99 ${ms(l.p99)}  (${l.samples} sessions)`,
    '',
  ].join('\n');
}
