import { randomUUID } from 'node:crypto';
import { ImageTransferStatus } from '@gridmeter/dlms';
import { type Clock, systemClock, type TimerHandle } from '@gridmeter/domain';
import { settle } from '../definitive.js';
import { CampaignNotFoundError, FirmwareStepError, JournalCorruptError } from '../errors.js';
import { ascii } from '../executors/cosem.js';
import { NdjsonLog } from '../ndjson-log.js';
import type { CommandLog, CommandPool, CosemClient, SessionFor } from '../ports.js';
import { sharedAbortController } from '../shared-abort.js';
import {
  type CampaignDefinition,
  type CampaignEvent,
  isCampaignEvent,
  loadImage,
  sha256Hex,
  storeImage,
} from './campaign-journal.js';
import type {
  Campaign,
  CampaignRequest,
  CampaignState,
  CampaignSummary,
  MeterFirmwareStatus,
} from './campaign-types.js';
import { planStages, summarise } from './staging.js';
import {
  activateImage,
  checkVersion,
  FIRMWARE_VERSION_OBJECTS,
  type FirmwareModule,
  imageTransferState,
  readFirmwareVersion,
  transferImage,
  verifyImage,
} from './transfer.js';

export interface FirmwareCampaignsOptions {
  readonly pool: CommandPool;
  readonly sessionFor: SessionFor;
  readonly clock?: Clock;
  readonly log?: CommandLog;
  /** The pool path of a meter (default: the meter id). */
  readonly pathOf?: (meterId: string) => string;
  /** Where each module's active firmware identifier is (default {@link FIRMWARE_VERSION_OBJECTS}). */
  readonly versionObjects?: Readonly<Record<FirmwareModule, string>>;
}

interface Live {
  definition: CampaignDefinition;
  image: Uint8Array;
  stage: number;
  state: CampaignState;
  note?: string;
  meters: Map<string, MeterFirmwareStatus>;
  versionBefore: Map<string, string>;
  /** Meters with a job in flight. */
  busy: Set<string>;
  work: Set<Promise<void>>;
  timer?: TimerHandle;
}

const FINAL = new Set(['activated', 'failed']);

/**
 * Firmware campaigns: an image rolled out to many meters stage by stage through the pool. Per
 * meter: image_transfer_initiate, the blocks the meter lacks (resumable), verify, then activate
 * right away or at `activateAt` (a scheduled activation), and a version check. The campaign
 * halts when the failure rate of the finished meters passes `maxFailureRate`. Campaign and meter
 * states are journalled (NDJSON, images beside it), so {@link FirmwareCampaigns.open} after a
 * restart and {@link start} resume every running campaign where the meters say it stood.
 *
 * @example
 * const campaigns = await FirmwareCampaigns.open('/var/lib/gridmeter/campaigns.ndjson', { pool, sessionFor });
 * campaigns.start();
 * const c = await campaigns.create({ imageId: 'comm-2.1.0', image, module: 'communication', meterIds, stages: [{ share: 0.1 }, { share: 0.9 }], maxFailureRate: 0.05 });
 */
export class FirmwareCampaigns {
  readonly path: string;
  readonly #o: FirmwareCampaignsOptions;
  readonly #log: NdjsonLog;
  readonly #clock: Clock;
  readonly #campaigns = new Map<string, Live>();
  #abort = sharedAbortController();
  #started = false;

  private constructor(log: NdjsonLog, options: FirmwareCampaignsOptions) {
    this.path = log.path;
    this.#log = log;
    this.#o = options;
    this.#clock = options.clock ?? systemClock;
  }

  /** Opens (or creates) the campaign journal at `path` and rebuilds every campaign from it. */
  static async open(path: string, options: FirmwareCampaignsOptions): Promise<FirmwareCampaigns> {
    const { log, replay } = await NdjsonLog.open(path, options.log);
    const campaigns = new FirmwareCampaigns(log, options);
    for (const [i, value] of replay.values.entries()) {
      if (!isCampaignEvent(value)) throw new JournalCorruptError(path, i + 1, 'not a campaign journal event');
      if (value.type === 'campaign-created') {
        const image = await loadImage(path, value.imageFile, value.imageSha256);
        campaigns.#campaigns.set(value.id, campaigns.#live(value.campaign, image));
        continue;
      }
      const live = campaigns.#campaigns.get(value.id);
      if (!live) throw new JournalCorruptError(path, i + 1, `event for unknown campaign ${value.id}`);
      if (value.type === 'meter-status') {
        live.meters.set(value.meterId, value.status);
        if (value.versionBefore !== undefined) live.versionBefore.set(value.meterId, value.versionBefore);
      } else {
        live.state = value.state;
        live.stage = value.stage;
        if (value.note !== undefined) live.note = value.note;
      }
    }
    return campaigns;
  }

  /** Creates a campaign (durable once resolved) and, when started, begins its first stage. */
  async create(request: CampaignRequest): Promise<Campaign> {
    if (request.meterIds.length === 0) throw new RangeError('A campaign needs at least one meter');
    if (new Set(request.meterIds).size !== request.meterIds.length)
      throw new RangeError('A meter appears twice in the campaign');
    if (!(request.maxFailureRate >= 0 && request.maxFailureRate <= 1)) {
      throw new RangeError(`maxFailureRate must be in [0, 1], got ${request.maxFailureRate}`);
    }
    if (request.image.length === 0) throw new RangeError('The firmware image is empty');
    if (request.blockSize !== undefined && !(Number.isInteger(request.blockSize) && request.blockSize > 0)) {
      throw new RangeError(`blockSize must be a positive integer, got ${request.blockSize}`);
    }
    const id = randomUUID();
    const definition: CampaignDefinition = {
      id,
      imageId: request.imageId,
      module: request.module,
      imageSize: request.image.length,
      ...(request.blockSize !== undefined ? { blockSize: request.blockSize } : {}),
      ...(request.activateAt !== undefined ? { activateAt: request.activateAt } : {}),
      maxFailureRate: request.maxFailureRate,
      ...(request.expectedVersion !== undefined ? { expectedVersion: request.expectedVersion } : {}),
      requestedBy: request.requestedBy ?? 'system',
      createdAt: this.#clock.now(),
      stages: planStages(request.meterIds, request.stages),
    };
    const image = request.image.slice();
    const imageFile = await storeImage(this.path, id, image);
    await this.#log.append([
      {
        v: 1,
        type: 'campaign-created',
        at: definition.createdAt,
        id,
        campaign: definition,
        imageFile,
        imageSha256: sha256Hex(image),
      },
    ] satisfies CampaignEvent[]);
    const live = this.#live(definition, image);
    this.#campaigns.set(id, live);
    if (this.#started) this.#resume(live);
    return this.#view(live);
  }

  /** The campaign with per-meter status; throws {@link CampaignNotFoundError}. */
  get(id: string): Campaign {
    return this.#view(this.#get(id));
  }

  /** Every campaign, oldest first. */
  list(): Campaign[] {
    return [...this.#campaigns.values()].map((l) => this.#view(l));
  }

  /** Counts per meter state and the failure rate. */
  summary(id: string): CampaignSummary {
    return summarise(this.get(id));
  }

  /** Halts a running campaign: jobs in flight finish their current meter, nothing new starts. */
  async halt(id: string, by: string, note = 'halted by an operator'): Promise<Campaign> {
    const live = this.#get(id);
    if (live.state === 'running') await this.#setState(live, 'halted', `${note} (${by})`);
    return this.#view(live);
  }

  /** Starts (or resumes after a restart) every running campaign. */
  start(): void {
    if (this.#started) return;
    this.#started = true;
    this.#abort = sharedAbortController();
    for (const live of this.#campaigns.values()) if (live.state === 'running') this.#resume(live);
  }

  /** Stops all work: jobs in flight are aborted between blocks and resume on the next start. */
  async stop(): Promise<void> {
    this.#started = false;
    this.#abort.abort(new Error('firmware campaigns stopped'));
    for (const live of this.#campaigns.values()) {
      live.timer?.cancel();
      delete live.timer;
    }
    await Promise.allSettled([...this.#campaigns.values()].flatMap((l) => [...l.work]));
  }

  /** Resolves when the campaign has no work in flight (a scheduled activation may still be pending). */
  async settled(id: string): Promise<Campaign> {
    const live = this.#get(id);
    while (live.work.size > 0) await Promise.allSettled([...live.work]);
    return this.#view(live);
  }

  /** Stops and closes the journal. */
  async close(): Promise<void> {
    await this.stop();
    await this.#log.close();
  }

  #live(definition: CampaignDefinition, image: Uint8Array): Live {
    const meters = new Map<string, MeterFirmwareStatus>();
    for (const stage of definition.stages) for (const m of stage) meters.set(m, { state: 'pending' });
    return {
      definition,
      image,
      stage: 0,
      state: 'running',
      meters,
      versionBefore: new Map(),
      busy: new Set(),
      work: new Set(),
    };
  }

  #get(id: string): Live {
    const live = this.#campaigns.get(id);
    if (!live) throw new CampaignNotFoundError(id);
    return live;
  }

  #view(live: Live): Campaign {
    return {
      ...live.definition,
      stage: live.stage,
      state: live.state,
      ...(live.note !== undefined ? { note: live.note } : {}),
      meters: Object.fromEntries(live.meters),
    };
  }

  #track(live: Live, work: Promise<void>): void {
    const tracked = work
      .catch((e: unknown) => {
        this.#o.log?.warn(`Campaign ${live.definition.id}: ${e instanceof Error ? e.message : String(e)}`);
      })
      .finally(() => live.work.delete(tracked));
    live.work.add(tracked);
  }

  #resume(live: Live): void {
    this.#track(live, this.#roll(live));
    const at = live.definition.activateAt;
    if (at !== undefined && !live.timer) {
      live.timer = this.#clock.setTimeout(
        () => {
          delete live.timer;
          this.#track(live, this.#activateVerified(live));
        },
        Math.max(0, at - this.#clock.now()),
      );
    }
  }

  /** Rolls the stages out one after the other. */
  async #roll(live: Live): Promise<void> {
    while (
      live.state === 'running' &&
      live.stage < live.definition.stages.length &&
      !this.#abort.signal.aborted
    ) {
      const meters = live.definition.stages[live.stage] ?? [];
      await Promise.all(meters.filter((m) => this.#needsWork(live, m)).map((m) => this.#job(live, m)));
      if (live.state !== 'running' || this.#abort.signal.aborted) return;
      await this.#setState(live, 'running', undefined, live.stage + 1);
    }
    await this.#maybeComplete(live);
  }

  async #activateVerified(live: Live): Promise<void> {
    if (live.state !== 'running') return;
    const verified = [...live.meters]
      .filter(([m, s]) => s.state === 'verified' && !live.busy.has(m))
      .map(([m]) => m);
    await Promise.all(verified.map((m) => this.#job(live, m)));
    await this.#maybeComplete(live);
  }

  #needsWork(live: Live, meterId: string): boolean {
    const s = live.meters.get(meterId);
    if (!s || FINAL.has(s.state) || live.busy.has(meterId)) return false;
    return s.state !== 'verified' || this.#activationDue(live);
  }

  #activationDue(live: Live): boolean {
    const at = live.definition.activateAt;
    return at === undefined || at <= this.#clock.now();
  }

  /** One meter's work through the pool; ends with the meter verified, activated or failed. */
  async #job(live: Live, meterId: string): Promise<void> {
    live.busy.add(meterId);
    const signal = this.#abort.signal;
    try {
      const settled = await this.#o.pool.run(
        meterId,
        this.#o.pathOf?.(meterId) ?? meterId,
        async (_attempt, workSignal) => {
          if (live.state !== 'running' || signal.aborted) return { ok: true, value: undefined } as const;
          const session = await this.#o.sessionFor(meterId, workSignal);
          try {
            return await settle(() => this.#upgrade(live, meterId, session.client, workSignal));
          } finally {
            await session.close().catch(() => undefined);
          }
        },
        { signal },
      );
      if (!settled.ok) throw settled.error;
    } catch (e) {
      if (signal.aborted) return;
      const reason = e instanceof Error ? e.message : String(e);
      await this.#setMeter(live, meterId, {
        state: 'failed',
        reason,
        ...(e instanceof FirmwareStepError ? { step: e.step } : {}),
      });
    } finally {
      live.busy.delete(meterId);
    }
    await this.#checkFailureRate(live);
  }

  async #upgrade(live: Live, meterId: string, client: CosemClient, signal: AbortSignal): Promise<void> {
    const d = live.definition;
    const identifier = ascii(d.imageId);
    const objects = this.#o.versionObjects ?? FIRMWARE_VERSION_OBJECTS;
    const status = live.meters.get(meterId)?.state ?? 'pending';
    if (status !== 'verified' && status !== 'activating') {
      if (!live.versionBefore.has(meterId))
        live.versionBefore.set(meterId, await readFirmwareVersion(client, d.module, objects));
      const state = await imageTransferState(client, identifier, d.imageSize);
      const ready =
        state.holdsImage &&
        (state.status === ImageTransferStatus.image_verification_successful ||
          state.status === ImageTransferStatus.image_activation_successful);
      if (!ready) {
        await this.#setMeter(live, meterId, { state: 'transferring', block: 0, blocks: 0 });
        await transferImage(client, {
          identifier,
          image: live.image,
          signal,
          ...(d.blockSize !== undefined ? { blockSize: d.blockSize } : {}),
          onProgress: (block, blocks) => live.meters.set(meterId, { state: 'transferring', block, blocks }),
        });
        await this.#setMeter(live, meterId, { state: 'verifying' });
        await verifyImage(client);
      }
      await this.#setMeter(live, meterId, { state: 'verified' });
    }
    if (!this.#activationDue(live) || live.state !== 'running') return;
    await this.#setMeter(live, meterId, { state: 'activating' });
    const state = await imageTransferState(client, identifier, d.imageSize);
    if (!(state.holdsImage && state.status === ImageTransferStatus.image_activation_successful)) {
      await activateImage(client);
    }
    const version = await readFirmwareVersion(client, d.module, objects);
    checkVersion(version, live.versionBefore.get(meterId), d.expectedVersion);
    await this.#setMeter(live, meterId, { state: 'activated', version });
  }

  async #checkFailureRate(live: Live): Promise<void> {
    if (live.state !== 'running') return;
    const { failureRate, counts } = summarise(this.#view(live));
    if (failureRate > live.definition.maxFailureRate) {
      const finished = counts.failed + counts.activated + counts.verified;
      await this.#setState(
        live,
        'halted',
        `failure rate ${failureRate.toFixed(3)} of ${finished} finished meters passed maxFailureRate ${live.definition.maxFailureRate}`,
      );
    }
  }

  async #maybeComplete(live: Live): Promise<void> {
    if (live.state !== 'running' || live.stage < live.definition.stages.length) return;
    if ([...live.meters.values()].every((s) => FINAL.has(s.state))) await this.#setState(live, 'completed');
  }

  async #setMeter(live: Live, meterId: string, status: MeterFirmwareStatus): Promise<void> {
    live.meters.set(meterId, status);
    const before = live.versionBefore.get(meterId);
    await this.#log.append([
      {
        v: 1,
        type: 'meter-status',
        at: this.#clock.now(),
        id: live.definition.id,
        meterId,
        status,
        ...(before !== undefined ? { versionBefore: before } : {}),
      },
    ] satisfies CampaignEvent[]);
  }

  async #setState(live: Live, state: CampaignState, note?: string, stage = live.stage): Promise<void> {
    live.state = state;
    live.stage = stage;
    if (note !== undefined) live.note = note;
    if (state !== 'running') {
      live.timer?.cancel();
      delete live.timer;
    }
    await this.#log.append([
      {
        v: 1,
        type: 'campaign-state',
        at: this.#clock.now(),
        id: live.definition.id,
        state,
        stage,
        ...(note !== undefined ? { note } : {}),
      },
    ] satisfies CampaignEvent[]);
  }
}
