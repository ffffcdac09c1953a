/** `gridmeter headend command <verb>` options → a domain command action. */
import type { CommandAction } from '@gridmeter/domain';
import { intOption, isoOption } from '../simulate/options.js';
import { HeadendUsageError } from './errors.js';

/** The verbs `gridmeter headend command` submits. */
export const COMMAND_VERBS = [
  'disconnect',
  'reconnect',
  'top-up',
  'set-limiter',
  'set-clock',
  'read-now',
] as const;

/** One of {@link COMMAND_VERBS}. */
export type CommandVerb = (typeof COMMAND_VERBS)[number];

/** The verb-specific options. */
export interface ActionOptions {
  readonly amount?: string;
  readonly currency: string;
  readonly threshold?: string;
  readonly to?: string;
  readonly what: string;
}

const READ_NOW = ['registers', 'instantaneous', 'load-profile', 'events'] as const;

/** The command action of a verb; a usage error names the missing or bad option. */
export function actionOf(verb: CommandVerb, o: ActionOptions): CommandAction {
  switch (verb) {
    case 'disconnect':
    case 'reconnect':
      return { kind: verb };
    case 'top-up': {
      if (o.amount === undefined)
        throw new HeadendUsageError('top-up needs --amount N (minor units, e.g. cents)');
      if (!/^[A-Z]{3}$/.test(o.currency))
        throw new HeadendUsageError(`--currency must be an ISO 4217 code like EUR, got "${o.currency}"`);
      return {
        kind: 'top-up',
        amountMinor: intOption('--amount', o.amount, 1, 0x7fff_ffff),
        currency: o.currency,
      };
    }
    case 'set-limiter':
      if (o.threshold === undefined) throw new HeadendUsageError('set-limiter needs --threshold W');
      return { kind: 'set-limiter', thresholdW: intOption('--threshold', o.threshold, 0, 0x7fff_ffff) };
    case 'set-clock':
      return o.to === undefined ? { kind: 'set-clock' } : { kind: 'set-clock', to: isoOption('--to', o.to) };
    case 'read-now':
      if (!(READ_NOW as readonly string[]).includes(o.what)) {
        throw new HeadendUsageError(`--what must be one of ${READ_NOW.join(', ')}, got "${o.what}"`);
      }
      return { kind: 'read-now', what: o.what as (typeof READ_NOW)[number] };
  }
}
