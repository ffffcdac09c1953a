/** The API fixture's head-end: an in-memory command queue that honours idempotency keys and reports progress on the bus. */
import type {
  CampaignRequest,
  CampaignSummary,
  CommandGateway,
  CommandRequest,
  CommandStep,
} from '@gridmeter/api';
import {
  type Bus,
  type Clock,
  type Command,
  type CommandState,
  isTerminal,
  meterId,
  Subjects,
  transition,
} from '@gridmeter/domain';
import { CampaignNotFoundError, CommandNotCancellableError, CommandNotFoundError } from '@gridmeter/headend';
import type { FixtureFleet } from './fixture-fleet.js';

export interface FixtureGatewayOptions {
  /** Run each command by itself: in progress after this many real ms, done after twice as many. Off when absent. */
  readonly autoRunMs?: number;
}

/**
 * Commands in memory: `submit` with a known idempotency key returns the first command; each state
 * change is kept in the history and published as a `command-result` on the bus; a disconnect or
 * reconnect that succeeds changes the meter's supply and logs the meter's event.
 */
export class FixtureCommandGateway implements CommandGateway {
  readonly #commands = new Map<string, Command>();
  readonly #history = new Map<string, CommandStep[]>();
  readonly #byKey = new Map<string, string>();
  readonly #campaigns = new Map<string, CampaignSummary & { commandIds: string[] }>();
  readonly #timers = new Set<NodeJS.Timeout>();
  #seq = 0;

  constructor(
    private readonly bus: Bus,
    private readonly clock: Clock,
    private readonly fleet: FixtureFleet,
    private readonly options: FixtureGatewayOptions = {},
  ) {}

  async submit(request: CommandRequest): Promise<Command> {
    if (request.idempotencyKey !== undefined) {
      const id = this.#byKey.get(request.idempotencyKey);
      const existing = id === undefined ? undefined : this.#commands.get(id);
      if (existing) return existing;
    }
    if (!this.fleet.meter(request.meterId)) throw new RangeError(`Unknown meter ${request.meterId}`);
    const now = this.clock.now();
    const command: Command = {
      id: `CMD-${String(++this.#seq).padStart(5, '0')}`,
      meterId: meterId(request.meterId),
      action: request.action,
      state: 'queued',
      priority: request.priority ?? 5,
      ...(request.idempotencyKey === undefined ? {} : { idempotencyKey: request.idempotencyKey }),
      requestedBy: request.requestedBy,
      createdAt: now,
      ...(request.expiresAt === undefined ? {} : { expiresAt: request.expiresAt }),
      attempts: 0,
      updatedAt: now,
    };
    this.#commands.set(command.id, command);
    if (request.idempotencyKey !== undefined) this.#byKey.set(request.idempotencyKey, command.id);
    this.#history.set(command.id, [{ at: now, state: 'queued', by: request.requestedBy }]);
    await this.#publish(command);
    const ms = this.options.autoRunMs;
    if (ms !== undefined) {
      this.#later(ms, () => this.advance(command.id, 'in-progress'));
      this.#later(2 * ms, () => this.advance(command.id, 'succeeded', 'done'));
    }
    return command;
  }

  #later(ms: number, fn: () => Promise<unknown>): void {
    const t = setTimeout(() => {
      this.#timers.delete(t);
      fn().catch(() => undefined);
    }, ms);
    this.#timers.add(t);
  }

  /** Moves a command along its lifecycle (throws IllegalCommandTransitionError for an edge it lacks). */
  async advance(id: string, state: CommandState, detail?: string, by = 'headend'): Promise<Command> {
    const c = this.#commands.get(id);
    if (!c) throw new CommandNotFoundError(id);
    if (c.state === state || isTerminal(c.state)) return c;
    const now = this.clock.now();
    const next: Command = {
      ...c,
      state: transition(c.state, state),
      attempts: state === 'in-progress' ? c.attempts + 1 : c.attempts,
      updatedAt: now,
      ...(detail === undefined ? {} : { result: detail }),
    };
    this.#commands.set(id, next);
    this.#history.get(id)?.push({ at: now, state, by, ...(detail === undefined ? {} : { detail }) });
    await this.#publish(next);
    if (state === 'succeeded' && (c.action.kind === 'disconnect' || c.action.kind === 'reconnect')) {
      const off = c.action.kind === 'disconnect';
      this.fleet.setSupply(c.meterId, off ? 'disconnected' : 'connected');
      await this.bus.publish(Subjects.meterEvent(c.meterId), {
        type: 'meter-event',
        event: {
          meterId: c.meterId,
          occurredAt: now,
          code: off ? 62 : 63,
          log: 'disconnect',
          source: 'headend',
        },
      });
    }
    return next;
  }

  async #publish(c: Command): Promise<void> {
    await this.bus.publish(Subjects.commandResult(c.meterId), {
      type: 'command-result',
      commandId: c.id,
      meterId: c.meterId,
      state: c.state,
      ...(c.result === undefined ? {} : { detail: c.result }),
      at: c.updatedAt,
    });
  }

  get(id: string): Command | undefined {
    return this.#commands.get(id);
  }

  list(filter: { readonly meterId?: string; readonly state?: CommandState } = {}): readonly Command[] {
    return [...this.#commands.values()].filter(
      (c) =>
        (filter.meterId === undefined || c.meterId === filter.meterId) &&
        (filter.state === undefined || c.state === filter.state),
    );
  }

  async cancel(id: string, by: string): Promise<Command> {
    const c = this.#commands.get(id);
    if (!c) throw new CommandNotFoundError(id);
    if (c.state !== 'queued') throw new CommandNotCancellableError(id, c.state);
    return this.advance(id, 'cancelled', `cancelled by ${by}`, by);
  }

  history(id: string): readonly CommandStep[] {
    return this.#history.get(id) ?? [];
  }

  campaigns(): readonly CampaignSummary[] {
    return [...this.#campaigns.values()].map(({ commandIds, ...c }) => {
      const states = commandIds.map((id) => this.#commands.get(id)?.state);
      return {
        ...c,
        succeeded: states.filter((s) => s === 'succeeded').length,
        failed: states.filter((s) => s === 'failed' || s === 'expired').length,
        pending: states.filter((s) => s === 'queued' || s === 'in-progress').length,
      };
    });
  }

  async startCampaign(request: CampaignRequest): Promise<CampaignSummary> {
    if (!this.images().some((i) => i.id === request.imageId))
      throw new CampaignNotFoundError(request.imageId);
    const id = `FWC-${String(this.#campaigns.size + 1).padStart(3, '0')}`;
    const commandIds: string[] = [];
    for (const m of request.meterIds) {
      const c = await this.submit({
        meterId: m,
        action: {
          kind: 'firmware-upgrade',
          imageId: request.imageId,
          module: request.module,
          ...(request.activateAt === undefined ? {} : { activateAt: request.activateAt }),
        },
        idempotencyKey: `${id}:${m}`,
        requestedBy: request.requestedBy,
      });
      commandIds.push(c.id);
    }
    this.#campaigns.set(id, {
      id,
      imageId: request.imageId,
      module: request.module,
      state: 'running',
      meters: request.meterIds.length,
      succeeded: 0,
      failed: 0,
      pending: request.meterIds.length,
      createdAt: this.clock.now(),
      commandIds,
    });
    return this.campaigns().find((c) => c.id === id) as CampaignSummary;
  }

  images(): readonly { readonly id: string; readonly version: string; readonly bytes: number }[] {
    return [
      { id: 'FW-2.1.0', version: '2.1.0', bytes: 262_144 },
      { id: 'FW-2.0.3', version: '2.0.3', bytes: 258_048 },
    ];
  }

  /** Stops the timers of auto-run. */
  close(): void {
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.clear();
  }
}
