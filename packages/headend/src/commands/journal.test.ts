import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type Command,
  CommandState,
  IllegalCommandTransitionError,
  meterId,
  TestClock,
} from '@gridmeter/domain';
import { describe, expect, it } from 'vitest';
import { JournalCorruptError } from './errors.js';
import { CommandJournal, RECOVERY_ACTOR } from './journal.js';

const T0 = Date.UTC(2026, 10, 8, 9);
const command = (id: string, extra: Partial<Command> = {}): Command => ({
  id,
  meterId: meterId('GM00000001'),
  action: { kind: 'disconnect' },
  state: CommandState.queued,
  priority: 0,
  requestedBy: 'ops:alice',
  createdAt: T0,
  attempts: 0,
  updatedAt: T0,
  ...extra,
});
const tmp = async () => join(await mkdtemp(join(tmpdir(), 'gm-journal-')), 'commands.ndjson');
const warnings: string[] = [];
const log = { warn: (m: string) => void warnings.push(m) };

describe('CommandJournal', () => {
  it('writes one NDJSON event per change and rebuilds the same state on reopen', async () => {
    const path = await tmp();
    const clock = new TestClock(T0);
    const j = await CommandJournal.open(path, { clock });
    await j.submit(command('c1', { idempotencyKey: 'k1' }), 'ops:alice');
    await j.transition('c1', CommandState.inProgress, 'worker');
    await j.attempt('c1', 'worker');
    await j.transition('c1', CommandState.succeeded, 'worker', { result: { detail: 'ok', data: { a: 1 } } });
    await j.close();
    const lines = (await readFile(path, 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l).type);
    expect(lines).toEqual(['submitted', 'transitioned', 'attempt', 'result', 'transitioned']);
    const again = await CommandJournal.open(path, { clock });
    expect(again.get('c1')).toMatchObject({ state: 'succeeded', attempts: 1, result: 'ok' });
    expect(again.result('c1')).toEqual({ state: 'succeeded', detail: 'ok', data: { a: 1 } });
    expect(again.byIdempotencyKey('k1')?.id).toBe('c1');
    expect(again.audit('c1').map((a) => [a.event, a.by, a.to])).toEqual([
      ['submitted', 'ops:alice', 'queued'],
      ['transitioned', 'worker', 'in-progress'],
      ['attempt', 'worker', undefined],
      ['result', 'worker', 'succeeded'],
      ['transitioned', 'worker', 'succeeded'],
    ]);
    await again.close();
  });

  it('returns the first command for a known idempotency key, also when both submissions race', async () => {
    const j = await CommandJournal.open(await tmp());
    const [a, b] = await Promise.all([
      j.submit(command('c1', { idempotencyKey: 'k' }), 'x'),
      j.submit(command('c2', { idempotencyKey: 'k' }), 'y'),
    ]);
    expect([a.created, b.created]).toEqual([true, false]);
    expect(b.command.id).toBe('c1');
    expect(j.list()).toHaveLength(1);
    await j.close();
  });

  it('refuses an edge the lifecycle does not have', async () => {
    const j = await CommandJournal.open(await tmp());
    await j.submit(command('c1'), 'x');
    await expect(j.transition('c1', CommandState.succeeded, 'w')).rejects.toThrow(
      IllegalCommandTransitionError,
    );
    await j.close();
  });

  it('drops a torn last line with a warning, keeps every earlier line, and re-queues an in-progress command', async () => {
    const path = await tmp();
    const j = await CommandJournal.open(path);
    await j.submit(command('done'), 'x');
    await j.transition('done', CommandState.cancelled, 'x');
    await j.submit(command('running', { idempotencyKey: 'once' }), 'x');
    await j.transition('running', CommandState.inProgress, 'worker');
    await j.close();
    await writeFile(path, `${await readFile(path, 'utf8')}{"v":1,"type":"attempt","at":1,"id":"runn`);
    warnings.length = 0;
    const reopened = await CommandJournal.open(path, { log, clock: new TestClock(T0 + 1000) });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/torn last line/);
    expect(reopened.recovered).toEqual(['running']);
    expect(reopened.get('done')?.state).toBe('cancelled');
    expect(reopened.get('running')?.state).toBe('queued');
    expect(reopened.byIdempotencyKey('once')?.id).toBe('running');
    expect(reopened.audit('running').at(-1)).toMatchObject({
      by: RECOVERY_ACTOR,
      from: 'in-progress',
      to: 'queued',
    });
    // The torn bytes are gone: the file is whole lines again and appends start on a fresh line.
    await reopened.attempt('running', 'worker');
    await reopened.close();
    const text = await readFile(path, 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    expect(
      text
        .split('\n')
        .filter(Boolean)
        .every((l) => JSON.parse(l).v === 1),
    ).toBe(true);
    const third = await CommandJournal.open(path);
    expect(third.recovered).toEqual([]);
    expect(third.get('running')).toMatchObject({ state: 'queued', attempts: 1 });
    await third.close();
  });

  it('refuses a corrupt line that is not the last', async () => {
    const path = await tmp();
    await writeFile(path, 'not json\n{"v":1}\n');
    await expect(CommandJournal.open(path)).rejects.toThrow(JournalCorruptError);
  });
});
