import type { MeterId } from './identity.js';

/** The event log a code belongs to (IDIS / DLMS UA event log objects 0.0.99.98.x). */
export type EventLog =
  | 'standard'
  | 'fraud'
  | 'disconnect'
  | 'power-quality'
  | 'firmware'
  | 'power-failure'
  | 'communication';

export type EventSeverity = 'info' | 'warning' | 'alarm';

export interface EventCodeInfo {
  readonly code: number;
  readonly name: string;
  readonly log: EventLog;
  readonly severity: EventSeverity;
}

const e = (code: number, name: string, log: EventLog, severity: EventSeverity): EventCodeInfo => ({
  code,
  name,
  log,
  severity,
});

/**
 * Meter event codes as DLMS meters store them in their event log profiles. Codes below 230 follow
 * the IDIS package 2 event lists; 230–235 are Gridmeter's own (the range IDIS leaves to
 * manufacturers) for prepayment, firmware failures and last gasp / power restored.
 */
export const EVENT_CODES: readonly EventCodeInfo[] = [
  e(1, 'Power down', 'standard', 'warning'),
  e(2, 'Power up', 'standard', 'info'),
  e(3, 'Daylight saving time enabled or disabled', 'standard', 'info'),
  e(4, 'Clock adjusted (old date/time)', 'standard', 'info'),
  e(5, 'Clock adjusted (new date/time)', 'standard', 'info'),
  e(6, 'Clock invalid', 'standard', 'warning'),
  e(7, 'Replace battery', 'standard', 'warning'),
  e(8, 'Battery voltage low', 'standard', 'warning'),
  e(9, 'TOU activated', 'standard', 'info'),
  e(10, 'Error register cleared', 'standard', 'info'),
  e(11, 'Alarm register cleared', 'standard', 'info'),
  e(12, 'Program memory error', 'standard', 'alarm'),
  e(13, 'RAM error', 'standard', 'alarm'),
  e(14, 'NV memory error', 'standard', 'alarm'),
  e(15, 'Watchdog error', 'standard', 'alarm'),
  e(16, 'Measurement system error', 'standard', 'alarm'),
  e(17, 'Firmware ready for activation', 'firmware', 'info'),
  e(18, 'Firmware activated', 'firmware', 'info'),
  e(19, 'Passive TOU programmed', 'standard', 'info'),
  e(20, 'External alert detected', 'standard', 'warning'),
  e(40, 'Terminal cover removed', 'fraud', 'alarm'),
  e(41, 'Terminal cover closed', 'fraud', 'info'),
  e(42, 'Strong DC field detected', 'fraud', 'alarm'),
  e(43, 'No strong DC field anymore', 'fraud', 'info'),
  e(44, 'Meter cover removed', 'fraud', 'alarm'),
  e(45, 'Meter cover closed', 'fraud', 'info'),
  e(46, 'Association authentication failure', 'fraud', 'alarm'),
  e(47, 'Decryption or authentication failure', 'fraud', 'alarm'),
  e(48, 'Replay attack', 'fraud', 'alarm'),
  e(59, 'Supply control switch opened by limiter', 'disconnect', 'warning'),
  e(60, 'Manual disconnection', 'disconnect', 'info'),
  e(61, 'Manual connection', 'disconnect', 'info'),
  e(62, 'Remote disconnection', 'disconnect', 'info'),
  e(63, 'Remote connection', 'disconnect', 'info'),
  e(64, 'Local disconnection', 'disconnect', 'info'),
  e(65, 'Limiter threshold exceeded', 'disconnect', 'warning'),
  e(66, 'Limiter threshold ok', 'disconnect', 'info'),
  e(67, 'Limiter threshold changed', 'disconnect', 'info'),
  e(68, 'Disconnect/reconnect failure', 'disconnect', 'alarm'),
  e(69, 'Local reconnection', 'disconnect', 'info'),
  e(230, 'Credit exhausted, supply interrupted', 'disconnect', 'warning'),
  e(231, 'Low credit', 'disconnect', 'warning'),
  e(76, 'Under voltage L1', 'power-quality', 'warning'),
  e(77, 'Under voltage L2', 'power-quality', 'warning'),
  e(78, 'Under voltage L3', 'power-quality', 'warning'),
  e(79, 'Over voltage L1', 'power-quality', 'warning'),
  e(80, 'Over voltage L2', 'power-quality', 'warning'),
  e(81, 'Over voltage L3', 'power-quality', 'warning'),
  e(82, 'Missing voltage L1', 'power-quality', 'alarm'),
  e(83, 'Missing voltage L2', 'power-quality', 'alarm'),
  e(84, 'Missing voltage L3', 'power-quality', 'alarm'),
  e(85, 'Voltage L1 normal', 'power-quality', 'info'),
  e(86, 'Voltage L2 normal', 'power-quality', 'info'),
  e(87, 'Voltage L3 normal', 'power-quality', 'info'),
  e(88, 'Phase sequence reversal', 'power-quality', 'alarm'),
  e(89, 'Missing neutral', 'power-quality', 'alarm'),
  e(232, 'Firmware verification failed', 'firmware', 'alarm'),
  e(233, 'Firmware activation failed', 'firmware', 'alarm'),
  e(234, 'Last gasp', 'power-failure', 'alarm'),
  e(235, 'Power restored', 'power-failure', 'info'),
];

const BY_CODE = new Map(EVENT_CODES.map((c) => [c.code, c]));

/** Looks up an event code; unknown codes come back as a manufacturer-specific entry. */
export function eventCodeInfo(code: number, log: EventLog = 'standard'): EventCodeInfo {
  return BY_CODE.get(code) ?? { code, name: `Manufacturer-specific event ${code}`, log, severity: 'info' };
}

/** One entry of a meter event log. */
export interface MeterEvent {
  readonly meterId: MeterId;
  /** Epoch milliseconds (UTC) by the meter's clock. */
  readonly occurredAt: number;
  readonly code: number;
  readonly log: EventLog;
  /** Extra values the log captured with the event (e.g. the voltage for a sag). */
  readonly details?: Readonly<Record<string, string | number | boolean>>;
  /** How it reached us: read from the log, pushed by the meter, or raised by the head-end. */
  readonly source: 'log' | 'push' | 'headend' | 'simulator';
}
