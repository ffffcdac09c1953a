/** What `gridmeter headend read` prints. */
import { applyScaler, eventCodeInfo, unitSymbol } from '@gridmeter/domain';
import type { MeterCollectionResult } from '@gridmeter/headend';
import type { BusCapture } from './capture.js';
import { isoSeconds, table, toJson } from './table.js';

/** One on-demand read: the collector's result and what it published. */
export interface ReadReport {
  readonly result: MeterCollectionResult;
  readonly elapsedMs: number;
  readonly captured: BusCapture;
}

/** The read as JSON: result, interval blocks, register reads and events as published on the bus. */
export function readJson(r: ReadReport): string {
  return `${toJson({
    ...r.result,
    elapsedMs: Math.round(r.elapsedMs),
    intervalBlocks: r.captured.intervalBlocks,
    registerReads: r.captured.registerReads,
    events: r.captured.events,
  })}\n`;
}

/** The read as tables: a summary line, then interval blocks, registers and events. */
export function readTable(r: ReadReport): string {
  const { result, captured } = r;
  const drift =
    result.clockDriftMs === undefined
      ? ''
      : `, clock drift ${(result.clockDriftMs / 1000).toFixed(1)} s${result.clockSynchronised ? ' (clock set)' : ''}`;
  let out =
    `${result.meterId}: read in ${Math.round(r.elapsedMs)} ms — ${result.intervals} intervals, ` +
    `${result.registerReads} register reads, ${result.events} events, ${result.openGaps} open gaps${drift}\n`;
  if (captured.intervalBlocks.length > 0) {
    out += '\ninterval blocks\n';
    out += table(
      ['channel', 'from', 'to', 'intervals', 'total', 'unit'],
      captured.intervalBlocks.map((b) => [
        b.channel,
        isoSeconds(b.start),
        isoSeconds(b.start + b.values.length * b.intervalSeconds * 1000),
        String(b.values.length),
        String(b.values.reduce((s, v) => s + (v.value ?? 0), 0)),
        unitSymbol(b.unit),
      ]),
    );
  }
  if (captured.registerReads.length > 0) {
    out += '\nregisters\n';
    out += table(
      ['register', 'value', 'unit', 'at', 'billing period'],
      captured.registerReads.map((x) => [
        x.register,
        String(applyScaler(x.value, x.scaler ?? 0)),
        unitSymbol(x.unit),
        isoSeconds(x.readAt),
        x.billingPeriod === undefined ? '' : String(x.billingPeriod),
      ]),
    );
  }
  if (captured.events.length > 0) {
    out += '\nevents\n';
    out += table(
      ['occurred at', 'code', 'event', 'log', 'source'],
      captured.events.map((e) => [
        isoSeconds(e.occurredAt),
        String(e.code),
        eventCodeInfo(e.code, e.log).name,
        e.log,
        e.source,
      ]),
    );
  }
  return out;
}
