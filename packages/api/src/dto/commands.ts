import type { Command, CommandAction } from '@gridmeter/domain';
import type { CampaignSummary, CommandStep } from '../ports.js';
import type { CampaignDto, CommandActionDto, CommandDto, CommandStepDto } from '../schemas/commands.js';
import { opt } from './meters.js';
import { iso, isoField, parseTime } from './time.js';

/** The domain action of a request body (instants from ISO-8601 to epoch ms; unknown fields dropped). */
export function toCommandAction(a: CommandActionDto): CommandAction {
  switch (a.kind) {
    case 'read-now':
      return { kind: a.kind, what: a.what };
    case 'disconnect':
    case 'reconnect':
      return { kind: a.kind };
    case 'set-limiter':
      return { kind: a.kind, thresholdW: a.thresholdW };
    case 'set-clock':
      return a.to === undefined ? { kind: a.kind } : { kind: a.kind, to: parseTime(a.to, 'action.to') };
    case 'program-calendar':
      return { kind: a.kind, tariffId: a.tariffId, activateAt: parseTime(a.activateAt, 'action.activateAt') };
    case 'top-up':
      return { kind: a.kind, amountMinor: a.amountMinor, currency: a.currency };
    case 'firmware-upgrade':
      return {
        kind: a.kind,
        imageId: a.imageId,
        module: a.module,
        ...(a.activateAt === undefined ? {} : { activateAt: parseTime(a.activateAt, 'action.activateAt') }),
      };
  }
}

export function toCommandActionDto(a: CommandAction): CommandActionDto {
  switch (a.kind) {
    case 'set-clock':
      return { kind: 'set-clock', ...isoField('to', a.to) };
    case 'program-calendar':
      return { ...a, activateAt: iso(a.activateAt) };
    case 'firmware-upgrade': {
      const { activateAt, ...rest } = a;
      return { ...rest, ...isoField('activateAt', activateAt) };
    }
    default:
      return a;
  }
}

export function toCommandDto(c: Command): CommandDto {
  return {
    id: c.id,
    meterId: c.meterId,
    action: toCommandActionDto(c.action),
    state: c.state,
    priority: c.priority,
    ...opt('idempotencyKey', c.idempotencyKey),
    requestedBy: c.requestedBy,
    createdAt: iso(c.createdAt),
    updatedAt: iso(c.updatedAt),
    ...isoField('expiresAt', c.expiresAt),
    attempts: c.attempts,
    ...opt('result', c.result),
  };
}

export function toCommandStepDto(s: CommandStep): CommandStepDto {
  return { at: iso(s.at), state: s.state, by: s.by, ...opt('detail', s.detail) };
}

export function toCampaignDto(c: CampaignSummary): CampaignDto {
  return { ...c, createdAt: iso(c.createdAt) };
}
