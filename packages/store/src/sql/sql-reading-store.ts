import { randomUUID } from 'node:crypto';
import {
  type AuditEntry,
  type AuditQuery,
  type ChangeAction,
  type ChannelCode,
  type ChannelInfo,
  type EventLog,
  type EventQuery,
  type FeederId,
  type InstallationQuery,
  type IntervalBlock,
  type IntervalQuery,
  type IntervalVersion,
  type IntervalWriteOptions,
  type Medium,
  type Meter,
  type MeterEvent,
  type MeterId,
  type MeterInstallation,
  type PhaseConfiguration,
  QualityFlag,
  type ReadingKind,
  type ReadingStore,
  type RegisterRead,
  type RegisterReadQuery,
  type RevertResult,
  type Rollup,
  type RollupPeriod,
  type RollupQuery,
  type RollupScope,
  type RollupWriteMode,
  type ServicePoint,
  type ServicePointId,
  type StoreWriteResult,
  type TransformerId,
  UnknownChangeError,
  type VeeOutcome,
  type VeeResult,
  type VeeResultQuery,
} from '@gridmeter/domain';
import {
  checkBlocks,
  checkChannels,
  checkEvents,
  checkInstallations,
  checkRange,
  checkRegisterReads,
  checkRollups,
  checkVeeResults,
  writeSpec,
} from '../validate.js';
import type { Row, SqlBackend, SqlTx, SqlValue, StagedBlock } from './backend.js';
import { mayRepeatIntervals } from './batch-repeats.js';
import { meterVersionColumnsToBlocks, toIntervalVersion, versionsToBlocks } from './blocks.js';
import { big, int, intOrNull, maybe } from './convert.js';
import {
  CLASSIFIED_COUNTS_SQL,
  changeSeriesSql,
  changeVersionCountSql,
  classifySql,
  insertClassifiedSql,
  latestSql,
  meterBounds,
  meterListSql,
  meterRangeSql,
  meterVersionsSql,
  revertSql,
  SOURCE_CODES,
  versionsSql,
} from './interval-sql.js';
import { insertRows, valuesList } from './values-insert.js';

/** Thrown by every call on a closed store. */
export class StoreClosedError extends Error {
  override readonly name = 'StoreClosedError';
  constructor() {
    super('The reading store is closed');
  }
}

const seriesKey = (meterId: string, channel: string) => `${meterId}|${channel}`;

/** Meters per query of the multi-meter reads (one parameter each). */
const METERS_PER_QUERY = 1_000;

type MeterIntervalsQuery = Parameters<ReadingStore['readIntervalsForMeters']>[0];
// Not re-exported by the domain package's index: named through the port.
type AtomicWrites = Parameters<ReadingStore['writeAtomically']>[0];
type AtomicWriteResult = Awaited<ReturnType<ReadingStore['writeAtomically']>>;
type MeterRegisterReadsQuery = Parameters<ReadingStore['readRegisterReadsForMeters']>[0];

/**
 * The {@link ReadingStore} on a {@link SqlBackend}: all SQL is shared, the backend supplies
 * connections, transactions, bulk staging and partitions. The adapters extend it.
 */
export class SqlReadingStore implements ReadingStore {
  #closed = false;

  protected constructor(protected readonly backend: SqlBackend) {}

  /** Meter-id bounds that let DuckDB skip row groups ({@link meterRangeSql}); none for PostgreSQL. */
  #meterBounds(ids: Iterable<string>): [string, string] | undefined {
    return this.backend.dialect === 'duckdb' ? meterBounds(ids) : undefined;
  }

  /** Many rows in one statement: the backend's bulk path where it has one, else multi-row VALUES. */
  #upsert(...args: Parameters<typeof insertRows>): Promise<number> {
    return this.backend.bulkUpsert ? this.backend.bulkUpsert(...args) : insertRows(...args);
  }

  #t(name: string): string {
    if (this.#closed) throw new StoreClosedError();
    return this.backend.table(name);
  }

  // --- Registry ---------------------------------------------------------------------------------

  async upsertServicePoints(points: readonly ServicePoint[]): Promise<void> {
    const t = this.#t('service_point');
    if (points.length === 0) return;
    const rows = dedupe(points, (p) => p.id).map((p) => [
      p.id,
      p.transformerId ?? null,
      p.feederId ?? null,
      p.hasGeneration,
    ]);
    await this.backend.write((tx) =>
      insertRows(
        tx,
        t,
        ['id', 'transformer_id', 'feeder_id', 'has_generation'],
        ['TEXT', 'TEXT', 'TEXT', 'BOOLEAN'],
        rows,
        `ON CONFLICT (id) DO UPDATE SET transformer_id = excluded.transformer_id, feeder_id = excluded.feeder_id,
         has_generation = excluded.has_generation`,
      ),
    );
  }

  async readServicePoints(ids?: readonly ServicePointId[]): Promise<ServicePoint[]> {
    const t = this.#t('service_point');
    const { where, params } = inList('id', ids);
    const rows = await this.backend.read((tx) => tx.all(`SELECT * FROM ${t} ${where} ORDER BY id`, params));
    return rows.map((r) => ({
      id: r.id as ServicePointId,
      ...maybe('transformerId', r.transformer_id as TransformerId | null),
      ...maybe('feederId', r.feeder_id as FeederId | null),
      hasGeneration: Boolean(r.has_generation),
    }));
  }

  async upsertMeters(meters: readonly Meter[]): Promise<void> {
    const t = this.#t('meter');
    if (meters.length === 0) return;
    const rows = dedupe(meters, (m) => m.id).map((m) => [
      m.id,
      m.medium,
      m.phases ?? null,
      m.manufacturer ?? null,
      m.model ?? null,
      m.firmwareVersion ?? null,
    ]);
    await this.backend.write((tx) =>
      insertRows(
        tx,
        t,
        ['id', 'medium', 'phases', 'manufacturer', 'model', 'firmware_version'],
        ['TEXT', 'TEXT', 'TEXT', 'TEXT', 'TEXT', 'TEXT'],
        rows,
        `ON CONFLICT (id) DO UPDATE SET medium = excluded.medium, phases = excluded.phases,
         manufacturer = excluded.manufacturer, model = excluded.model, firmware_version = excluded.firmware_version`,
      ),
    );
  }

  async readMeters(ids?: readonly MeterId[]): Promise<Meter[]> {
    const t = this.#t('meter');
    const { where, params } = inList('id', ids);
    const rows = await this.backend.read((tx) => tx.all(`SELECT * FROM ${t} ${where} ORDER BY id`, params));
    return rows.map((r) => ({
      id: r.id as MeterId,
      medium: r.medium as Medium,
      ...maybe('phases', r.phases as PhaseConfiguration | null),
      ...maybe('manufacturer', r.manufacturer as string | null),
      ...maybe('model', r.model as string | null),
      ...maybe('firmwareVersion', r.firmware_version as string | null),
    }));
  }

  async upsertInstallations(installations: readonly MeterInstallation[]): Promise<void> {
    const t = this.#t('installation');
    checkInstallations(installations);
    if (installations.length === 0) return;
    const rows = dedupe(installations, (x) => `${x.meterId}@${x.installedAt}`).map((x) => [
      x.meterId,
      x.installedAt,
      x.servicePointId,
      x.removedAt ?? null,
    ]);
    await this.backend.write((tx) =>
      insertRows(
        tx,
        t,
        ['meter_id', 'installed_at', 'service_point_id', 'removed_at'],
        ['TEXT', 'BIGINT', 'TEXT', 'BIGINT'],
        rows,
        `ON CONFLICT (meter_id, installed_at) DO UPDATE SET service_point_id = excluded.service_point_id,
         removed_at = excluded.removed_at`,
      ),
    );
  }

  async readInstallations(query: InstallationQuery): Promise<MeterInstallation[]> {
    const t = this.#t('installation');
    const conds: string[] = [];
    const params: SqlValue[] = [];
    if (query.meterId !== undefined) {
      params.push(query.meterId);
      conds.push(`meter_id = CAST($${params.length} AS TEXT)`);
    }
    if (query.servicePointId !== undefined) {
      params.push(query.servicePointId);
      conds.push(`service_point_id = CAST($${params.length} AS TEXT)`);
    }
    const where = conds.length ? `WHERE ${conds.join(' AND ')}` : '';
    const rows = await this.backend.read((tx) =>
      tx.all(`SELECT * FROM ${t} ${where} ORDER BY installed_at, meter_id`, params),
    );
    return rows.map((r) => ({
      meterId: r.meter_id as MeterId,
      servicePointId: r.service_point_id as ServicePointId,
      installedAt: int(r.installed_at),
      ...maybe('removedAt', intOrNull(r.removed_at)),
    }));
  }

  async upsertChannels(channels: readonly ChannelInfo[]): Promise<void> {
    const t = this.#t('channel');
    checkChannels(channels);
    if (channels.length === 0) return;
    const rows = dedupe(channels, (c) => seriesKey(c.meterId, c.channel)).map((c) => [
      c.meterId,
      c.channel,
      c.unit,
      c.intervalSeconds ?? null,
    ]);
    await this.backend.write((tx) =>
      insertRows(
        tx,
        t,
        ['meter_id', 'channel', 'unit', 'interval_seconds'],
        ['TEXT', 'TEXT', 'INTEGER', 'INTEGER'],
        rows,
        'ON CONFLICT (meter_id, channel) DO UPDATE SET unit = excluded.unit, interval_seconds = excluded.interval_seconds',
      ),
    );
  }

  async readChannels(meterId: MeterId): Promise<ChannelInfo[]> {
    const t = this.#t('channel');
    const rows = await this.backend.read((tx) =>
      tx.all(`SELECT * FROM ${t} WHERE meter_id = CAST($1 AS TEXT) ORDER BY channel`, [meterId]),
    );
    return rows.map((r) => ({
      meterId: r.meter_id as MeterId,
      channel: r.channel as ChannelCode,
      unit: int(r.unit),
      ...maybe('intervalSeconds', intOrNull(r.interval_seconds)),
    }));
  }

  // --- Intervals --------------------------------------------------------------------------------

  async writeIntervalBlocks(
    blocks: readonly IntervalBlock[],
    options?: IntervalWriteOptions,
  ): Promise<StoreWriteResult> {
    this.#t('interval_version');
    const w = this.#prepareIntervals(blocks, options);
    if (!w) return { inserted: 0, duplicates: 0, corrected: 0 };
    await this.backend.prepareIntervalRange(w.min, w.max);
    return this.backend.write((tx) => this.#writeIntervals(tx, w), [...w.series]);
  }

  /** Checks and stages a write in memory; undefined when it holds no value. */
  #prepareIntervals(
    blocks: readonly IntervalBlock[],
    options?: IntervalWriteOptions,
  ): PreparedIntervals | undefined {
    const spec = writeSpec(options);
    checkBlocks(blocks);
    const staged: StagedBlock[] = [];
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    const series = new Set<string>();
    blocks.forEach((b, blockNo) => {
      if (b.values.length === 0) return;
      const last = b.start + (b.values.length - 1) * b.intervalSeconds * 1000;
      if (b.start < min) min = b.start;
      if (last > max) max = last;
      series.add(seriesKey(b.meterId, b.channel));
      staged.push({
        blockNo,
        meterId: b.meterId,
        channel: b.channel,
        unit: b.unit,
        intervalSeconds: b.intervalSeconds,
        source: b.source,
        start: b.start,
        values: b.values,
      });
    });
    if (staged.length === 0) return undefined;
    return { spec, staged, min, max, series, changeId: spec.change.changeId ?? randomUUID() };
  }

  /** Classifies, appends and audits one prepared write inside `tx`. */
  async #writeIntervals(tx: SqlTx, w: PreparedIntervals): Promise<StoreWriteResult> {
    const T = this.#t('interval_version');
    const { spec, changeId } = w;
    const now = Date.now();
    await this.backend.stage(tx, w.staged);
    await tx.run('DROP TABLE IF EXISTS gm_stage_result');
    const bounds = this.#meterBounds(w.staged.map((b) => b.meterId));
    await tx.run(classifySql(T, mayRepeatIntervals(w.staged), bounds !== undefined), [
      spec.kind,
      w.min,
      w.max,
      ...(bounds ?? []),
    ]);
    await tx.run(insertClassifiedSql(T), [spec.kind, changeId, now]);
    const [c] = await tx.all(CLASSIFIED_COUNTS_SQL);
    await tx.run('DROP TABLE gm_stage_result');
    const inserted = int(c?.inserted ?? 0);
    const corrected = int(c?.corrected ?? 0);
    const duplicates = int(c?.duplicates ?? 0);
    if (inserted + corrected === 0) return { inserted, duplicates, corrected };
    await this.#recordChange(tx, {
      changeId,
      action: spec.change.action,
      kind: spec.kind,
      user: spec.change.user,
      reason: spec.change.reason,
      ruleId: spec.change.ruleId,
      at: now,
      versions: inserted + corrected,
      from: int(c?.from_ms),
      to: int(c?.to_ms),
    });
    return { inserted, duplicates, corrected, changeId };
  }

  async writeAtomically(writes: AtomicWrites): Promise<AtomicWriteResult> {
    this.#t('interval_version');
    const prepared = (writes.intervals ?? []).map((w) => this.#prepareIntervals(w.blocks, w.options));
    const results = writes.veeResults ?? [];
    checkVeeResults(results);
    const rollups = writes.rollups ?? [];
    const mode = writes.rollupMode ?? 'add';
    checkRollups(rollups);
    checkRollupMode(mode);
    const cp = writes.checkpoint;
    if (cp && (!cp.name || !Number.isSafeInteger(cp.value)))
      throw new RangeError(`Checkpoint needs a name and a safe integer value, got ${JSON.stringify(cp)}`);
    const series = new Set<string>();
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    for (const w of prepared) {
      if (!w) continue;
      for (const k of w.series) series.add(k);
      min = Math.min(min, w.min);
      max = Math.max(max, w.max);
    }
    if (series.size > 0) await this.backend.prepareIntervalRange(min, max);
    return this.backend.write(
      async (tx) => {
        const out: StoreWriteResult[] = [];
        for (const w of prepared) {
          out.push(w ? await this.#writeIntervals(tx, w) : { inserted: 0, duplicates: 0, corrected: 0 });
        }
        // A result may name the id of an interval write here that stored nothing: it keeps no change id.
        const unstored = new Set<string>();
        (writes.intervals ?? []).forEach((w, i) => {
          const id = w.options?.change?.changeId;
          if (id !== undefined && out[i]?.changeId === undefined) unstored.add(id);
        });
        const named = unstored.size
          ? results.map((r) => {
              if (r.changeId === undefined || !unstored.has(r.changeId)) return r;
              const { changeId: _, ...rest } = r;
              return rest;
            })
          : results;
        const inserted = await this.#insertVeeResults(tx, named);
        await this.#upsertRollups(tx, rollups, mode);
        if (cp) {
          await insertRows(
            tx,
            this.#t('checkpoint'),
            ['name', 'value'],
            ['TEXT', 'BIGINT'],
            [[cp.name, cp.value]],
            'ON CONFLICT (name) DO UPDATE SET value = excluded.value',
          );
        }
        return {
          intervals: out,
          veeResults: { inserted, duplicates: results.length - inserted, corrected: 0 },
        };
      },
      [...series],
    );
  }

  async readCheckpoint(name: string): Promise<number | undefined> {
    const t = this.#t('checkpoint');
    const [row] = await this.backend.read((tx) =>
      tx.all(`SELECT value FROM ${t} WHERE name = CAST($1 AS TEXT)`, [name]),
    );
    return row ? int(row.value) : undefined;
  }

  async readChangeIntervals(changeId: string): Promise<IntervalVersion[]> {
    const T = this.#t('interval_version');
    const [entry] = await this.readAudit({ changeId });
    if (!entry) return [];
    const rows = await this.backend.read((tx) =>
      tx.all(
        `SELECT * FROM ${T} WHERE change_id = CAST($1 AS TEXT)
           AND interval_start >= CAST($2 AS BIGINT) AND interval_start < CAST($3 AS BIGINT)
         ORDER BY meter_id, channel, interval_start`,
        [changeId, entry.from, entry.to],
      ),
    );
    return rows.map(toIntervalVersion);
  }

  async readIntervals(query: IntervalQuery): Promise<IntervalBlock[]> {
    const T = this.#t('interval_version');
    checkRange('readIntervals', query.from, query.to);
    const rows = await this.backend.read((tx) =>
      tx.all(latestSql(T), [query.meterId, query.channel, query.from, query.to]),
    );
    return versionsToBlocks(rows.map(toIntervalVersion));
  }

  async readIntervalsForMeters(query: MeterIntervalsQuery): Promise<IntervalBlock[]> {
    const T = this.#t('interval_version');
    checkRange('readIntervalsForMeters', query.from, query.to);
    const ids = [...new Set(query.meterIds)];
    const out: IntervalBlock[] = [];
    for (let i = 0; i < ids.length; i += METERS_PER_QUERY) {
      const chunk = ids.slice(i, i + METERS_PER_QUERY);
      const bounds = this.#meterBounds(chunk);
      const cols = await this.backend.read((tx) =>
        tx.columns(meterVersionsSql(T, chunk.length, bounds !== undefined), [
          ...chunk,
          query.channel,
          query.from,
          query.to,
          ...(bounds ?? []),
        ]),
      );
      for (const b of meterVersionColumnsToBlocks(cols, chunk, query.channel, SOURCE_CODES)) out.push(b);
    }
    return out;
  }

  async readIntervalVersions(query: IntervalQuery): Promise<IntervalVersion[]> {
    const T = this.#t('interval_version');
    checkRange('readIntervalVersions', query.from, query.to);
    const rows = await this.backend.read((tx) =>
      tx.all(versionsSql(T), [query.meterId, query.channel, query.from, query.to]),
    );
    return rows.map(toIntervalVersion);
  }

  async readAudit(query: AuditQuery): Promise<AuditEntry[]> {
    const t = this.#t('change_log');
    const conds: string[] = [];
    const params: SqlValue[] = [];
    if (query.changeId !== undefined) {
      params.push(query.changeId);
      conds.push(`change_id = CAST($${params.length} AS TEXT)`);
    }
    if (query.from !== undefined) {
      params.push(query.from);
      conds.push(`recorded_at >= CAST($${params.length} AS BIGINT)`);
    }
    if (query.to !== undefined) {
      params.push(query.to);
      conds.push(`recorded_at < CAST($${params.length} AS BIGINT)`);
    }
    const where = conds.length ? `WHERE ${conds.join(' AND ')}` : '';
    const rows = await this.backend.read((tx) =>
      tx.all(`SELECT * FROM ${t} ${where} ORDER BY recorded_at, change_id`, params),
    );
    return rows.map(toAuditEntry);
  }

  async revertChange(
    changeId: string,
    by: { readonly user: string; readonly reason: string },
  ): Promise<RevertResult> {
    const T = this.#t('interval_version');
    if (!by.user || !by.reason) throw new TypeError('A revert needs user and reason for the audit trail');
    const [target] = await this.readAudit({ changeId });
    if (!target) throw new UnknownChangeError(changeId);
    const range = [changeId, target.from, target.to] as const;
    const series = await this.backend.read((tx) => tx.all(changeSeriesSql(T), [...range]));
    const newId = randomUUID();
    const now = Date.now();
    return this.backend.write(
      async (tx) => {
        const [count] = await tx.all(changeVersionCountSql(T), [...range]);
        const appended = await tx.all(revertSql(T), [...range, newId, now, QualityFlag.missing]);
        const reverted = appended.length;
        const skipped = int(count?.n ?? 0) - reverted;
        if (reverted > 0) {
          await this.#recordChange(tx, {
            changeId: newId,
            action: 'revert',
            kind: target.kind,
            user: by.user,
            reason: by.reason,
            revertsChangeId: changeId,
            at: now,
            versions: reverted,
            from: target.from,
            to: target.to,
          });
        }
        return { changeId: newId, reverted, skipped };
      },
      series.map((r) => seriesKey(String(r.meter_id), String(r.channel))),
    );
  }

  async #recordChange(
    tx: SqlTx,
    c: {
      changeId: string;
      action: ChangeAction;
      kind: ReadingKind;
      user?: string | undefined;
      reason?: string | undefined;
      ruleId?: string | undefined;
      revertsChangeId?: string;
      at: number;
      versions: number;
      from: number;
      to: number;
    },
  ): Promise<void> {
    await insertRows(
      tx,
      this.#t('change_log'),
      [
        'change_id',
        'action',
        'kind',
        'user_name',
        'reason',
        'rule_id',
        'reverts_change_id',
        'recorded_at',
        'versions',
        'from_ms',
        'to_ms',
      ],
      ['TEXT', 'TEXT', 'TEXT', 'TEXT', 'TEXT', 'TEXT', 'TEXT', 'BIGINT', 'BIGINT', 'BIGINT', 'BIGINT'],
      [
        [
          c.changeId,
          c.action,
          c.kind,
          c.user ?? null,
          c.reason ?? null,
          c.ruleId ?? null,
          c.revertsChangeId ?? null,
          c.at,
          c.versions,
          c.from,
          c.to,
        ],
      ],
      '',
    );
  }

  // --- VEE results ------------------------------------------------------------------------------

  async writeVeeResults(results: readonly VeeResult[]): Promise<StoreWriteResult> {
    this.#t('vee_result');
    checkVeeResults(results);
    const inserted = await this.backend.write((tx) => this.#insertVeeResults(tx, results));
    return { inserted, duplicates: results.length - inserted, corrected: 0 };
  }

  /** Inserts results (a repeat of a key is ignored); returns how many were new. */
  async #insertVeeResults(tx: SqlTx, results: readonly VeeResult[]): Promise<number> {
    if (results.length === 0) return 0;
    const unique = dedupe(results, (r) => [r.runId, r.ruleId, r.meterId, r.channel, r.from].join('\u0000'));
    const rows = unique.map((r) => [
      r.runId,
      r.ruleId,
      r.meterId,
      r.channel,
      r.from,
      r.to,
      r.outcome,
      r.details === undefined ? null : JSON.stringify(r.details),
      r.changeId ?? null,
      r.at,
    ]);
    return this.#upsert(
      tx,
      this.#t('vee_result'),
      [
        'run_id',
        'rule_id',
        'meter_id',
        'channel',
        'from_ms',
        'to_ms',
        'outcome',
        'details',
        'change_id',
        'ran_at',
      ],
      ['TEXT', 'TEXT', 'TEXT', 'TEXT', 'BIGINT', 'BIGINT', 'TEXT', 'TEXT', 'TEXT', 'BIGINT'],
      rows,
      'ON CONFLICT DO NOTHING',
      true,
    );
  }

  async readVeeResults(query: VeeResultQuery): Promise<VeeResult[]> {
    const t = this.#t('vee_result');
    checkRange('readVeeResults', query.from, query.to);
    const params: SqlValue[] = [query.from, query.to];
    const conds = ['to_ms > CAST($1 AS BIGINT)', 'from_ms < CAST($2 AS BIGINT)'];
    for (const [col, v] of [
      ['meter_id', query.meterId],
      ['channel', query.channel],
      ['rule_id', query.ruleId],
      ['run_id', query.runId],
    ] as const) {
      if (v === undefined) continue;
      params.push(v);
      conds.push(`${col} = CAST($${params.length} AS TEXT)`);
    }
    const rows = await this.backend.read((tx) =>
      tx.all(
        `SELECT * FROM ${t} WHERE ${conds.join(' AND ')} ORDER BY from_ms, meter_id, rule_id, channel, run_id`,
        params,
      ),
    );
    return rows.map((r) => ({
      runId: String(r.run_id),
      ruleId: String(r.rule_id),
      meterId: r.meter_id as MeterId,
      channel: r.channel as ChannelCode,
      from: int(r.from_ms),
      to: int(r.to_ms),
      outcome: r.outcome as VeeOutcome,
      ...maybe('details', r.details === null ? null : JSON.parse(String(r.details))),
      ...maybe('changeId', r.change_id as string | null),
      at: int(r.ran_at),
    }));
  }

  // --- Register reads and events ----------------------------------------------------------------

  async writeRegisterReads(reads: readonly RegisterRead[]): Promise<StoreWriteResult> {
    const t = this.#t('register_read');
    checkRegisterReads(reads);
    if (reads.length === 0) return { inserted: 0, duplicates: 0, corrected: 0 };
    const rows = reads.map((r) => [
      r.meterId,
      r.register,
      r.readAt,
      r.billingPeriod ?? -1,
      r.value,
      r.unit,
      r.scaler ?? 0,
      r.capturedAt ?? null,
      r.quality,
    ]);
    const key = (r: readonly SqlValue[]) => r.slice(0, 4).join('\u0000');
    const same = (a: readonly SqlValue[], b: readonly SqlValue[]) =>
      a.every((v, i) => String(v) === String(b[i]));
    // Repeats inside the batch: the first is compared with the store, later ones with the one before.
    const last = new Map<string, readonly SqlValue[]>();
    let duplicates = 0;
    let corrected = 0;
    const fresh: (readonly SqlValue[])[] = [];
    for (const row of rows) {
      const prev = last.get(key(row));
      if (prev && same(prev, row)) duplicates++;
      else if (prev) corrected++;
      else fresh.push(row);
      last.set(key(row), row);
    }
    const types = [
      'TEXT',
      'TEXT',
      'BIGINT',
      'INTEGER',
      'BIGINT',
      'INTEGER',
      'INTEGER',
      'BIGINT',
      'INTEGER',
    ] as const;
    const cols = [
      'meter_id',
      'register_code',
      'read_at',
      'billing_period',
      'value',
      'unit',
      'scaler',
      'captured_at',
      'quality',
    ];
    let inserted = 0;
    await this.backend.write(async (tx) => {
      for (let i = 0; i < fresh.length; i += 500) {
        const chunk = fresh.slice(i, i + 500);
        const v = valuesList(
          ['TEXT', 'TEXT', 'BIGINT', 'INTEGER'],
          chunk.map((r) => r.slice(0, 4)),
        );
        const existing = await tx.all(
          `WITH n (meter_id, register_code, read_at, billing_period) AS (${v.sql})
           SELECT e.* FROM n JOIN ${t} e ON e.meter_id = n.meter_id AND e.register_code = n.register_code
             AND e.read_at = n.read_at AND e.billing_period = n.billing_period`,
          v.params,
        );
        const stored = new Map(
          existing.map((e) => {
            const row = cols.map((c) => (e[c] === undefined ? null : (e[c] as SqlValue)));
            return [key(row), row] as const;
          }),
        );
        for (const row of chunk) {
          const s = stored.get(key(row));
          if (!s) inserted++;
          else if (same(s, row)) duplicates++;
          else corrected++;
        }
      }
      const changed = [...last.values()];
      await this.#upsert(
        tx,
        t,
        cols,
        types,
        changed,
        `ON CONFLICT (meter_id, register_code, read_at, billing_period) DO UPDATE SET value = excluded.value,
         unit = excluded.unit, scaler = excluded.scaler, captured_at = excluded.captured_at, quality = excluded.quality`,
      );
    });
    return { inserted, duplicates, corrected };
  }

  async readRegisterReads(query: RegisterReadQuery): Promise<RegisterRead[]> {
    const t = this.#t('register_read');
    checkRange('readRegisterReads', query.from, query.to);
    const params: SqlValue[] = [query.meterId, query.from, query.to];
    let extra = '';
    if (query.register !== undefined) {
      params.push(query.register);
      extra = 'AND register_code = CAST($4 AS TEXT)';
    }
    const rows = await this.backend.read((tx) =>
      tx.all(
        `SELECT * FROM ${t} WHERE meter_id = CAST($1 AS TEXT) AND read_at >= CAST($2 AS BIGINT)
         AND read_at < CAST($3 AS BIGINT) ${extra} ORDER BY read_at, register_code, billing_period`,
        params,
      ),
    );
    return rows.map(toRegisterRead);
  }

  async readRegisterReadsForMeters(query: MeterRegisterReadsQuery): Promise<RegisterRead[]> {
    const t = this.#t('register_read');
    checkRange('readRegisterReadsForMeters', query.from, query.to);
    const ids = [...new Set(query.meterIds)];
    const out: RegisterRead[] = [];
    for (let i = 0; i < ids.length; i += METERS_PER_QUERY) {
      const chunk = ids.slice(i, i + METERS_PER_QUERY);
      const n = chunk.length;
      const params: SqlValue[] = [...chunk, query.from, query.to];
      let extra = '';
      if (query.register !== undefined) {
        params.push(query.register);
        extra = `AND r.register_code = CAST($${n + 3} AS TEXT)`;
      }
      const bounds = this.#meterBounds(chunk);
      if (bounds) {
        extra += meterRangeSql('r', params.length + 1);
        params.push(...bounds);
      }
      const rows = await this.backend.read((tx) =>
        tx.all(
          `SELECT r.* FROM ${t} r JOIN ${meterListSql(n)} ON r.meter_id = k.id
           WHERE r.read_at >= CAST($${n + 1} AS BIGINT) AND r.read_at < CAST($${n + 2} AS BIGINT) ${extra}
           ORDER BY k.n, r.read_at, r.register_code, r.billing_period`,
          params,
        ),
      );
      for (const r of rows) out.push(toRegisterRead(r));
    }
    return out;
  }

  async writeEvents(events: readonly MeterEvent[]): Promise<StoreWriteResult> {
    const t = this.#t('meter_event');
    checkEvents(events);
    const unique = dedupe(events, (e) => [e.meterId, e.occurredAt, e.log, e.code].join('\u0000'));
    const rows = unique.map((e) => [
      e.meterId,
      e.occurredAt,
      e.log,
      e.code,
      e.details === undefined ? null : JSON.stringify(e.details),
      e.source,
    ]);
    const inserted = await this.backend.write((tx) =>
      insertRows(
        tx,
        t,
        ['meter_id', 'occurred_at', 'event_log', 'code', 'details', 'source'],
        ['TEXT', 'BIGINT', 'TEXT', 'INTEGER', 'TEXT', 'TEXT'],
        rows,
        'ON CONFLICT DO NOTHING',
        true,
      ),
    );
    return { inserted, duplicates: events.length - inserted, corrected: 0 };
  }

  async readEvents(query: EventQuery): Promise<MeterEvent[]> {
    const t = this.#t('meter_event');
    checkRange('readEvents', query.from, query.to);
    const params: SqlValue[] = [query.from, query.to];
    let extra = '';
    if (query.meterId !== undefined) {
      params.push(query.meterId);
      extra = 'AND meter_id = CAST($3 AS TEXT)';
    }
    const rows = await this.backend.read((tx) =>
      tx.all(
        `SELECT * FROM ${t} WHERE occurred_at >= CAST($1 AS BIGINT) AND occurred_at < CAST($2 AS BIGINT) ${extra}
         ORDER BY occurred_at, meter_id, event_log, code`,
        params,
      ),
    );
    return rows.map((r) => ({
      meterId: r.meter_id as MeterId,
      occurredAt: int(r.occurred_at),
      code: int(r.code),
      log: r.event_log as EventLog,
      ...maybe('details', r.details === null ? null : JSON.parse(String(r.details))),
      source: r.source as MeterEvent['source'],
    }));
  }

  // --- Rollups ----------------------------------------------------------------------------------

  async upsertRollups(rollups: readonly Rollup[], mode: RollupWriteMode = 'replace'): Promise<void> {
    this.#t('rollup');
    checkRollups(rollups);
    checkRollupMode(mode);
    if (rollups.length === 0) return;
    await this.backend.write((tx) => this.#upsertRollups(tx, rollups, mode));
  }

  /** Writes rollup rows inside `tx` (`add`: deltas added to the stored row). */
  async #upsertRollups(tx: SqlTx, rollups: readonly Rollup[], mode: RollupWriteMode): Promise<void> {
    const t = this.#t('rollup');
    if (rollups.length === 0) return;
    const byKey = new Map<string, Rollup>();
    for (const r of rollups) {
      const k = [r.scope, r.scopeId, r.channel, r.period, r.periodStart].join('\u0000');
      const prev = byKey.get(k);
      byKey.set(
        k,
        prev && mode === 'add'
          ? {
              ...r,
              energy: prev.energy + r.energy,
              intervals: prev.intervals + r.intervals,
              estimated: prev.estimated + r.estimated,
              missing: prev.missing + r.missing,
            }
          : r,
      );
    }
    const rows = [...byKey.values()].map((r) => [
      r.scope,
      r.scopeId,
      r.channel,
      r.period,
      r.periodStart,
      r.energy,
      r.intervals,
      r.estimated,
      r.missing,
    ]);
    const set =
      mode === 'add'
        ? `energy = ${t}.energy + excluded.energy, intervals = ${t}.intervals + excluded.intervals,
           estimated = ${t}.estimated + excluded.estimated, missing = ${t}.missing + excluded.missing`
        : `energy = excluded.energy, intervals = excluded.intervals, estimated = excluded.estimated,
           missing = excluded.missing`;
    await this.#upsert(
      tx,
      t,
      [
        'scope',
        'scope_id',
        'channel',
        'period_kind',
        'period_start',
        'energy',
        'intervals',
        'estimated',
        'missing',
      ],
      ['TEXT', 'TEXT', 'TEXT', 'TEXT', 'BIGINT', 'BIGINT', 'BIGINT', 'BIGINT', 'BIGINT'],
      rows,
      `ON CONFLICT (scope, scope_id, channel, period_kind, period_start) DO UPDATE SET ${set}`,
    );
  }

  async readRollups(query: RollupQuery): Promise<Rollup[]> {
    const t = this.#t('rollup');
    checkRange('readRollups', query.from, query.to);
    const params: SqlValue[] = [query.scope, query.period, query.from, query.to];
    const conds = [
      'scope = CAST($1 AS TEXT)',
      'period_kind = CAST($2 AS TEXT)',
      'period_start >= CAST($3 AS BIGINT)',
      'period_start < CAST($4 AS BIGINT)',
    ];
    for (const [col, v] of [
      ['scope_id', query.scopeId],
      ['channel', query.channel],
    ] as const) {
      if (v === undefined) continue;
      params.push(v);
      conds.push(`${col} = CAST($${params.length} AS TEXT)`);
    }
    const rows = await this.backend.read((tx) =>
      tx.all(
        `SELECT * FROM ${t} WHERE ${conds.join(' AND ')} ORDER BY scope_id, channel, period_start`,
        params,
      ),
    );
    return rows.map((r) => ({
      scope: r.scope as RollupScope,
      scopeId: String(r.scope_id),
      channel: r.channel as ChannelCode,
      period: r.period_kind as RollupPeriod,
      periodStart: int(r.period_start),
      energy: int(r.energy),
      intervals: int(r.intervals),
      estimated: int(r.estimated),
      missing: int(r.missing),
    }));
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.backend.close();
  }
}

/** One interval write, checked and staged in memory, before its transaction. */
interface PreparedIntervals {
  readonly spec: ReturnType<typeof writeSpec>;
  readonly staged: StagedBlock[];
  readonly min: number;
  readonly max: number;
  readonly series: ReadonlySet<string>;
  readonly changeId: string;
}

function checkRollupMode(mode: RollupWriteMode): void {
  if (mode !== 'replace' && mode !== 'add')
    throw new TypeError(`Unknown rollup write mode "${String(mode)}"`);
}

function toRegisterRead(r: Row): RegisterRead {
  const bp = int(r.billing_period);
  const scaler = int(r.scaler);
  return {
    meterId: r.meter_id as MeterId,
    register: r.register_code as ChannelCode,
    readAt: int(r.read_at),
    value: big(r.value),
    unit: int(r.unit),
    ...(scaler !== 0 ? { scaler } : {}),
    ...maybe('capturedAt', intOrNull(r.captured_at)),
    ...(bp >= 0 ? { billingPeriod: bp } : {}),
    quality: int(r.quality),
  };
}

function toAuditEntry(r: Row): AuditEntry {
  return {
    changeId: String(r.change_id),
    action: r.action as ChangeAction,
    kind: r.kind as ReadingKind,
    ...maybe('user', r.user_name as string | null),
    ...maybe('reason', r.reason as string | null),
    ...maybe('ruleId', r.rule_id as string | null),
    ...maybe('revertsChangeId', r.reverts_change_id as string | null),
    at: int(r.recorded_at),
    versions: int(r.versions),
    from: int(r.from_ms),
    to: int(r.to_ms),
  };
}

/** Keeps the last item per key, in first-seen order. */
function dedupe<T>(items: readonly T[], key: (item: T) => string): T[] {
  const m = new Map<string, T>();
  for (const it of items) m.set(key(it), it);
  return [...m.values()];
}

/** `WHERE col IN (…)` for an optional id list (absent: no condition; empty: matches nothing). */
function inList(col: string, ids: readonly string[] | undefined): { where: string; params: SqlValue[] } {
  if (ids === undefined) return { where: '', params: [] };
  if (ids.length === 0) return { where: 'WHERE FALSE', params: [] };
  return {
    where: `WHERE ${col} IN (${ids.map((_, i) => `CAST($${i + 1} AS TEXT)`).join(', ')})`,
    params: [...ids],
  };
}
