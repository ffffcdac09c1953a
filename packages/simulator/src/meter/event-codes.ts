/**
 * Event codes the meter functions report, as the DLMS UA Blue Book's standard event codes and the
 * IDIS package number them (IEC 62056-6-2 §4.3.7 event logs hold them in an Event code Data object).
 * 230–233 are in the manufacturer-specific range and mean what their names say here.
 */

/** Standard event codes (IDIS / Blue Book) plus Gridmeter's 230–233. */
export const EventCode = {
  power_down: 1,
  power_up: 2,
  clock_adjusted_old_time: 4,
  clock_adjusted_new_time: 5,
  tou_activated: 9,
  firmware_ready_for_activation: 17,
  firmware_activated: 18,
  passive_tou_programmed: 19,
  terminal_cover_removed: 40,
  terminal_cover_closed: 41,
  strong_dc_magnetic_field: 42,
  no_strong_dc_magnetic_field: 43,
  meter_cover_removed: 44,
  meter_cover_closed: 45,
  decryption_or_authentication_failure: 47,
  disconnector_ready_for_manual_reconnection: 59,
  manual_disconnection: 60,
  manual_connection: 61,
  remote_disconnection: 62,
  remote_connection: 63,
  local_disconnection: 64,
  limiter_threshold_exceeded: 65,
  limiter_threshold_ok: 66,
  limiter_threshold_changed: 67,
  credit_exhausted: 230,
  low_credit: 231,
  firmware_verification_failed: 232,
  firmware_activation_failed: 233,
} as const;
export type EventCode = (typeof EventCode)[keyof typeof EventCode];

/** The event log a meter files an event in. */
export type EventLogName =
  | 'standard'
  | 'fraud'
  | 'disconnect'
  | 'power-quality'
  | 'firmware'
  | 'power-failure';

/** One thing that happened in a meter function, at simulated UTC epoch ms `at`. */
export interface MeterEvent {
  readonly at: number;
  readonly code: number;
  readonly log: EventLogName;
}

/** Where the engines report their events. */
export type OnMeterEvent = (event: MeterEvent) => void;

/** Ignores events; the default sink of every engine. */
export const ignoreEvents: OnMeterEvent = () => {};
