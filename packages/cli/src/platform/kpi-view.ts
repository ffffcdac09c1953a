/** The head-end's collection KPIs as the API shows them. */
import type { KpiSnapshot, KpiView } from '@gridmeter/api';
import type { Clock } from '@gridmeter/domain';
import type { CollectionKpis } from '@gridmeter/headend';

const DAY_MS = 86_400_000;

/** Where long work stands (the demo's backfill), when any runs. */
export interface Progress {
  done: number;
  total: number;
}

/** {@link KpiView} over {@link CollectionKpis} for a fixed set of meters. */
export class PlatformKpiView implements KpiView {
  constructor(
    private readonly kpis: CollectionKpis,
    private readonly meterIds: readonly string[],
    private readonly clock: Clock,
    private readonly progress: () => Progress | undefined = () => undefined,
  ) {}

  snapshot(): KpiSnapshot {
    const at = this.clock.now();
    const today = Math.floor(at / DAY_MS) * DAY_MS;
    const yesterday = today - DAY_MS;
    const y = this.kpis.day(yesterday, this.meterIds);
    const t = this.kpis.day(today, this.meterIds);
    const latency = this.kpis.latency();
    const failuresByReason: Record<string, number> = {};
    for (const day of [y, t]) {
      for (const [reason, n] of Object.entries(day.failuresByReason)) {
        failuresByReason[reason] = (failuresByReason[reason] ?? 0) + (n ?? 0);
      }
    }
    const backfill = this.progress();
    return {
      at,
      meters: this.meterIds.length,
      yesterday: { dayStart: yesterday, completeness: y.completeness, readSuccess: y.readSuccessRate },
      today: { dayStart: today, sessions: t.attempts, readSuccess: t.readSuccessRate },
      latencyMs: { p50: latency.p50, p95: latency.p95, p99: latency.p99 },
      failuresByReason,
      ...(backfill ? { backfill: { done: backfill.done, total: backfill.total } } : {}),
    };
  }
}
