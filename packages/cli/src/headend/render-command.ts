/** What `gridmeter headend command …` prints: a command, its result, its audit trail. */
import type { Command, CommandAction } from '@gridmeter/domain';
import type { AuditEntry, CommandResult } from '@gridmeter/headend';
import { isoSeconds, table, toJson } from './table.js';

/** `top-up 500 EUR`, `set-limiter 3000 W`, `read-now registers`. */
export function describeAction(a: CommandAction): string {
  switch (a.kind) {
    case 'top-up':
      return `top-up ${a.amountMinor} ${a.currency} minor units`;
    case 'set-limiter':
      return `set-limiter ${a.thresholdW} W`;
    case 'set-clock':
      return a.to === undefined ? 'set-clock (to now)' : `set-clock to ${isoSeconds(a.to)}`;
    case 'read-now':
      return `read-now ${a.what}`;
    case 'program-calendar':
      return `program-calendar ${a.tariffId} at ${isoSeconds(a.activateAt)}`;
    case 'firmware-upgrade':
      return `firmware-upgrade ${a.imageId} (${a.module})`;
    default:
      return a.kind;
  }
}

/** The command block: id, action, meter, state, who and when, result. */
export function commandBlock(c: Command, result?: CommandResult, reused = false): string {
  return [
    `command ${c.id}${reused ? ' (already submitted with this idempotency key)' : ''}`,
    `  action:       ${describeAction(c.action)}`,
    `  meter:        ${c.meterId}`,
    `  state:        ${c.state}`,
    `  priority:     ${c.priority}${c.idempotencyKey === undefined ? '' : `  key: ${c.idempotencyKey}`}`,
    `  requested:    ${isoSeconds(c.createdAt)} by ${c.requestedBy}`,
    `  updated:      ${isoSeconds(c.updatedAt)} after ${c.attempts} attempt(s)`,
    `  result:       ${result?.detail ?? c.result ?? '(none yet)'}`,
    ...(result?.data === undefined ? [] : [`  data:         ${toJson(result.data).replace(/\n/g, '\n  ')}`]),
    '',
  ].join('\n');
}

/** The audit trail: when, who, what, states, detail. */
export function auditTable(entries: readonly AuditEntry[]): string {
  return `audit\n${table(
    ['at', 'by', 'event', 'from → to', 'attempt', 'detail'],
    entries.map((e) => [
      isoSeconds(e.at),
      e.by,
      e.event,
      e.from === undefined && e.to === undefined ? '' : `${e.from ?? ''} → ${e.to ?? ''}`,
      e.attempt === undefined ? '' : String(e.attempt),
      e.detail ?? '',
    ]),
  )}`;
}

/** One line per command, oldest first. */
export function commandList(commands: readonly Command[]): string {
  if (commands.length === 0) return 'no commands in this journal\n';
  return table(
    ['id', 'meter', 'action', 'state', 'priority', 'created', 'key'],
    commands.map((c) => [
      c.id,
      c.meterId,
      describeAction(c.action),
      c.state,
      String(c.priority),
      isoSeconds(c.createdAt),
      c.idempotencyKey ?? '',
    ]),
    '',
  );
}
