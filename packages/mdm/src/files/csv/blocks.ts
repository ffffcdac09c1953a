import type { ChannelCode, IntervalBlock, IntervalValue, MeterId, ReadingSource } from '@gridmeter/domain';

/** One interval row of a tabular file. */
export interface IntervalRow {
  readonly meterId: MeterId;
  readonly channel: ChannelCode;
  readonly unit: number;
  readonly start: number;
  readonly intervalSeconds: number;
  readonly value: IntervalValue;
}

/**
 * Gathers consecutive rows into blocks: a row joins the open block when it has the same meter,
 * channel, unit and interval and starts where the block ends, up to `maxValues` values.
 */
export class BlockBuilder {
  #open: { block: IntervalBlock; values: IntervalValue[]; next: number } | undefined;
  constructor(
    private readonly source: ReadingSource,
    private readonly maxValues: number,
  ) {}

  /** Adds a row; returns the block it closed, if any. */
  add(row: IntervalRow): IntervalBlock | undefined {
    const open = this.#open;
    if (
      open !== undefined &&
      open.next === row.start &&
      open.values.length < this.maxValues &&
      open.block.meterId === row.meterId &&
      open.block.channel === row.channel &&
      open.block.unit === row.unit &&
      open.block.intervalSeconds === row.intervalSeconds
    ) {
      open.values.push(row.value);
      open.next += row.intervalSeconds * 1000;
      return undefined;
    }
    const closed = this.close();
    const values = [row.value];
    this.#open = {
      block: {
        meterId: row.meterId,
        channel: row.channel,
        unit: row.unit,
        start: row.start,
        intervalSeconds: row.intervalSeconds,
        values,
        source: this.source,
      },
      values,
      next: row.start + row.intervalSeconds * 1000,
    };
    return closed;
  }

  /** Closes the open block and returns it. */
  close(): IntervalBlock | undefined {
    const block = this.#open?.block;
    this.#open = undefined;
    return block;
  }
}
