import type { CommandAction, CommandKind } from '@gridmeter/domain';
import { disconnect } from './disconnect.js';
import { firmwareUpgrade } from './firmware-upgrade.js';
import { programCalendar } from './program-calendar.js';
import { readNow } from './read-now.js';
import { reconnect } from './reconnect.js';
import { setClock } from './set-clock.js';
import { setLimiter } from './set-limiter.js';
import { topUp } from './top-up.js';
import type { ExecutionOutcome, Executor, ExecutorContext } from './types.js';

/** The executor of each command kind. */
export type ExecutorTable = { readonly [K in CommandKind]: Executor<K> };

/** The built-in executors, one per `CommandAction` kind. */
export const DEFAULT_EXECUTORS: ExecutorTable = {
  'read-now': readNow,
  disconnect,
  reconnect,
  'set-limiter': setLimiter,
  'set-clock': setClock,
  'program-calendar': programCalendar,
  'top-up': topUp,
  'firmware-upgrade': firmwareUpgrade,
};

/** Runs `action` with its executor from `table`. */
export function execute(
  table: ExecutorTable,
  session: Parameters<Executor>[0],
  action: CommandAction,
  context: ExecutorContext,
): Promise<ExecutionOutcome> {
  const run = table[action.kind] as Executor;
  return run(session, action as never, context);
}
