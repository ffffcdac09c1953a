/**
 * The operator's view of the meters: the catalogue (place, account, tariff) joined with what the
 * head-end has seen on the bus — last successful read, supply state from the disconnect control
 * (read with the registers and confirmed by supply commands), alarms of the last 24 hours.
 */
import type { FeederNode, FleetView, MeterSummary, TransformerNode } from '@gridmeter/api';
import {
  type Bus,
  type Clock,
  type Command,
  CommandState,
  eventCodeInfo,
  type MeterEvent,
  Subjects,
} from '@gridmeter/domain';
import { DISCONNECT_CONTROL_STATE } from '@gridmeter/headend';
import type { CatalogueEntry } from './catalogue.js';

const DAY_MS = 86_400_000;
type Supply = MeterSummary['supply'];

/** IEC 62056-6-2 Disconnect control control_state values. */
const CONTROL_STATE: Readonly<Record<number, Supply>> = {
  0: 'disconnected',
  1: 'connected',
  2: 'ready-for-reconnection',
};

/** An alarm: pushed by the meter, or an event whose code is of alarm severity. */
const isAlarm = (e: MeterEvent) => e.source === 'push' || eventCodeInfo(e.code, e.log).severity === 'alarm';

interface Live {
  lastReadAt?: number;
  supply: Supply;
  firmwareVersion?: string;
  alarms: number[];
}

export interface PlatformFleetViewOptions {
  readonly catalogue: readonly CatalogueEntry[];
  readonly bus: Bus;
  readonly clock: Clock;
  /** The port the meters answer on (their addresses are in the catalogue). */
  readonly port: number;
  /** Ratings of the transformers, by id. */
  readonly ratedKva: (transformerId: string) => number;
  /** Looks a command up, to learn what a command result did. */
  readonly commandOf: (id: string) => Command | undefined;
  /** Why the head-end's last session with a meter failed, if it did. */
  readonly lastFailureOf?: (meterId: string) => string | undefined;
}

/** {@link FleetView} over the catalogue and the bus. */
export class PlatformFleetView implements FleetView {
  readonly #entries = new Map<string, CatalogueEntry>();
  readonly #live = new Map<string, Live>();
  readonly #options: PlatformFleetViewOptions;
  readonly #feeders: FeederNode[];
  readonly #transformers: TransformerNode[];

  constructor(options: PlatformFleetViewOptions) {
    this.#options = options;
    const transformers = new Map<string, { feederId: string; checkMeterId?: string; meterIds: string[] }>();
    for (const e of options.catalogue) {
      this.#entries.set(e.meterId, e);
      this.#live.set(e.meterId, { supply: 'unknown', alarms: [] });
      const t = transformers.get(e.transformerId) ?? { feederId: e.feederId, meterIds: [] };
      if (e.role === 'check') t.checkMeterId = e.meterId;
      else t.meterIds.push(e.meterId);
      transformers.set(e.transformerId, t);
    }
    this.#transformers = [...transformers].map(([id, t]) => ({
      id,
      feederId: t.feederId,
      ratedKva: options.ratedKva(id),
      ...(t.checkMeterId ? { checkMeterId: t.checkMeterId } : {}),
      meterIds: t.meterIds,
    }));
    const feeders = new Map<string, string[]>();
    for (const t of this.#transformers) feeders.set(t.feederId, [...(feeders.get(t.feederId) ?? []), t.id]);
    this.#feeders = [...feeders].map(([id, transformerIds]) => ({ id, transformerIds }));
    this.#subscribe(options.bus);
  }

  meters(): readonly MeterSummary[] {
    return [...this.#entries.values()].map((e) => this.#summary(e));
  }

  meter(id: string): MeterSummary | undefined {
    const e = this.#entries.get(id);
    return e ? this.#summary(e) : undefined;
  }

  feeders(): readonly FeederNode[] {
    return this.#feeders;
  }

  transformers(): readonly TransformerNode[] {
    return this.#transformers;
  }

  #summary(e: CatalogueEntry): MeterSummary {
    const live = this.#live.get(e.meterId)!;
    const since = this.#options.clock.now() - DAY_MS;
    live.alarms = live.alarms.filter((at) => at >= since);
    const failure = this.#options.lastFailureOf?.(e.meterId);
    return {
      id: e.meterId,
      kind: e.medium,
      role: e.role,
      servicePointId: e.servicePointId,
      accountId: e.accountId,
      customerName: e.customerName,
      feederId: e.feederId,
      transformerId: e.transformerId,
      address: `${e.address}:${this.#options.port}`,
      protocol: 'dlms-wrapper',
      supply: e.medium === 'electricity' ? live.supply : 'unknown',
      ...(live.firmwareVersion ? { firmwareVersion: live.firmwareVersion } : {}),
      tariffId: e.tariffId,
      prepaid: e.prepaid,
      ...(live.lastReadAt === undefined ? {} : { lastReadAt: live.lastReadAt }),
      ...(failure ? { lastFailure: failure } : {}),
      openAlarms: live.alarms.length,
    };
  }

  #subscribe(bus: Bus): void {
    bus.subscribe(Subjects.allReadings, (m) => {
      const id =
        m.type === 'interval-block' ? m.block.meterId : m.type === 'register-read' ? m.read.meterId : '';
      const live = this.#live.get(id);
      if (!live) return;
      live.lastReadAt = this.#options.clock.now();
      if (m.type === 'register-read' && m.read.register === DISCONNECT_CONTROL_STATE.channel) {
        live.supply = CONTROL_STATE[Number(m.read.value)] ?? 'unknown';
      }
    });
    bus.subscribe(Subjects.allEvents, (m) => {
      if (m.type !== 'meter-event' || !isAlarm(m.event)) return;
      this.#live.get(m.event.meterId)?.alarms.push(m.event.occurredAt);
    });
    bus.subscribe(Subjects.allCommandResults, (m) => {
      if (m.type !== 'command-result' || m.state !== CommandState.succeeded) return;
      const live = this.#live.get(m.meterId);
      const command = this.#options.commandOf(m.commandId);
      if (!live || !command) return;
      if (command.action.kind === 'disconnect') live.supply = 'disconnected';
      else if (command.action.kind === 'reconnect') live.supply = 'connected';
    });
  }
}
