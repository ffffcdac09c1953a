import { describe, expect, test } from 'vitest';
import { AuditLog } from './audit.js';

describe('AuditLog', () => {
  test('numbers and stamps records, lists newest first, filters by user and action prefix', () => {
    let now = 100;
    const log = new AuditLog({ now: () => now++ });
    log.record({ user: 'ops', action: 'command.create', target: 'GM1', result: 'ok' });
    log.record({
      user: 'ops',
      action: 'command.cancel',
      target: 'CMD-1',
      result: 'failed',
      detail: 'started',
    });
    log.record({ user: 'eve', action: 'login.failed', target: 'session', result: 'failed' });
    log.record({ user: 'ops', action: 'commandeer', target: 'x', result: 'ok' });
    expect(log.list().map((r) => [r.id, r.at])).toEqual([
      [4, 103],
      [3, 102],
      [2, 101],
      [1, 100],
    ]);
    expect(log.list({ action: 'command' }).map((r) => r.action)).toEqual([
      'command.cancel',
      'command.create',
    ]);
    expect(log.list({ user: 'eve' })).toHaveLength(1);
  });
});
