import { InProcessBus, type IntervalBlock, meterId, Subjects } from '@gridmeter/domain';
import { Ingestor } from '@gridmeter/mdm';
import { DuckDbReadingStore } from '@gridmeter/store';
import { describe, expect, it } from 'vitest';

const T0 = Date.UTC(2026, 10, 1);

function day(meter: string, start: number, base: number): IntervalBlock {
  return {
    meterId: meterId(meter),
    channel: '1-0:1.8.0*255',
    unit: 30,
    start,
    intervalSeconds: 900,
    values: Array.from({ length: 96 }, (_, i) => ({ value: base + (i % 7), quality: 0 })),
    source: 'meter',
  };
}

describe('MDM ingest from the Bus into DuckDB', () => {
  it('stores every published reading durably before the publish resolves, once even when redelivered', async () => {
    const store = await DuckDbReadingStore.open({ path: ':memory:' });
    const bus = new InProcessBus();
    const ingestor = new Ingestor({ store, bus, batchIntervals: 5_000, flushMs: 10 });
    ingestor.start();
    const blocks = Array.from({ length: 200 }, (_, i) =>
      day(`GM${String(i + 1).padStart(8, '0')}`, T0, 100 + i),
    );
    await Promise.all(
      blocks.map((b) => bus.publish(Subjects.intervalBlock(b.meterId), { type: 'interval-block', block: b })),
    );
    // Every acknowledged block is readable now.
    const back = await store.readIntervals({
      meterId: meterId('GM00000042'),
      channel: '1-0:1.8.0*255',
      from: T0,
      to: T0 + 86_400_000,
    });
    expect(back.flatMap((b) => b.values.map((v) => v.value))).toEqual(blocks[41]!.values.map((v) => v.value));
    // A redelivery of the same data is a duplicate, not a second copy.
    await Promise.all(
      blocks
        .slice(0, 50)
        .map((b) => bus.publish(Subjects.intervalBlock(b.meterId), { type: 'interval-block', block: b })),
    );
    await ingestor.stop();
    expect(ingestor.stats).toMatchObject({
      intervals: 250 * 96,
      inserted: 200 * 96,
      duplicates: 50 * 96,
      corrected: 0,
    });
    const versions = await store.readIntervalVersions({
      meterId: meterId('GM00000001'),
      channel: '1-0:1.8.0*255',
      from: T0,
      to: T0 + 86_400_000,
    });
    expect(versions).toHaveLength(96);
    await store.close();
  });

  it('keeps a corrected value as a new version and reads the latest', async () => {
    const store = await DuckDbReadingStore.open({ path: ':memory:' });
    const ingestor = new Ingestor({ store, bus: new InProcessBus(), flushMs: 1 });
    const first = day('GM00000001', T0, 100);
    await ingestor.ingestBlocks([first]);
    const corrected: IntervalBlock = {
      ...first,
      values: first.values.map((v, i) => (i === 5 ? { ...v, value: 999 } : v)),
    };
    await ingestor.ingestBlocks([corrected]);
    expect(ingestor.stats).toMatchObject({ inserted: 96, duplicates: 95, corrected: 1 });
    const [block] = await store.readIntervals({
      meterId: meterId('GM00000001'),
      channel: '1-0:1.8.0*255',
      from: T0,
      to: T0 + 86_400_000,
    });
    expect(block!.values[5]!.value).toBe(999);
    await store.close();
  });

  it('stores register reads and events in one call per kind and batch, durable when the publish resolves', async () => {
    const store = await DuckDbReadingStore.open({ path: ':memory:' });
    const calls = { reads: 0, events: 0 };
    const counted = Object.create(store) as DuckDbReadingStore;
    counted.writeRegisterReads = (reads) => {
      calls.reads++;
      return store.writeRegisterReads(reads);
    };
    counted.writeEvents = (events) => {
      calls.events++;
      return store.writeEvents(events);
    };
    const bus = new InProcessBus();
    const ingestor = new Ingestor({ store: counted, bus, flushMs: 20 });
    ingestor.start();
    const meters = Array.from({ length: 100 }, (_, i) => meterId(`GM${String(i + 1).padStart(8, '0')}`));
    await Promise.all(
      meters.flatMap((id, i) => [
        bus.publish(Subjects.registerRead(id), {
          type: 'register-read',
          read: {
            meterId: id,
            register: '1-0:1.8.0*255',
            readAt: T0,
            value: BigInt(1000 + i),
            unit: 30,
            quality: 0,
          },
        }),
        bus.publish(Subjects.meterEvent(id), {
          type: 'meter-event',
          event: { meterId: id, occurredAt: T0, code: 1, log: 'standard', source: 'log' },
        }),
      ]),
    );
    // Acknowledged means stored: every read and event is there before anything else is awaited.
    expect(await store.readRegisterReadsForMeters({ meterIds: meters, from: T0, to: T0 + 1 })).toHaveLength(
      100,
    );
    expect(await store.readEvents({ from: T0, to: T0 + 1 })).toHaveLength(100);
    expect(calls).toEqual({ reads: 1, events: 1 });
    expect(ingestor.stats).toMatchObject({ registerReads: 100, events: 100, batches: 0 });
    await ingestor.stop();
    await store.close();
  });

  it('rejects the deliveries of a batch whose register reads cannot be stored, and stores later ones', async () => {
    const store = await DuckDbReadingStore.open({ path: ':memory:' });
    const errors: unknown[] = [];
    const ingestor = new Ingestor({
      store,
      bus: new InProcessBus(),
      flushMs: 5,
      onError: (e) => errors.push(e),
    });
    const id = meterId('GM00000001');
    const read = (value: bigint) => ({
      meterId: id,
      register: '1-0:1.8.0*255',
      readAt: T0,
      value,
      unit: 30,
      quality: 0,
    });
    const bad = { ...read(1n), value: 1.5 as unknown as bigint };
    const block = day('GM00000001', T0, 100);
    const results = await Promise.allSettled([
      ingestor.ingestRegisterReads([bad]),
      ingestor.ingestBlocks([block]),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(errors).toHaveLength(1);
    await ingestor.ingestRegisterReads([read(7n)]);
    expect((await store.readRegisterReads({ meterId: id, from: T0, to: T0 + 1 }))[0]?.value).toBe(7n);
    await store.close();
  });
});
