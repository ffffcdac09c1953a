import type {
  IntervalBlock,
  IntervalValue,
  ReadingSource,
  VeeResult as StoredVeeResult,
} from '@gridmeter/domain';
import type { Finding } from '../vee/finding.js';
import type { BatchSeries } from './batch.js';

type SeriesMeta = Pick<BatchSeries, 'meterId' | 'channel' | 'unit' | 'intervalSeconds'>;

/** Collects interval values into blocks of consecutive slots (one store write per builder). */
export class BlockBuilder {
  readonly blocks: IntervalBlock[] = [];
  #open:
    | { meta: SeriesMeta; source: ReadingSource; start: number; next: number; values: IntervalValue[] }
    | undefined;
  count = 0;

  push(meta: SeriesMeta, source: ReadingSource, start: number, value: IntervalValue): void {
    const o = this.#open;
    if (o && o.meta === meta && o.source === source && o.next === start) {
      o.values.push(value);
      o.next += meta.intervalSeconds * 1000;
    } else {
      this.#close();
      this.#open = { meta, source, start, next: start + meta.intervalSeconds * 1000, values: [value] };
    }
    this.count++;
  }

  #close(): void {
    const o = this.#open;
    if (!o) return;
    this.blocks.push({
      meterId: o.meta.meterId,
      channel: o.meta.channel,
      unit: o.meta.unit,
      intervalSeconds: o.meta.intervalSeconds,
      start: o.start,
      values: o.values,
      source: o.source,
    });
    this.#open = undefined;
  }

  /** The blocks built so far (closes the open one). */
  done(): IntervalBlock[] {
    this.#close();
    return this.blocks;
  }
}

const OUTCOME = { error: 'failed', warning: 'suspect', info: 'passed' } as const;

/** A VEE finding as the store keeps it: error → failed, warning → suspect, info → passed. */
export function findingResult(
  runId: string,
  meta: SeriesMeta,
  f: Finding,
  at: number,
  changeId: string | undefined,
): StoredVeeResult {
  return {
    runId,
    ruleId: f.ruleId,
    meterId: meta.meterId,
    channel: meta.channel,
    from: f.start,
    to: f.end,
    outcome: OUTCOME[f.severity],
    details: { ...f.details, severity: f.severity, message: f.message },
    ...(changeId ? { changeId } : {}),
    at,
  };
}
