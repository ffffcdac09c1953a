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
});
