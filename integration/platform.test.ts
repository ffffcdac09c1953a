/**
 * The platform as the demo wires it, end to end over real TCP: a small fleet, the head-end
 * backfilling two days, the MDM storing and validating, bills from validated data, prepaid
 * accounts charged as intervals arrive, and a disconnect command reaching the meter's relay.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { meterId } from '@gridmeter/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Platform, startPlatform } from '../packages/cli/src/platform/platform.js';
import { prepaymentLedgerFor } from '../packages/cli/src/platform/prepayment.js';
import { seriesOf, seriesOfMany } from '../packages/cli/src/platform/series.js';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 9, 14, 12, 0, 0); // a Wednesday, inside friendly hours
const TODAY = Math.floor(NOW / DAY) * DAY;
const CH = '1-0:1.8.0*255';

let platform: Platform;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gm-platform-'));
  platform = await startPlatform({
    meters: 40,
    seed: 3,
    speed: 1,
    historyDays: 2,
    dlmsHost: '0.0.0.0',
    dlmsPort: 0,
    dataDir: dir,
    storePath: ':memory:',
    concurrency: 20,
    startAt: NOW,
    prepayment: (parts) => prepaymentLedgerFor(parts, TODAY - 2 * DAY),
  });
  const ids = platform.catalogue.map((e) => e.meterId);
  await platform.headEnd.collect(ids, ['profile', 'registers', 'events']);
  await platform.pipeline.flush();
}, 120_000);

afterAll(async () => {
  await platform?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('the demo platform', () => {
  it('lists every meter with its place and the supply state read from its disconnect control', () => {
    const meters = platform.services.fleet.meters();
    expect(meters).toHaveLength(platform.fleet.size);
    const customers = meters.filter((m) => m.role === 'customer' && m.kind === 'electricity');
    expect(customers.length).toBeGreaterThan(20);
    for (const m of customers) {
      expect(m.supply).toBe('connected');
      expect(m.lastReadAt).toBeGreaterThanOrEqual(NOW);
      expect(m.transformerId).toMatch(/^T\d{5}$/);
    }
    const transformers = platform.services.fleet.transformers();
    expect(transformers.reduce((n, t) => n + t.meterIds.length, 0)).toBe(40);
  });

  it("stores yesterday's 96 intervals per meter and reports them complete", async () => {
    const first = platform.catalogue.find((e) => e.kind === 'household')!;
    const blocks = await platform.services.store.readIntervals({
      meterId: meterId(first.meterId),
      channel: CH,
      from: TODAY - DAY,
      to: TODAY,
    });
    expect(blocks.reduce((n, b) => n + b.values.filter((v) => v.value !== null).length, 0)).toBe(96);
    expect(platform.services.kpis.snapshot().yesterday.completeness).toBe(1);
  });

  it("bills yesterday for every postpaid account and splits usage by the tariff's TOU periods", async () => {
    const run = await platform.services.billing.runBills({ from: TODAY - DAY, to: TODAY }, 'test');
    const postpaid = platform.catalogue.filter((e) => e.role === 'customer' && !e.prepaid);
    expect(run.failures).toEqual([]);
    expect(run.billed).toBe(postpaid.length);
    const household = postpaid.find((e) => e.kind === 'household')!;
    const [bill] = platform.services.billing.bills({ accountId: household.accountId });
    expect(bill?.lines.length).toBeGreaterThan(0);
    expect(bill?.totalMinor).toBeGreaterThan(0);
    const usage = await platform.services.billing.usage(household.servicePointId, {
      from: TODAY - DAY,
      to: TODAY,
      granularity: 'day',
    });
    expect(usage).toHaveLength(1);
    const u = usage[0]!;
    expect(Object.values(u.byPeriod).reduce((a, b) => a + b, 0)).toBe(u.importWh);
    expect(bill?.determinants[0]?.importWh).toBe(u.importWh);
  });

  it('reads every billed meter in one batched read exactly as meter by meter', async () => {
    const entries = platform.catalogue.filter((e) => e.role === 'customer');
    const store = platform.services.store;
    const many = await seriesOfMany(store, entries, TODAY - 2 * DAY, TODAY);
    expect(many.size).toBe(entries.length);
    for (const e of entries) {
      const one = await seriesOf(store, e, TODAY - 2 * DAY, TODAY);
      expect(many.get(e.meterId), e.meterId).toEqual(one);
    }
    const withExport = entries.filter((e) =>
      Array.from(many.get(e.meterId)?.exportWh ?? []).some((v) => v > 0),
    );
    expect(withExport.length).toBeGreaterThan(0);
  });

  it('charges prepaid accounts for the intervals collected', () => {
    const accounts = platform.services.prepayment.accounts();
    expect(accounts.length).toBeGreaterThan(0);
    for (const a of accounts)
      expect(
        a.events.map((e) => e.type),
        JSON.stringify(a),
      ).toContain('charged');
  });

  it('tells the live stream of a top-up, and not of each interval charged', async () => {
    const notices: { accountId: string; type: string; balanceMinor: number }[] = [];
    const stop = platform.services.prepayment.onNotice!((n) => notices.push(n));
    const [account] = platform.services.prepayment.accounts();
    const after = await platform.services.prepayment.topUp(
      account!.accountId,
      1_500,
      'platform-test-1',
      'test',
    );
    stop();
    expect(notices.map((n) => [n.accountId, n.type])).toContainEqual([account!.accountId, 'topped-up']);
    // The last notice (the top-up, or an emergency-credit repayment after it) has the balance now.
    expect(notices.at(-1)?.balanceMinor).toBe(after.balanceMinor);
    expect(notices.map((n) => n.type)).not.toContain('charged');
  });

  it('disconnects a meter through the command service: the relay opens and the fleet view follows', async () => {
    const target = platform.catalogue.find((e) => e.kind === 'household' && !e.prepaid)!;
    const command = await platform.services.commands.submit({
      meterId: target.meterId,
      action: { kind: 'disconnect' },
      idempotencyKey: 'test-disconnect-1',
      requestedBy: 'operator',
    });
    const again = await platform.services.commands.submit({
      meterId: target.meterId,
      action: { kind: 'disconnect' },
      idempotencyKey: 'test-disconnect-1',
      requestedBy: 'operator',
    });
    expect(again.id).toBe(command.id);
    await platform.commandService.runUntilIdle();
    expect(platform.services.commands.get(command.id)?.state).toBe('succeeded');
    expect(platform.fleet.runtime(target.index).relay.outputState).toBe(false);
    expect(platform.services.fleet.meter(target.meterId)?.supply).toBe('disconnected');
    expect(platform.services.commands.history(command.id).map((s) => s.state)).toContain('succeeded');
  });
});
