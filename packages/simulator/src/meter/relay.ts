/**
 * The supply relay behind Disconnect control (IEC 62056-6-2 §4.5.8, class_id 70): control_state
 * disconnected (0) / connected (1) / ready_for_reconnection (2), control_mode 0–6, the transitions
 * a–h as `disconnectTransition` of @gridmeter/dlms gives them, and the history of states so the
 * supply at any past instant is known.
 */
import {
  type ControlMode,
  ControlState,
  type DisconnectTrigger,
  disconnectTransition,
  outputStateOf,
} from '@gridmeter/dlms';
import { EventCode, ignoreEvents, type OnMeterEvent } from './event-codes.js';
import { History } from './history.js';

export interface RelayOptions {
  /** Default 1 (remote disconnect/reconnect to ready_for_reconnection, manual reconnect). */
  readonly controlMode?: ControlMode;
  /** Default connected. */
  readonly controlState?: ControlState;
  readonly onEvent?: OnMeterEvent;
}

/** Who asks for a local disconnection or reconnection (transitions g and h). */
export type LocalCause = 'limiter' | 'prepayment' | 'other';

/** The event each transition files in the disconnect control log (IDIS codes 59–64). */
function eventOf(trigger: DisconnectTrigger, to: ControlState): number | undefined {
  switch (trigger) {
    case 'remote_disconnect':
      return EventCode.remote_disconnection;
    case 'remote_reconnect':
      return to === ControlState.connected
        ? EventCode.remote_connection
        : EventCode.disconnector_ready_for_manual_reconnection;
    case 'manual_disconnect':
      return EventCode.manual_disconnection;
    case 'manual_reconnect':
      return EventCode.manual_connection;
    case 'local_disconnect':
      return EventCode.local_disconnection;
    case 'local_reconnect':
      // No standard code: the cause (limiter 66, a credit top-up) files its own event.
      return undefined;
  }
}

/**
 * A meter's relay. Transitions the control_mode does not allow leave the state unchanged and
 * return false.
 *
 * @example
 * const relay = new Relay({ controlMode: 2 });
 * relay.remoteDisconnect(t0); // true: connected → disconnected, event 62
 * relay.remoteReconnect(t1);  // true: disconnected → connected (mode 2, transition a), event 63
 * relay.connectedAt(t0 + 1);  // false
 */
export class Relay {
  controlMode: ControlMode;
  readonly #states: History<ControlState>;
  readonly #onEvent: OnMeterEvent;

  constructor(options: RelayOptions = {}) {
    this.controlMode = options.controlMode ?? 1;
    this.#states = new History(options.controlState ?? ControlState.connected);
    this.#onEvent = options.onEvent ?? ignoreEvents;
  }

  get controlState(): ControlState {
    return this.#states.latest;
  }

  /** output_state: true when the supply is connected. */
  get outputState(): boolean {
    return outputStateOf(this.controlState);
  }

  stateAt(t: number): ControlState {
    return this.#states.at(t);
  }

  /** Whether the supply was connected at `t`. */
  connectedAt(t: number): boolean {
    return outputStateOf(this.#states.at(t));
  }

  /** Every state change as (from, state), the initial state first. */
  changes(): { from: number; value: ControlState }[] {
    return this.#states.changes();
  }

  /** `remote_disconnect` (method 1): transitions b, c. */
  remoteDisconnect(at: number): boolean {
    return this.apply('remote_disconnect', at);
  }

  /** `remote_reconnect` (method 2): transition a or d, depending on the control mode. */
  remoteReconnect(at: number): boolean {
    return this.apply('remote_reconnect', at);
  }

  /**
   * The customer presses the button: in ready_for_reconnection it reconnects (e); when connected it
   * disconnects (f) where the mode allows it.
   */
  pressButton(at: number): boolean {
    const trigger = this.controlState === ControlState.connected ? 'manual_disconnect' : 'manual_reconnect';
    return this.apply(trigger, at);
  }

  /** A local function (limiter, prepayment) opens the supply: transition g. */
  localDisconnect(at: number, _cause: LocalCause = 'other'): boolean {
    return this.apply('local_disconnect', at);
  }

  /** A local function allows the supply again: transition h (modes 5 and 6 only). */
  localReconnect(at: number, _cause: LocalCause = 'other'): boolean {
    return this.apply('local_reconnect', at);
  }

  /** Applies `trigger` at `at` if the control mode allows it in the current state. */
  apply(trigger: DisconnectTrigger, at: number): boolean {
    const to = disconnectTransition(this.controlState, this.controlMode, trigger);
    if (to === undefined) return false;
    this.#states.record(at, to);
    const code = eventOf(trigger, to);
    if (code !== undefined) this.#onEvent({ at, code, log: 'disconnect' });
    return true;
  }
}
