/** Identifiers of the validation rules (stable: they are stored with findings and audit entries). */
export const VeeRuleId = {
  missingInterval: 'missing-interval',
  duplicateInterval: 'duplicate-interval',
  intervalSize: 'interval-size',
  futureDated: 'future-dated',
  negativeValue: 'negative-value',
  impossibleValue: 'impossible-value',
  spike: 'spike',
  highUsage: 'high-usage',
  lowUsage: 'low-usage',
  zeroConsumption: 'zero-consumption',
  flatLine: 'flat-line',
  reverseFlow: 'reverse-flow',
  registerMismatch: 'register-mismatch',
  clockAdjusted: 'clock-adjusted',
  powerOutage: 'power-outage',
  deviceStatus: 'device-status',
  tamperEvent: 'tamper-event',
} as const;
export type VeeRuleId = (typeof VeeRuleId)[keyof typeof VeeRuleId];
