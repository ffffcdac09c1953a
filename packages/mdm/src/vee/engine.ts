import type { QualityFlags } from '@gridmeter/domain';
import { type AuditEntry, changesBetween } from './audit.js';
import { ruleEnabled, type VeeConfig, veeConfig } from './config.js';
import type { VeeContext } from './context.js';
import { type Estimation, estimate } from './estimation/estimate.js';
import type { Finding, VeeRule } from './finding.js';
import { STATISTICAL_RULES, STRUCTURAL_RULES } from './rules/index.js';
import { type ChannelSeries, checkChannelSeries } from './series.js';

/** Output of {@link VeeEngine.run}. */
export interface VeeResult {
  /** The input with validation flags set, before estimation. */
  readonly validated: ChannelSeries;
  /** The validated series with estimates filled in: the version to bill from. */
  readonly series: ChannelSeries;
  readonly findings: readonly Finding[];
  readonly estimations: readonly Estimation[];
  /** One entry per rule that changed flags, then one per estimated run; each reversible. */
  readonly audit: readonly AuditEntry[];
}

/** Options of a {@link VeeEngine}. */
export interface VeeEngineOptions {
  /** Structural rules, run first (their flags are visible to the statistical ones). */
  readonly structural?: readonly VeeRule[];
  readonly statistical?: readonly VeeRule[];
  /** Skip estimation (validation only). */
  readonly estimate?: boolean;
}

/**
 * Validation, estimation and editing for one channel at a time, pure and in memory: the same
 * series, context and configuration always give the same result.
 *
 * @example
 * const { series, findings, estimations, audit } = new VeeEngine().run(series, { now }, veeConfig());
 */
export class VeeEngine {
  readonly #structural: readonly VeeRule[];
  readonly #statistical: readonly VeeRule[];
  readonly #estimate: boolean;

  constructor(options: VeeEngineOptions = {}) {
    this.#structural = options.structural ?? STRUCTURAL_RULES;
    this.#statistical = options.statistical ?? STATISTICAL_RULES;
    this.#estimate = options.estimate ?? true;
  }

  /** Validates `series`, then estimates what is missing or failed. */
  run(series: ChannelSeries, context: VeeContext, config: VeeConfig = veeConfig()): VeeResult {
    checkChannelSeries(series);
    const findings: Finding[] = [];
    const audit: AuditEntry[] = [];
    let current = series;
    let seq = 1;
    for (const phase of [this.#structural, this.#statistical]) {
      const quality: QualityFlags[] = [...current.quality];
      for (const rule of phase) {
        if (!ruleEnabled(config, rule.id)) continue;
        const r = rule.check(current, context, config);
        findings.push(...r.findings);
        const ruleQuality = [...quality];
        const changed = new Set<number>();
        for (const m of r.marks) {
          const q = ruleQuality[m.index]! | m.flags;
          if (q !== ruleQuality[m.index]) {
            ruleQuality[m.index] = q;
            changed.add(m.index);
          }
        }
        if (changed.size === 0) continue;
        const before = { ...current, quality: [...quality] };
        const after = { ...current, quality: ruleQuality };
        audit.push({
          id: `validation:${seq++}`,
          step: 'validation',
          meterId: series.meterId,
          channel: series.channel,
          at: context.now,
          actor: 'vee',
          cause: rule.id,
          reason: rule.description,
          changes: changesBetween(
            before,
            after,
            [...changed].sort((a, b) => a - b),
          ),
        });
        for (const i of changed) quality[i] = ruleQuality[i]!;
      }
      current = { ...current, quality };
    }
    findings.sort((a, b) => a.start - b.start || a.ruleId.localeCompare(b.ruleId));
    if (!this.#estimate) return { validated: current, series: current, findings, estimations: [], audit };
    const est = estimate(current, context, config, 1);
    return {
      validated: current,
      series: est.series,
      findings,
      estimations: est.estimations,
      audit: [...audit, ...est.audit],
    };
  }
}
