import { ControlState, controlStateConverter, enumName } from '@gridmeter/dlms';
import { CommandVerificationError } from '../errors.js';
import { DISCONNECT_CONTROL, NO_PARAMETER } from './cosem.js';
import type { Executor } from './types.js';

/**
 * `reconnect`: Disconnect control method 2 remote_reconnect, then control_state must read
 * connected (1) or ready_for_reconnection (2, the customer presses the button; control modes 1,
 * 3, 5, 6); the result says which.
 */
export const reconnect: Executor<'reconnect'> = async ({ client }) => {
  await client.action({ ...DISCONNECT_CONTROL, methodId: 2 }, NO_PARAMETER);
  const state = controlStateConverter.fromData(await client.get({ ...DISCONNECT_CONTROL, attributeId: 3 }));
  const name = enumName(ControlState, state) ?? String(state);
  if (state === ControlState.disconnected) {
    throw new CommandVerificationError(
      'After remote_reconnect the meter still reports control_state disconnected (0)',
    );
  }
  return { detail: `control_state ${name}`, data: { controlState: name } };
};
