import {
  type ChangeInfo,
  type ChannelInfo,
  checkIntervalBlock,
  checkQuality,
  type IntervalBlock,
  type IntervalWriteOptions,
  type MeterEvent,
  type MeterInstallation,
  READING_KINDS,
  type ReadingKind,
  type RegisterRead,
  type Rollup,
  type VeeResult,
} from '@gridmeter/domain';

/** Throws `RangeError` unless `from < to`, both safe integers (epoch ms). */
export function checkRange(what: string, from: number, to: number): void {
  if (!Number.isSafeInteger(from) || !Number.isSafeInteger(to)) {
    throw new RangeError(`${what}: range bounds must be integer epoch ms, got [${from}, ${to})`);
  }
  if (from >= to) throw new RangeError(`${what}: range is empty or reversed: from ${from} >= to ${to}`);
}

function checkInt(what: string, v: number): void {
  if (!Number.isSafeInteger(v)) throw new RangeError(`${what} must be a safe integer, got ${v}`);
}

/** The write's kind and change, defaults applied; edits must name user and reason. */
export interface WriteSpec {
  readonly kind: ReadingKind;
  readonly change: Required<Pick<ChangeInfo, 'action'>> & ChangeInfo;
}

const ACTION_OF_KIND = {
  raw: 'ingest',
  validated: 'validate',
  estimated: 'estimate',
  edited: 'edit',
} as const;

/** Applies defaults to interval write options; throws `TypeError` for an unknown kind or an unattributed edit. */
export function writeSpec(options: IntervalWriteOptions | undefined): WriteSpec {
  const kind = options?.kind ?? 'raw';
  if (!READING_KINDS.includes(kind)) throw new TypeError(`Unknown reading kind "${String(kind)}"`);
  const change = { ...options?.change, action: options?.change?.action ?? ACTION_OF_KIND[kind] };
  if (kind === 'edited' && (!change.user || !change.reason)) {
    throw new TypeError('An edited write needs change.user and change.reason for the audit trail');
  }
  return { kind, change };
}

/** Checks every block (domain invariants plus quality bits and device status); throws `RangeError` naming the block. */
export function checkBlocks(blocks: readonly IntervalBlock[]): void {
  blocks.forEach((b, i) => {
    try {
      checkIntervalBlock(b);
      checkInt('unit', b.unit);
      if (typeof b.meterId !== 'string' || b.meterId === '') throw new RangeError('meterId is empty');
      if (typeof b.channel !== 'string' || b.channel === '') throw new RangeError('channel is empty');
      b.values.forEach((v, j) => {
        checkQuality(v.quality);
        if (v.deviceStatus !== undefined) checkInt(`interval ${j} deviceStatus`, v.deviceStatus);
      });
    } catch (err) {
      if (!(err instanceof RangeError)) throw err;
      throw new RangeError(`Block ${i} (${String(b.meterId)} ${b.channel} @${b.start}): ${err.message}`, {
        cause: err,
      });
    }
  });
}

export function checkRegisterReads(reads: readonly RegisterRead[]): void {
  reads.forEach((r, i) => {
    const where = `Register read ${i} (${r.meterId} ${r.register})`;
    if (typeof r.value !== 'bigint')
      throw new TypeError(`${where}: value must be a bigint, got ${typeof r.value}`);
    if (r.value > 9_223_372_036_854_775_807n || r.value < -9_223_372_036_854_775_808n) {
      throw new RangeError(`${where}: value ${r.value} does not fit a BIGINT`);
    }
    checkInt(`${where}: readAt`, r.readAt);
    checkQuality(r.quality);
  });
}

export function checkEvents(events: readonly MeterEvent[]): void {
  events.forEach((e, i) => {
    checkInt(`Event ${i} occurredAt`, e.occurredAt);
    checkInt(`Event ${i} code`, e.code);
  });
}

export function checkVeeResults(results: readonly VeeResult[]): void {
  results.forEach((r, i) => {
    checkRange(`VEE result ${i} (${r.ruleId} ${r.meterId})`, r.from, r.to);
    checkInt(`VEE result ${i} at`, r.at);
  });
}

export function checkInstallations(list: readonly MeterInstallation[]): void {
  list.forEach((x, i) => {
    checkInt(`Installation ${i} installedAt`, x.installedAt);
    if (x.removedAt !== undefined) checkRange(`Installation ${i} (${x.meterId})`, x.installedAt, x.removedAt);
  });
}

export function checkChannels(list: readonly ChannelInfo[]): void {
  list.forEach((c, i) => {
    checkInt(`Channel ${i} unit`, c.unit);
    if (c.intervalSeconds !== undefined) checkInt(`Channel ${i} intervalSeconds`, c.intervalSeconds);
  });
}

export function checkRollups(rollups: readonly Rollup[]): void {
  rollups.forEach((r, i) => {
    const where = `Rollup ${i} (${r.scope} ${r.scopeId} ${r.period} @${r.periodStart})`;
    if (!['meter', 'transformer', 'feeder'].includes(r.scope)) throw new TypeError(`${where}: unknown scope`);
    if (r.period !== 'day' && r.period !== 'month') throw new TypeError(`${where}: unknown period`);
    for (const k of ['periodStart', 'energy', 'intervals', 'estimated', 'missing'] as const) {
      checkInt(`${where}: ${k}`, r[k]);
    }
  });
}
