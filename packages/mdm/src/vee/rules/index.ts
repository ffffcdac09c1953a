import type { VeeRule } from '../finding.js';
import {
  duplicateIntervalRule,
  futureDatedRule,
  intervalSizeRule,
  missingIntervalRule,
} from './completeness.js';
import { clockAdjustedRule, deviceStatusRule, powerOutageRule, tamperEventRule } from './events.js';
import { highUsageRule, lowUsageRule, spikeRule } from './history-checks.js';
import { flatLineRule, zeroConsumptionRule } from './patterns.js';
import { impossibleValueRule, negativeValueRule, reverseFlowRule } from './range.js';
import { registerMismatchRule } from './register.js';

/**
 * Rules that read the series and its events directly; they run first and their flags
 * (outage, failed, missing) are seen by {@link STATISTICAL_RULES}.
 */
export const STRUCTURAL_RULES: readonly VeeRule[] = [
  missingIntervalRule,
  duplicateIntervalRule,
  intervalSizeRule,
  futureDatedRule,
  negativeValueRule,
  impossibleValueRule,
  powerOutageRule,
  clockAdjustedRule,
  deviceStatusRule,
  tamperEventRule,
];

/** Rules that compare values with neighbours, history, registers and expectations. */
export const STATISTICAL_RULES: readonly VeeRule[] = [
  spikeRule,
  highUsageRule,
  lowUsageRule,
  zeroConsumptionRule,
  flatLineRule,
  reverseFlowRule,
  registerMismatchRule,
];

/** Every validation rule, in the order the engine runs them. */
export const VEE_RULES: readonly VeeRule[] = [...STRUCTURAL_RULES, ...STATISTICAL_RULES];
