import { request } from 'node:http';
import type { StreamMessageDto } from '@gridmeter/api';
import { meterId, Subjects } from '@gridmeter/domain';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startApi, type TestApi } from './setup.js';

let t: TestApi;
let base: URL;
beforeAll(async () => {
  t = await startApi({ api: { heartbeatMs: 100 } });
  base = new URL(await t.app.listen({ host: '127.0.0.1', port: 0 }));
});
afterAll(async () => t?.close());

interface Frame {
  readonly event?: string;
  readonly id?: string;
  readonly data?: StreamMessageDto;
  readonly comment?: string;
}

/** An SSE client over a real socket: collects parsed frames. */
function connect(headers: Record<string, string>) {
  const frames: Frame[] = [];
  let status = 0;
  let contentType = '';
  let buffer = '';
  let closed = false;
  const req = request({ host: base.hostname, port: base.port, path: '/api/stream', headers });
  const ready = new Promise<void>((resolve, reject) => {
    req.on('response', (res) => {
      status = res.statusCode ?? 0;
      contentType = String(res.headers['content-type']);
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const f: { event?: string; id?: string; data?: StreamMessageDto; comment?: string } = {};
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) f.comment = line.slice(1).trim();
            else if (line.startsWith('event: ')) f.event = line.slice(7);
            else if (line.startsWith('id: ')) f.id = line.slice(4);
            else if (line.startsWith('data: ')) f.data = JSON.parse(line.slice(6)) as StreamMessageDto;
          }
          frames.push(f);
        }
        resolve();
      });
      res.on('end', () => {
        closed = true;
        resolve();
      });
    });
    req.on('error', reject);
  });
  req.end();
  return {
    frames,
    ready,
    get status() {
      return status;
    },
    get contentType() {
      return contentType;
    },
    get closed() {
      return closed;
    },
    close: () => req.destroy(),
  };
}

async function until(check: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}

const messages = (frames: readonly Frame[]): StreamMessageDto[] =>
  frames.flatMap((f) => {
    if (!f.data) return [];
    // The SSE event name is the message type.
    expect(f.event).toBe(f.data.type);
    return [f.data];
  });
const meterOf = (m: StreamMessageDto) =>
  m.type === 'command-result' || m.type === 'prepayment' ? m.meterId : m.event.meterId;

async function untilAsync(check: () => Promise<boolean>, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('GET /api/stream over a real socket', () => {
  test('without credentials: a 401 problem', async () => {
    const c = connect({});
    await c.ready;
    expect(c.status).toBe(401);
  });

  test('command progress and events, filtered per customer, with heartbeats', async () => {
    const login = await fetch(new URL('/api/auth/login', base), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'alice', password: 'alice-demo' }),
    });
    const cookie = String(login.headers.get('set-cookie')).split(';')[0] ?? '';
    const alice = connect({ cookie });
    const ops = connect(t.as('operator'));
    await Promise.all([alice.ready, ops.ready]);
    expect(alice.status).toBe(200);
    expect(alice.contentType).toMatch(/^text\/event-stream/);
    await until(() => alice.frames.length > 0 && ops.frames.length > 0);
    expect(alice.frames[0]?.comment).toMatch(/^connected at 2026-01-20T12:00:00/);

    const metrics = await fetch(new URL('/metrics', base), { headers: t.as('admin') });
    expect(await metrics.text()).toContain('gridmeter_sse_clients 2');

    // Alice's meter GM0001 and Bob's GM0003 are disconnected by an operator.
    const ids: string[] = [];
    for (const meter of ['GM0001', 'GM0003']) {
      const r = await fetch(new URL('/api/commands', base), {
        method: 'POST',
        headers: { ...t.as('operator'), 'content-type': 'application/json' },
        body: JSON.stringify({ meterId: meter, action: { kind: 'disconnect' } }),
      });
      expect(r.status).toBe(201);
      ids.push(((await r.json()) as { id: string }).id);
    }
    for (const id of ids) {
      await t.fx.gateway.advance(id, 'in-progress');
      await t.fx.gateway.advance(id, 'succeeded', 'relay open');
    }
    // Tamper alarms on Alice's GM0002 and Bob's GM0004.
    for (const m of ['GM0002', 'GM0004']) {
      await t.fx.bus.publish(Subjects.meterEvent(m), {
        type: 'meter-event',
        event: { meterId: meterId(m), occurredAt: t.fx.clock.now(), code: 44, log: 'fraud', source: 'push' },
      });
    }

    await until(() => messages(ops.frames).length >= 12);
    await until(() => messages(alice.frames).length >= 6);
    const seen = messages(alice.frames);
    expect(seen.map((m) => [m.type, meterOf(m)])).toEqual([
      ['command-result', 'GM0001'],
      ['command-result', 'GM0001'],
      ['command-result', 'GM0001'],
      ['meter-event', 'GM0001'],
      ['meter-event', 'GM0002'],
      ['alarm', 'GM0002'],
    ]);
    expect(seen.slice(0, 3).map((m) => (m.type === 'command-result' ? m.state : undefined))).toEqual([
      'queued',
      'in-progress',
      'succeeded',
    ]);
    expect(seen[2]).toMatchObject({
      commandId: ids[0],
      detail: 'relay open',
      at: '2026-01-20T12:00:00.000Z',
    });
    expect(seen[3]).toMatchObject({ type: 'meter-event', event: { code: 62, name: 'Remote disconnection' } });
    expect(seen[5]).toMatchObject({
      type: 'alarm',
      event: { code: 44, name: 'Meter cover removed', severity: 'alarm' },
    });

    const all = messages(ops.frames);
    expect(new Set(all.map(meterOf))).toEqual(new Set(['GM0001', 'GM0002', 'GM0003', 'GM0004']));
    expect(all).toHaveLength(12);
    // Event ids increase.
    const frameIds = ops.frames.filter((f) => f.id).map((f) => Number(f.id));
    expect(frameIds).toEqual([...frameIds].sort((a, b) => a - b));

    // The live supply state changed as the stream said.
    const meter = await fetch(new URL('/api/meters/GM0001', base), { headers: { cookie } });
    expect(((await meter.json()) as { supply: string }).supply).toBe('disconnected');

    await until(() => alice.frames.some((f) => f.comment === 'heartbeat'));

    alice.close();
    ops.close();
    await untilAsync(async () => {
      const r = await fetch(new URL('/metrics', base), { headers: t.as('admin') });
      return (await r.text()).includes('gridmeter_sse_clients 0');
    });
  });

  test('prepayment notices: a top-up reaches the account holder and staff, not other customers', async () => {
    const cookieOf = async (username: string) => {
      const login = await fetch(new URL('/api/auth/login', base), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password: `${username}-demo` }),
      });
      return String(login.headers.get('set-cookie')).split(';')[0] ?? '';
    };
    const bob = connect({ cookie: await cookieOf('bob') });
    const alice = connect({ cookie: await cookieOf('alice') });
    const ops = connect(t.as('operator'));
    await Promise.all([bob.ready, alice.ready, ops.ready]);
    await until(() => bob.frames.length > 0 && alice.frames.length > 0 && ops.frames.length > 0);
    const before = (await (
      await fetch(new URL('/api/prepayment/accounts/PP-B2', base), { headers: t.as('operator') })
    ).json()) as {
      balanceMinor: number;
    };
    const topUp = await fetch(new URL('/api/prepayment/accounts/PP-B2/top-ups', base), {
      method: 'POST',
      headers: { ...t.as('operator'), 'content-type': 'application/json' },
      body: JSON.stringify({ amountMinor: 2_000, reference: 'stream-test-1' }),
    });
    expect(topUp.status).toBe(200);
    const prepaid = (frames: readonly Frame[]) => messages(frames).filter((m) => m.type === 'prepayment');
    await until(() => prepaid(bob.frames).length > 0 && prepaid(ops.frames).length > 0);
    expect(prepaid(bob.frames)[0]).toMatchObject({
      type: 'prepayment',
      accountId: 'PP-B2',
      servicePointId: 'SP-B2',
      meterId: 'GM0004',
      event: 'topped-up',
      balanceMinor: before.balanceMinor + 2_000,
    });
    expect(prepaid(ops.frames).map((m) => m.type === 'prepayment' && m.event)).toContain('topped-up');
    // Alice's stream is alive (heartbeats) but carries nothing of Bob's account.
    await until(() => alice.frames.some((f) => f.comment === 'heartbeat'));
    expect(prepaid(alice.frames)).toEqual([]);
    // The same reference again credits nothing and says nothing.
    const again = await fetch(new URL('/api/prepayment/accounts/PP-B2/top-ups', base), {
      method: 'POST',
      headers: { ...t.as('operator'), 'content-type': 'application/json' },
      body: JSON.stringify({ amountMinor: 2_000, reference: 'stream-test-1' }),
    });
    expect(again.status).toBe(200);
    const count = prepaid(bob.frames).length;
    await until(() => bob.frames.filter((f) => f.comment === 'heartbeat').length >= 2);
    expect(prepaid(bob.frames)).toHaveLength(count);
    bob.close();
    alice.close();
    ops.close();
  });

  test('a stream ends when its session does, and follows a customer’s service points as they change', async () => {
    const loginAs = async (username: string, password: string) =>
      (
        (await (
          await fetch(new URL('/api/auth/login', base), {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ username, password }),
          })
        ).json()) as { token: string }
      ).token;
    const bobToken = await loginAs('bob', 'bob-demo');
    const bob = connect({ authorization: `Bearer ${bobToken}` });
    await bob.ready;
    await until(() => bob.frames.length > 0);
    const publish = (m: string) =>
      t.fx.bus.publish(Subjects.meterEvent(m), {
        type: 'meter-event',
        event: { meterId: meterId(m), occurredAt: t.fx.clock.now(), code: 2, log: 'standard', source: 'log' },
      });
    await publish('GM0006');
    const users = (await t.app.inject({ method: 'GET', url: '/api/users', headers: t.as('admin') })).json();
    const bobId = users.items.find((u: { username: string }) => u.username === 'bob').id;
    await t.app.inject({
      method: 'PATCH',
      url: `/api/users/${bobId}`,
      headers: t.as('admin'),
      payload: { servicePointIds: ['SP-B1', 'SP-B2', 'SP-C6'] },
    });
    await publish('GM0006');
    await until(() => messages(bob.frames).length === 1);
    expect(messages(bob.frames)[0]).toMatchObject({
      type: 'meter-event',
      event: { meterId: 'GM0006', code: 2 },
    });

    await fetch(new URL('/api/auth/logout', base), {
      method: 'POST',
      headers: { authorization: `Bearer ${bobToken}` },
    });
    await until(() => bob.closed);
  });

  test('closing the app ends open streams', async () => {
    const c = connect(t.as('viewer'));
    await c.ready;
    await until(() => c.frames.length > 0);
    await t.app.close();
    await until(() => c.closed);
  });
});
