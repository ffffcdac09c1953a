import type { QualityFlags } from '@gridmeter/domain';
import type { VeeConfig } from './config.js';
import type { VeeContext } from './context.js';
import { VeeRuleId } from './rule-id.js';
import type { ChannelSeries } from './series.js';

export { VeeRuleId };

/** How bad a finding is: `error` fails the interval, `warning` makes it suspect, `info` only records. */
export type Severity = 'info' | 'warning' | 'error';

/** One validation result over a run of intervals `[start, end)` (epoch ms). */
export interface Finding {
  readonly ruleId: VeeRuleId;
  readonly start: number;
  readonly end: number;
  readonly severity: Severity;
  readonly message: string;
  /** Figures behind the finding (value, threshold, median…), for the operator and the store. */
  readonly details: Readonly<Record<string, number | string | boolean>>;
}

/** Quality bits a rule sets on one interval. */
export interface FlagMark {
  readonly index: number;
  readonly flags: QualityFlags;
}

/** What one rule returns: findings, and the flags to OR into the intervals' quality. */
export interface RuleResult {
  readonly findings: readonly Finding[];
  readonly marks: readonly FlagMark[];
}

/**
 * A validation rule: a pure function of the series, its context and the configuration.
 *
 * @example
 * const r = negativeValueRule.check(series, context, veeConfig());
 * r.findings; // [{ ruleId: 'negative-value', severity: 'error', … }]
 */
export interface VeeRule {
  readonly id: VeeRuleId;
  /** One line for operators: what the rule checks. */
  readonly description: string;
  check(series: ChannelSeries, context: VeeContext, config: VeeConfig): RuleResult;
}

/** Consecutive runs `[from, to]` (inclusive indices) of a sorted list of indices. */
export function indexRuns(indices: readonly number[]): [number, number][] {
  const out: [number, number][] = [];
  for (const i of indices) {
    const last = out[out.length - 1];
    if (last && i === last[1] + 1) last[1] = i;
    else out.push([i, i]);
  }
  return out;
}

/** An empty {@link RuleResult}. */
export const NO_RESULT: RuleResult = { findings: [], marks: [] };
