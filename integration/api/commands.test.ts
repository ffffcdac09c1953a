import type { CommandDetailDto, CommandDto } from '@gridmeter/api';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startApi, type TestApi } from './setup.js';

let t: TestApi;
beforeAll(async () => {
  t = await startApi();
});
afterAll(async () => t?.close());

const send = (payload: object, key?: string, user: 'operator' | 'viewer' | 'admin' = 'operator') =>
  t.app.inject({
    method: 'POST',
    url: '/api/commands',
    headers: { ...t.as(user), ...(key === undefined ? {} : { 'idempotency-key': key }) },
    payload,
  });

describe('POST /api/commands', () => {
  test('201 for a new command, 200 with the same command for a repeated Idempotency-Key', async () => {
    const first = await send({ meterId: 'GM0003', action: { kind: 'disconnect' } }, 'ops-42');
    expect(first.statusCode).toBe(201);
    const c: CommandDto = first.json();
    expect(c).toMatchObject({
      meterId: 'GM0003',
      action: { kind: 'disconnect' },
      state: 'queued',
      requestedBy: 'operator',
      idempotencyKey: 'ops-42',
      createdAt: '2026-01-20T12:00:00.000Z',
    });
    const again = await send({ meterId: 'GM0003', action: { kind: 'disconnect' } }, 'ops-42');
    expect(again.statusCode).toBe(200);
    expect(again.json().id).toBe(c.id);
    expect(t.fx.gateway.list({ meterId: 'GM0003' })).toHaveLength(1);
    expect(t.fx.audit.list({ action: 'command.create' }).filter((r) => r.target === 'GM0003')).toHaveLength(
      1,
    );
  });

  test('the same key for a different request is a 422, and nothing is queued', async () => {
    const before = t.fx.gateway.list().length;
    const other = await send({ meterId: 'GM0005', action: { kind: 'disconnect' } }, 'ops-42');
    expect(other.statusCode).toBe(422);
    expect(other.json()).toMatchObject({ type: 'urn:gridmeter:problem:idempotency-key-reused' });
    const otherAction = await send({ meterId: 'GM0003', action: { kind: 'reconnect' } }, 'ops-42');
    expect(otherAction.statusCode).toBe(422);
    expect(t.fx.gateway.list().length).toBe(before);
  });

  test('without a key every post is a new command', async () => {
    const a = (await send({ meterId: 'GM0005', action: { kind: 'read-now', what: 'events' } })).json();
    const b = (await send({ meterId: 'GM0005', action: { kind: 'read-now', what: 'events' } })).json();
    expect(a.id).not.toBe(b.id);
  });

  test('instants in actions are ISO-8601 both ways', async () => {
    const res = await send({
      meterId: 'GM0001',
      action: { kind: 'program-calendar', tariffId: 'RES-TOU', activateAt: '2026-02-01T00:00:00Z' },
      expiresAt: '2026-01-21T00:00:00Z',
      priority: 9,
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      action: { kind: 'program-calendar', tariffId: 'RES-TOU', activateAt: '2026-02-01T00:00:00.000Z' },
      expiresAt: '2026-01-21T00:00:00.000Z',
      priority: 9,
    });
    const stored = t.fx.gateway.get(res.json().id);
    expect(stored?.action).toEqual({
      kind: 'program-calendar',
      tariffId: 'RES-TOU',
      activateAt: Date.UTC(2026, 1, 1),
    });
  });

  test('fields an action does not have are not passed to the head-end', async () => {
    const res = await send({ meterId: 'GM0005', action: { kind: 'disconnect', thresholdW: 5, force: true } });
    expect(res.statusCode).toBe(201);
    expect(t.fx.gateway.get(res.json().id)?.action).toEqual({ kind: 'disconnect' });
  });

  test('an unknown meter is 404; a bad action is 400; a viewer is 403', async () => {
    expect((await send({ meterId: 'GM9999', action: { kind: 'reconnect' } })).statusCode).toBe(404);
    const bad = await send({ meterId: 'GM0001', action: { kind: 'set-limiter', thresholdW: -1 } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors).toEqual([{ path: 'body/action/thresholdW', message: 'must be >= 0' }]);
    const unknown = await send({ meterId: 'GM0001', action: { kind: 'explode' } });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors).toHaveLength(1);
    expect(unknown.json().errors[0].path).toBe('body/action/kind');
    expect(
      (await send({ meterId: 'GM0001', action: { kind: 'disconnect' } }, undefined, 'viewer')).statusCode,
    ).toBe(403);
  });
});

describe('list, detail, cancel', () => {
  test('lists newest first, filters by meter and state, pages', async () => {
    const list = (
      await t.app.inject({ method: 'GET', url: '/api/commands?limit=100', headers: t.as('viewer') })
    ).json();
    expect(list.total).toBe(t.fx.gateway.list().length);
    const created = list.items.map((c: CommandDto) => c.createdAt);
    expect(created).toEqual([...created].sort().reverse());
    const gm5 = (
      await t.app.inject({
        method: 'GET',
        url: '/api/commands?meterId=GM0005&state=queued',
        headers: t.as('viewer'),
      })
    ).json();
    expect(gm5.items.every((c: CommandDto) => c.meterId === 'GM0005' && c.state === 'queued')).toBe(true);
    const ofMeter = (
      await t.app.inject({ method: 'GET', url: '/api/meters/GM0005/commands', headers: t.as('viewer') })
    ).json();
    expect(ofMeter.total).toBe(gm5.total);
  });

  test('detail carries the history as the command runs', async () => {
    const c: CommandDto = (await send({ meterId: 'GM0006', action: { kind: 'set-clock' } })).json();
    await t.fx.gateway.advance(c.id, 'in-progress');
    await t.fx.gateway.advance(c.id, 'failed', 'association refused');
    const d: CommandDetailDto = (
      await t.app.inject({ method: 'GET', url: `/api/commands/${c.id}`, headers: t.as('viewer') })
    ).json();
    expect(d).toMatchObject({ state: 'failed', attempts: 1, result: 'association refused' });
    expect(d.history.map((h) => [h.state, h.by])).toEqual([
      ['queued', 'operator'],
      ['in-progress', 'headend'],
      ['failed', 'headend'],
    ]);
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/commands/CMD-404', headers: t.as('viewer') }))
        .statusCode,
    ).toBe(404);
  });

  test('cancel a queued command; a second cancel is 409; both audited', async () => {
    const c: CommandDto = (await send({ meterId: 'GM0004', action: { kind: 'reconnect' } })).json();
    const cancel = () =>
      t.app.inject({ method: 'POST', url: `/api/commands/${c.id}/cancel`, headers: t.as('admin') });
    const first = await cancel();
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ id: c.id, state: 'cancelled' });
    const second = await cancel();
    expect(second.statusCode).toBe(409);
    expect(second.json()).toMatchObject({ status: 409, type: 'urn:gridmeter:problem:command-state' });
    expect(t.fx.audit.list({ action: 'command.cancel' }).map((r) => r.result)).toEqual(['failed', 'ok']);
    expect(
      (await t.app.inject({ method: 'POST', url: '/api/commands/CMD-404/cancel', headers: t.as('admin') }))
        .statusCode,
    ).toBe(404);
  });

  test('an illegal transition from the head-end is a 409 problem', async () => {
    const c: CommandDto = (
      await send({ meterId: 'GM0004', action: { kind: 'read-now', what: 'registers' } })
    ).json();
    await t.fx.gateway.advance(c.id, 'in-progress');
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/commands/${c.id}/cancel`,
      headers: t.as('admin'),
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().detail).toMatch(/cannot be cancelled/);
  });
});

describe('firmware', () => {
  test('images, and a campaign that queues one firmware command per meter', async () => {
    const images = (
      await t.app.inject({ method: 'GET', url: '/api/firmware/images', headers: t.as('viewer') })
    ).json();
    expect(images.map((i: { id: string }) => i.id)).toEqual(['FW-2.1.0', 'FW-2.0.3']);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/firmware/campaigns',
      headers: t.as('operator'),
      payload: {
        imageId: 'FW-2.1.0',
        module: 'application',
        meterIds: ['GM0001', 'GM0003'],
        maxFailureRate: 0.1,
      },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ imageId: 'FW-2.1.0', meters: 2, pending: 2, succeeded: 0 });
    const list = (
      await t.app.inject({ method: 'GET', url: '/api/firmware/campaigns', headers: t.as('viewer') })
    ).json();
    expect(list[0].id).toBe(res.json().id);
    const fw = t.fx.gateway.list().filter((c) => c.action.kind === 'firmware-upgrade');
    expect(fw.map((c) => c.meterId).sort()).toEqual(['GM0001', 'GM0003']);
    const unknownImage = await t.app.inject({
      method: 'POST',
      url: '/api/firmware/campaigns',
      headers: t.as('operator'),
      payload: { imageId: 'FW-9', module: 'application', meterIds: ['GM0001'] },
    });
    expect(unknownImage.statusCode).toBe(404);
    const unknownMeter = await t.app.inject({
      method: 'POST',
      url: '/api/firmware/campaigns',
      headers: t.as('operator'),
      payload: { imageId: 'FW-2.1.0', module: 'application', meterIds: ['GM9999'] },
    });
    expect(unknownMeter.statusCode).toBe(400);
  });
});
