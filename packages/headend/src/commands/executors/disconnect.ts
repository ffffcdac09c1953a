import { ControlState, controlStateConverter, enumName } from '@gridmeter/dlms';
import { CommandVerificationError } from '../errors.js';
import { DISCONNECT_CONTROL, NO_PARAMETER } from './cosem.js';
import type { Executor } from './types.js';

/**
 * `disconnect`: Disconnect control method 1 remote_disconnect, then control_state (attribute 3)
 * must read disconnected (0).
 */
export const disconnect: Executor<'disconnect'> = async ({ client }) => {
  await client.action({ ...DISCONNECT_CONTROL, methodId: 1 }, NO_PARAMETER);
  const state = controlStateConverter.fromData(await client.get({ ...DISCONNECT_CONTROL, attributeId: 3 }));
  const name = enumName(ControlState, state) ?? String(state);
  if (state !== ControlState.disconnected) {
    throw new CommandVerificationError(
      `After remote_disconnect the meter reports control_state ${name} (${state})`,
    );
  }
  return { detail: `control_state ${name}`, data: { controlState: name } };
};
