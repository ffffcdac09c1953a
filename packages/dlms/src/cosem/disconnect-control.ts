/**
 * Disconnect control (IEC 62056-6-2 §4.5.8): the supply switch's internal state machine. Three
 * states, eight transitions (a–h of the Blue Book's state diagram) and seven control modes that
 * say which transitions are allowed.
 */
import { converter, type DataConverter, enumPart } from './converter.js';

/** control_state (§4.5.8). */
export const ControlState = {
  disconnected: 0,
  connected: 1,
  ready_for_reconnection: 2,
} as const;
export type ControlState = (typeof ControlState)[keyof typeof ControlState];

/** control_mode (§4.5.8): 0 = no disconnection at all, 1-6 = the allowed transition sets. */
export const ControlMode = [0, 1, 2, 3, 4, 5, 6] as const;
export type ControlMode = (typeof ControlMode)[number];

/** What asks for a transition: the two methods, the manual push button, or a local function (e.g. a Limiter). */
export type DisconnectTrigger =
  | 'remote_disconnect'
  | 'remote_reconnect'
  | 'manual_disconnect'
  | 'manual_reconnect'
  | 'local_disconnect'
  | 'local_reconnect';

/** The eight transitions of the state diagram (§4.5.8). */
export type DisconnectTransition = 'a' | 'b' | 'c' | 'd' | 'e' | 'f' | 'g' | 'h';

const D = ControlState.disconnected;
const C = ControlState.connected;
const R = ControlState.ready_for_reconnection;

/** Each transition: its trigger, the state it leaves and the state it enters. */
export const DISCONNECT_TRANSITIONS: Readonly<
  Record<
    DisconnectTransition,
    { readonly trigger: DisconnectTrigger; readonly from: ControlState; readonly to: ControlState }
  >
> = {
  a: { trigger: 'remote_reconnect', from: D, to: C },
  b: { trigger: 'remote_disconnect', from: C, to: D },
  c: { trigger: 'remote_disconnect', from: R, to: D },
  d: { trigger: 'remote_reconnect', from: D, to: R },
  e: { trigger: 'manual_reconnect', from: R, to: C },
  f: { trigger: 'manual_disconnect', from: C, to: R },
  g: { trigger: 'local_disconnect', from: C, to: R },
  h: { trigger: 'local_reconnect', from: R, to: C },
};

/** The transitions each control_mode allows (§4.5.8, control_mode). */
export const CONTROL_MODE_TRANSITIONS: Readonly<Record<ControlMode, readonly DisconnectTransition[]>> = {
  0: [],
  1: ['b', 'c', 'f', 'g', 'd', 'e'],
  2: ['b', 'c', 'f', 'g', 'a', 'e'],
  3: ['b', 'c', 'g', 'd', 'e'],
  4: ['b', 'c', 'g', 'a', 'e'],
  5: ['b', 'c', 'f', 'g', 'd', 'e', 'h'],
  6: ['b', 'c', 'g', 'd', 'e', 'h'],
};

/**
 * The state Disconnect control enters when `trigger` happens in `state` under `mode`, or
 * `undefined` when the mode does not allow that trigger in that state (the state is unchanged).
 *
 * @example
 * disconnectTransition(ControlState.connected, 1, 'remote_disconnect'); // 0 (disconnected)
 * disconnectTransition(ControlState.disconnected, 1, 'remote_reconnect'); // 2 (ready_for_reconnection)
 * disconnectTransition(ControlState.disconnected, 2, 'remote_reconnect'); // 1 (connected)
 */
export function disconnectTransition(
  state: ControlState,
  mode: ControlMode,
  trigger: DisconnectTrigger,
): ControlState | undefined {
  const allowed = CONTROL_MODE_TRANSITIONS[mode];
  if (allowed === undefined) throw new RangeError(`control_mode must be 0-6, got ${mode}`);
  for (const name of allowed) {
    const t = DISCONNECT_TRANSITIONS[name];
    if (t.from === state && t.trigger === trigger) return t.to;
  }
  return undefined;
}

/** output_state for a control_state: only `connected` closes the switch (§4.5.8). */
export function outputStateOf(state: ControlState): boolean {
  return state === ControlState.connected;
}

/** Disconnect control `control_state`; values other than 0-2 are rejected. */
export const controlStateConverter: DataConverter<ControlState> = converter(
  'control_state',
  enumPart(Object.values(ControlState)),
);

/** Disconnect control `control_mode`; values other than 0-6 are rejected. */
export const controlModeConverter: DataConverter<ControlMode> = converter(
  'control_mode',
  enumPart(ControlMode),
);
