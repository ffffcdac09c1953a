import {
  type ChannelCode,
  type IntervalBlock,
  type IntervalVersion,
  type MeterId,
  QualityFlag,
  type RegisterRead,
} from '@gridmeter/domain';
import { Type } from '@sinclair/typebox';
import { Visibility } from '../access.js';
import { type Api, type ApiContext, callerOf } from '../context.js';
import {
  INTERVAL_CSV_HEADER,
  intervalCsvRow,
  latestVersions,
  toIntervalDto,
  toIntervalVersionDto,
  toRegisterReadDto,
} from '../dto/intervals.js';
import { symbolOf } from '../dto/meters.js';
import { DAY_MS, iso, parseTime, timeRange } from '../dto/time.js';
import { badRequest } from '../problems.js';
import { IdParamsSchema } from '../schemas/common.js';
import {
  IntervalEditBodySchema,
  IntervalEditResultSchema,
  IntervalQuerySchema,
  IntervalSeriesWithVersionsSchema,
  RegisterQuerySchema,
  RegistersSchema,
} from '../schemas/intervals.js';
import { replies } from './responses.js';

/** Active energy import, the default channel. */
export const DEFAULT_CHANNEL = '1-0:1.8.0*255';
/** The longest interval range one request may read. */
const MAX_INTERVAL_SPAN_MS = 400 * DAY_MS;

/** Groups edited values into blocks of consecutive intervals (a gap starts a new block). */
export function editBlocks(
  meterId: MeterId,
  channel: ChannelCode,
  unit: number,
  intervalSeconds: number,
  values: readonly { readonly start: number; readonly value: number }[],
): IntervalBlock[] {
  const sorted = [...values].sort((a, b) => a.start - b.start);
  const step = intervalSeconds * 1000;
  const blocks: IntervalBlock[] = [];
  let current: { start: number; values: { value: number; quality: number }[] } | undefined;
  let prev = Number.NaN;
  for (const v of sorted) {
    if (v.start === prev) throw badRequest(`Interval ${iso(v.start)} is edited twice`);
    if (v.start % step !== 0)
      throw badRequest(`Interval start ${iso(v.start)} is not aligned to ${intervalSeconds} s`);
    if (!current || v.start !== prev + step) {
      current = { start: v.start, values: [] };
      blocks.push({
        meterId,
        channel,
        unit,
        intervalSeconds,
        start: v.start,
        values: current.values,
        source: 'edit',
      });
    }
    current.values.push({ value: v.value, quality: QualityFlag.edited });
    prev = v.start;
  }
  return blocks;
}

/** Interval data with quality and versions, CSV download, manual edits, registers. */
export function intervalRoutes(app: Api, ctx: ApiContext): void {
  const { services } = ctx;
  const { store } = services;

  const readVersions = async (meterId: MeterId, channel: string, from: number, to: number) =>
    store.readIntervalVersions({ meterId, channel, from, to });

  app.get(
    '/api/meters/:id/intervals',
    {
      config: { access: 'own' },
      schema: {
        tags: ['meters'],
        summary: "A channel's intervals (latest version of each) with quality, kind and version",
        params: IdParamsSchema,
        querystring: IntervalQuerySchema,
        response: replies(IntervalSeriesWithVersionsSchema),
      },
    },
    async (request) => {
      const m = new Visibility(services, callerOf(request)).meter(request.params.id);
      const { from, to } = timeRange(request.query, services.clock.now(), DAY_MS, MAX_INTERVAL_SPAN_MS);
      const channel = request.query.channel ?? DEFAULT_CHANNEL;
      const meterId = m.id as MeterId;
      const [versions, channels] = await Promise.all([
        readVersions(meterId, channel, from, to),
        store.readChannels(meterId),
      ]);
      const info = channels.find((c) => c.channel === channel);
      const latest = latestVersions(versions);
      const unit = latest[0]?.unit ?? info?.unit ?? 30;
      return {
        meterId: m.id,
        channel,
        unit,
        unitSymbol: symbolOf(unit),
        intervalSeconds: latest[0]?.intervalSeconds ?? info?.intervalSeconds ?? null,
        from: iso(from),
        to: iso(to),
        intervals: latest.map(toIntervalDto),
        ...(request.query.versions ? { versions: versions.map(toIntervalVersionDto) } : {}),
      };
    },
  );

  app.get(
    '/api/meters/:id/intervals.csv',
    {
      config: { access: 'own' },
      schema: {
        tags: ['meters'],
        summary: "Download a channel's intervals as CSV",
        params: IdParamsSchema,
        querystring: Type.Omit(IntervalQuerySchema, ['versions']),
        produces: ['text/csv'],
      },
    },
    async (request, reply) => {
      const m = new Visibility(services, callerOf(request)).meter(request.params.id);
      const { from, to } = timeRange(request.query, services.clock.now(), DAY_MS, MAX_INTERVAL_SPAN_MS);
      const channel = request.query.channel ?? DEFAULT_CHANNEL;
      const latest = latestVersions(await readVersions(m.id as MeterId, channel, from, to));
      const body = `${[INTERVAL_CSV_HEADER, ...latest.map(intervalCsvRow)].join('\n')}\n`;
      const name = `${m.id}_${iso(from).slice(0, 10)}_${iso(to).slice(0, 10)}.csv`;
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${name}"`)
        .send(body);
    },
  );

  app.post(
    '/api/meters/:id/edits',
    {
      config: { access: 'ops' },
      schema: {
        tags: ['meters'],
        summary: 'Edit interval values by hand (stored as an edited version; the reason is audited)',
        params: IdParamsSchema,
        body: IntervalEditBodySchema,
        response: replies(IntervalEditResultSchema, 201),
      },
    },
    async (request, reply) => {
      const { user } = callerOf(request);
      const m = new Visibility(services, callerOf(request)).meter(request.params.id);
      const meterId = m.id as MeterId;
      const channel = request.body.channel ?? DEFAULT_CHANNEL;
      const values = request.body.intervals.map((i) => ({
        start: parseTime(i.start, 'start'),
        value: i.value,
      }));
      const first = Math.min(...values.map((v) => v.start));
      const last = Math.max(...values.map((v) => v.start));
      if (last >= services.clock.now()) throw badRequest(`Interval ${iso(last)} has not started yet`);
      const info = (await store.readChannels(meterId)).find((c) => c.channel === channel);
      let shape: Pick<IntervalVersion, 'unit' | 'intervalSeconds'> | undefined =
        info?.intervalSeconds === undefined
          ? undefined
          : { unit: info.unit, intervalSeconds: info.intervalSeconds };
      shape ??= (await readVersions(meterId, channel, first - DAY_MS, last + DAY_MS))[0];
      const target = `${m.id}/${channel}`;
      if (!shape) throw badRequest(`Meter ${m.id} has no interval data on channel ${channel}`);
      try {
        const blocks = editBlocks(meterId, channel, shape.unit, shape.intervalSeconds, values);
        const r = await store.writeIntervalBlocks(blocks, {
          kind: 'edited',
          change: { action: 'edit', user: user.username, reason: request.body.reason },
        });
        ctx.audit.record({
          user: user.username,
          action: 'interval.edit',
          target,
          result: 'ok',
          detail: `${values.length} intervals ${iso(first)}..${iso(last)}, change ${r.changeId ?? 'none'}: ${request.body.reason}`,
        });
        return reply.code(201).send({
          changeId: r.changeId ?? null,
          inserted: r.inserted,
          corrected: r.corrected,
          duplicates: r.duplicates,
        });
      } catch (err) {
        ctx.audit.record({
          user: user.username,
          action: 'interval.edit',
          target,
          result: 'failed',
          detail: (err as Error).message,
        });
        throw err;
      }
    },
  );

  app.get(
    '/api/meters/:id/registers',
    {
      config: { access: 'own' },
      schema: {
        tags: ['meters'],
        summary: "A meter's registers: the latest value of each and the reads in [from, to)",
        params: IdParamsSchema,
        querystring: RegisterQuerySchema,
        response: replies(RegistersSchema),
      },
    },
    async (request) => {
      const m = new Visibility(services, callerOf(request)).meter(request.params.id);
      const { from, to } = timeRange(request.query, services.clock.now(), 7 * DAY_MS, MAX_INTERVAL_SPAN_MS);
      const meterId = m.id as MeterId;
      const reg = request.query.register === undefined ? {} : { register: request.query.register };
      const [history, recent] = await Promise.all([
        store.readRegisterReads({ meterId, from, to, ...reg }),
        store.readRegisterReads({ meterId, from: to - 35 * DAY_MS, to, ...reg }),
      ]);
      const latest = new Map<string, RegisterRead>();
      for (const r of recent) {
        if (r.billingPeriod !== undefined) continue;
        const seen = latest.get(r.register);
        if (!seen || r.readAt >= seen.readAt) latest.set(r.register, r);
      }
      return {
        meterId: m.id,
        latest: [...latest.values()]
          .sort((a, b) => a.register.localeCompare(b.register))
          .map(toRegisterReadDto),
        history: history.map(toRegisterReadDto),
      };
    },
  );
}
