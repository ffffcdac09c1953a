import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BusMessage, InProcessBus, Subjects, TestClock } from '@gridmeter/domain';
import { afterEach, describe, expect, it } from 'vitest';
import { CommandNotCancellableError, CommandNotFoundError } from './errors.js';
import { CommandJournal } from './journal.js';
import type { CommandPool, SessionFor } from './ports.js';
import { CommandService } from './service.js';
import { FakeMeter } from './test-support/fake-meter.js';
import { FakePool } from './test-support/fake-pool.js';

const T0 = Date.UTC(2026, 10, 8, 9);
const opened: CommandJournal[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((j) => j.close()));
});
/** Waits (real time: fsync takes real time) until `done` holds. */
async function until(done: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !done(); i++) await new Promise((r) => setTimeout(r, 5));
}
const tmp = async () => join(await mkdtemp(join(tmpdir(), 'gm-service-')), 'commands.ndjson');

async function setup(path?: string, pool: CommandPool = new FakePool()) {
  const clock = new TestClock(T0);
  const meters = new Map<string, FakeMeter>();
  const meter = (id: string) => {
    const known = meters.get(id);
    if (known) return known;
    const m = new FakeMeter(() => clock.now());
    meters.set(id, m);
    return m;
  };
  const sessions: string[] = [];
  const sessionFor: SessionFor = async (id) => {
    sessions.push(id);
    return meter(id).session();
  };
  const journal = await CommandJournal.open(path ?? (await tmp()), { clock });
  opened.push(journal);
  const bus = new InProcessBus();
  const published: BusMessage[] = [];
  bus.subscribe(Subjects.allCommandResults, (m) => void published.push(m));
  const service = new CommandService({ journal, pool, sessionFor, bus, clock, concurrency: 1 });
  return { clock, meter, sessions, journal, service, published };
}

describe('CommandService', () => {
  it('runs a command queued → in-progress → succeeded, verified on the meter, and publishes the result', async () => {
    const { service, meter, published } = await setup();
    const c = await service.submit({
      meterId: 'GM00000001',
      action: { kind: 'disconnect' },
      requestedBy: 'ops:alice',
    });
    expect(c.state).toBe('queued');
    await service.runUntilIdle();
    expect(meter('GM00000001').controlState).toBe(0);
    const done = service.get(c.id);
    expect(done).toMatchObject({ state: 'succeeded', attempts: 1, result: 'control_state disconnected' });
    expect(service.result(c.id)?.data).toEqual({ controlState: 'disconnected' });
    expect(published).toEqual([
      {
        type: 'command-result',
        commandId: c.id,
        meterId: 'GM00000001',
        state: 'succeeded',
        detail: 'control_state disconnected',
        at: T0,
      },
    ]);
    expect(service.audit(c.id).map((a) => `${a.event}:${a.by}:${a.to ?? a.attempt}`)).toEqual([
      'submitted:ops:alice:queued',
      'transitioned:command-worker:in-progress',
      'attempt:command-worker:1',
      'result:command-worker:succeeded',
      'transitioned:command-worker:succeeded',
    ]);
  });

  it('fails a command whose read-back disagrees, without pool retries, and says why', async () => {
    const { service, meter, sessions } = await setup();
    meter('GM00000002').reconnectTo = 0; // the meter ignores remote_reconnect
    meter('GM00000002').controlState = 0;
    const c = await service.submit({
      meterId: 'GM00000002',
      action: { kind: 'reconnect' },
      requestedBy: 'x',
    });
    await service.runUntilIdle();
    expect(service.get(c.id).state).toBe('failed');
    expect(service.get(c.id).result).toMatch(/still reports control_state disconnected/);
    expect(service.result(c.id)?.data).toEqual({ error: 'CommandVerificationError' });
    expect(sessions).toHaveLength(1);
  });

  it('fails after the pool gives up on a meter that drops every connection', async () => {
    const { service } = await setup(undefined, new FakePool(3));
    const broken: SessionFor = async () => {
      throw new Error('connect ECONNREFUSED');
    };
    const journal = await CommandJournal.open(await tmp());
    opened.push(journal);
    const s = new CommandService({ journal, pool: new FakePool(3), sessionFor: broken, concurrency: 1 });
    const c = await s.submit({ meterId: 'GM00000003', action: { kind: 'disconnect' }, requestedBy: 'x' });
    await s.runUntilIdle();
    expect(s.get(c.id)).toMatchObject({ state: 'failed', attempts: 3 });
    expect(s.result(c.id)?.data).toMatchObject({ error: 'PoolWorkError', reason: 'connection-lost' });
    expect(service.list()).toEqual([]);
  });

  it('takes queued commands by priority, then age', async () => {
    const pool = new FakePool();
    const { service, clock } = await setup(undefined, pool);
    const ids: string[] = [];
    for (const [meter, priority] of [
      ['GM00000011', 0],
      ['GM00000012', 5],
      ['GM00000013', 0],
      ['GM00000014', 9],
    ] as const) {
      ids.push(
        (await service.submit({ meterId: meter, action: { kind: 'disconnect' }, priority, requestedBy: 'x' }))
          .id,
      );
      clock.advance(1000);
    }
    await service.runUntilIdle();
    expect(pool.started).toEqual(['GM00000014', 'GM00000012', 'GM00000011', 'GM00000013']);
  });

  it('expires a queued command past expiresAt without running it', async () => {
    const { service, clock, sessions, published } = await setup();
    const c = await service.submit({
      meterId: 'GM00000004',
      action: { kind: 'disconnect' },
      requestedBy: 'x',
      expiresAt: T0 + 60_000,
    });
    clock.advance(60_000);
    await service.runUntilIdle();
    expect(service.get(c.id).state).toBe('expired');
    expect(sessions).toEqual([]);
    expect(published.map((m) => m.type === 'command-result' && m.state)).toEqual(['expired']);
  });

  it('cancels only queued commands', async () => {
    const { service } = await setup();
    const c = await service.submit({
      meterId: 'GM00000005',
      action: { kind: 'disconnect' },
      requestedBy: 'x',
    });
    const cancelled = await service.cancel(c.id, 'ops:bob');
    expect(cancelled.state).toBe('cancelled');
    expect(service.audit(c.id).at(-1)).toMatchObject({ by: 'ops:bob', to: 'cancelled' });
    await expect(service.cancel(c.id, 'ops:bob')).rejects.toThrow(CommandNotCancellableError);
    const d = await service.submit({
      meterId: 'GM00000005',
      action: { kind: 'disconnect' },
      requestedBy: 'x',
    });
    await service.runUntilIdle();
    await expect(service.cancel(d.id, 'ops:bob')).rejects.toThrow(/it is succeeded/);
    expect(() => service.get('nope')).toThrow(CommandNotFoundError);
  });

  it('runs a command once per idempotency key, also after a restart on the same journal file', async () => {
    const path = await tmp();
    const first = await setup(path);
    const a = await first.service.submit({
      meterId: 'GM00000006',
      action: { kind: 'top-up', amountMinor: 500, currency: 'EUR' },
      requestedBy: 'x',
      idempotencyKey: 'pay-1',
    });
    const b = await first.service.submit({
      meterId: 'GM00000006',
      action: { kind: 'top-up', amountMinor: 500, currency: 'EUR' },
      requestedBy: 'x',
      idempotencyKey: 'pay-1',
    });
    expect(b.id).toBe(a.id);
    await first.service.runUntilIdle();
    expect(first.meter('GM00000006').tokenCredit).toBe(1_500);
    await first.journal.close();
    const second = await setup(path);
    const c = await second.service.submit({
      meterId: 'GM00000006',
      action: { kind: 'top-up', amountMinor: 500, currency: 'EUR' },
      requestedBy: 'x',
      idempotencyKey: 'pay-1',
    });
    expect(c).toMatchObject({ id: a.id, state: 'succeeded' });
    await second.service.runUntilIdle();
    expect(second.sessions).toEqual([]);
    expect(second.service.list()).toHaveLength(1);
  });

  it('after a crash re-queues the in-progress command and runs it exactly once', async () => {
    const path = await tmp();
    const crashed = await setup(path);
    const c = await crashed.service.submit({
      meterId: 'GM00000007',
      action: { kind: 'disconnect' },
      requestedBy: 'x',
      idempotencyKey: 'cut-7',
    });
    await crashed.journal.transition(c.id, 'in-progress', 'command-worker');
    await crashed.journal.close();
    await writeFile(path, `${await readFile(path, 'utf8')}{"v":1,"type":"attempt","id":"${c.id}","at":`);
    const restarted = await setup(path);
    expect(restarted.journal.recovered).toEqual([c.id]);
    expect(restarted.service.get(c.id).state).toBe('queued');
    await restarted.service.submit({
      meterId: 'GM00000007',
      action: { kind: 'disconnect' },
      requestedBy: 'x',
      idempotencyKey: 'cut-7',
    });
    await restarted.service.runUntilIdle();
    await restarted.service.runUntilIdle();
    expect(restarted.sessions).toEqual(['GM00000007']);
    expect(restarted.service.get(c.id).state).toBe('succeeded');
    expect(restarted.service.audit(c.id).map((a) => a.by)).toContain('journal-recovery');
  });

  it('runs with start()/stop(): a submit wakes the worker; the poll timer expires what is due', async () => {
    const { service, clock } = await setup();
    service.start();
    const c = await service.submit({
      meterId: 'GM00000008',
      action: { kind: 'set-limiter', thresholdW: 6000 },
      requestedBy: 'x',
    });
    await until(() => service.get(c.id).state === 'succeeded');
    expect(service.get(c.id)).toMatchObject({ state: 'succeeded', result: 'threshold_normal 6000 W' });
    await service.stop();
    const late = await service.submit({
      meterId: 'GM00000009',
      action: { kind: 'disconnect' },
      requestedBy: 'x',
      expiresAt: T0 + 500,
    });
    clock.advance(1_000);
    service.start();
    await until(() => service.get(late.id).state === 'expired');
    expect(service.get(late.id).state).toBe('expired');
    await service.stop();
  });
});
