/**
 * Disconnect control (IEC 62056-6-2 §4.5.8, class_id 70 version 0) at 0.0.96.3.10.255 over a
 * {@link Relay}: output_state and control_state read-only, control_mode read-write, methods 1
 * `remote_disconnect` and 2 `remote_reconnect`. A method whose transition the control_mode does not
 * allow answers other-reason, unless the relay already is where the method leads (disconnect:
 * disconnected; reconnect: connected or ready_for_reconnection), which answers success.
 */
import {
  ActionResult,
  type ControlMode,
  ControlState,
  type CosemServerObject,
  controlModeConverter,
  controlStateConverter,
  DataAccessError,
  type DlmsData,
} from '@gridmeter/dlms';
import type { Relay } from '../meter/relay.js';
import {
  fromData,
  noParameter,
  noSuchAttribute,
  noSuchMethod,
  readOnly,
  sharedLogicalName,
  simple,
} from './object-support.js';

/** Logical name of Disconnect control (IEC 62056-6-1). */
export const DISCONNECT_CONTROL_LN = '0.0.96.3.10.255';

const outputState = simple('output_state', 'boolean');

/**
 * @example
 * new DisconnectControlObject(relay, () => clock.now());
 */
export class DisconnectControlObject implements CosemServerObject {
  readonly classId = 70;
  readonly version = 0;
  readonly logicalName: Uint8Array;

  constructor(
    readonly relay: Relay,
    readonly now: () => number,
    name = DISCONNECT_CONTROL_LN,
  ) {
    this.logicalName = sharedLogicalName(name);
  }

  get(attributeId: number): DlmsData {
    switch (attributeId) {
      case 2:
        return outputState.toData(this.relay.outputState);
      case 3:
        return controlStateConverter.toData(this.relay.controlState);
      case 4:
        return controlModeConverter.toData(this.relay.controlMode);
      default:
        return noSuchAttribute(attributeId);
    }
  }

  set(attributeId: number, value: DlmsData): void {
    if (attributeId === 2 || attributeId === 3) readOnly(attributeId);
    if (attributeId !== 4) noSuchAttribute(attributeId);
    this.relay.controlMode = fromData(controlModeConverter, value) as ControlMode;
  }

  action(methodId: number, parameters: DlmsData | undefined): undefined {
    noParameter(parameters);
    const at = this.now();
    const state = this.relay.controlState;
    if (methodId === 1) {
      if (this.relay.remoteDisconnect(at) || state === ControlState.disconnected) return undefined;
    } else if (methodId === 2) {
      if (this.relay.remoteReconnect(at) || state !== ControlState.disconnected) return undefined;
    } else {
      noSuchMethod(methodId);
    }
    throw new DataAccessError(
      ActionResult.otherReason,
      `control_mode ${this.relay.controlMode} does not allow method ${methodId} in control_state ${state}`,
    );
  }
}
