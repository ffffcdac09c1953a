export {
  AuditConflictError,
  type AuditEntry,
  type AuditStep,
  applyPatches,
  changesBetween,
  type IntervalChange,
  type IntervalPatch,
  type IntervalState,
  reverse,
  revert,
} from './audit.js';
export {
  configForGroup,
  DEFAULT_VEE_CONFIG,
  type EstimationConfig,
  ruleEnabled,
  type VeeConfig,
  type VeeConfigOverrides,
  type VeeThresholds,
  veeConfig,
} from './config.js';
export {
  type ClockAdjustment,
  clockAdjustments,
  disconnectionWindows,
  outageWindows,
  type ReceivedInterval,
  type VeeContext,
} from './context.js';
export { applyEdits, type ManualEdit } from './edit.js';
export { VeeEngine, type VeeEngineOptions, type VeeResult } from './engine.js';
export {
  type Estimation,
  EstimationMethod,
  type EstimationResult,
  estimate,
  type ScaleBasis,
} from './estimation/estimate.js';
export { historyProfileAt } from './estimation/profile.js';
export { apportion, scaleToTotal } from './estimation/rounding.js';
export {
  type Finding,
  type FlagMark,
  type RuleResult,
  type Severity,
  type VeeRule,
  VeeRuleId,
} from './finding.js';
export { ValueLookup } from './lookup.js';
export {
  duplicateIntervalRule,
  futureDatedRule,
  intervalSizeRule,
  missingIntervalRule,
} from './rules/completeness.js';
export {
  AmrStatusBit,
  clockAdjustedRule,
  deviceStatusRule,
  powerOutageRule,
  tamperEventRule,
} from './rules/events.js';
export { highUsageRule, lowUsageRule, spikeRule } from './rules/history-checks.js';
export { STATISTICAL_RULES, STRUCTURAL_RULES, VEE_RULES } from './rules/index.js';
export { flatLineRule, zeroConsumptionRule } from './rules/patterns.js';
export { impossibleValueRule, negativeValueRule, reverseFlowRule } from './rules/range.js';
export { type RegisterDelta, registerDeltas, registerMismatchRule } from './rules/register.js';
export {
  type ChannelSeries,
  checkChannelSeries,
  type FlowDirection,
  flowDirection,
  indexAt,
  intervalMs,
  seriesEnd,
  slotStart,
  type TimeWindow,
} from './series.js';
