import {
  type AssociationPolicy,
  type CosemServerObject,
  conformance,
  DataAccessError,
  DataAccessResult,
  type DlmsData,
  DlmsServer,
  type DlmsServerOptions,
  InvocationCounter,
  logicalNameEquals,
  type RequestContext,
  type SelectiveAccess,
  type SpecialDayEntry,
} from '@gridmeter/dlms';
import { hashInts, hashString, unit } from '../consumption/hash.js';
import { energyModelFor, volumeModelFor } from '../consumption/models.js';
import { AccountObject } from '../cosem/account-object.js';
import { ActivityCalendarObject } from '../cosem/activity-calendar-object.js';
import { ChargeObject } from '../cosem/charge-object.js';
import { MeterClockObject } from '../cosem/clock-object.js';
import { CreditObject } from '../cosem/credit-object.js';
import { ValueObject, visibleString } from '../cosem/data-object.js';
import { DisconnectControlObject } from '../cosem/disconnect-control-object.js';
import { FirmwareVersionObject, ImageTransferObject } from '../cosem/image-transfer-object.js';
import { LimiterObject } from '../cosem/limiter-object.js';
import { ProfileGenericObject } from '../cosem/profile-object.js';
import {
  billingProfileSource,
  EVENT_LOG_OBJECTS,
  eventLogSource,
  loadProfileSource,
} from '../cosem/profile-sources.js';
import { PushSetupObject } from '../cosem/push-setup-object.js';
import {
  BatteryVoltageObject,
  EnergyRegisterObject,
  type EnergyWidth,
  instantaneousObjectThunks,
  MaxDemandObject,
  VolumeRegisterObject,
} from '../cosem/register-objects.js';
import { SpecialDaysTableObject } from '../cosem/special-days-object.js';
import { type CalendarTables, TouCalendar } from '../meter/calendar.js';
import { defaultSpecialDays, defaultTouCalendar } from '../meter/default-calendar.js';
import type { MeterEvent } from '../meter/event-codes.js';
import type { MeterLogName } from '../meter/event-log.js';
import type { MeterIdentity } from '../meter/identity.js';
import { ImageTransfer } from '../meter/image-transfer.js';
import { Limiter } from '../meter/limiter.js';
import { PrepaidAccount } from '../meter/prepayment.js';
import { Quantity } from '../meter/registers.js';
import { Relay } from '../meter/relay.js';
import { SpecialDaysTable } from '../meter/special-days.js';
import { INTERVAL_SECONDS, type MeterConditions, VirtualMeter } from '../meter/virtual-meter.js';
import { instantaneousValues } from '../metrology/instantaneous.js';
import type { EnergyModel, InstantaneousValues } from '../metrology/types.js';
import type { MeterScenarios } from '../scenarios/meter-scenarios.js';
import type { FleetSpec } from './fleet-spec.js';
import type { PushDestination } from './push-sender.js';

/** What a meter needs from its fleet. */
export interface RuntimeContext {
  readonly spec: FleetSpec;
  readonly now: () => number;
  readonly scenarios: MeterScenarios;
  /** The energy model of a transformer check meter (sums its customers); others build their own. */
  readonly checkMeterModel?: EnergyModel;
  /** Where this meter pushes until a client changes it (Push setup). */
  readonly pushDestination?: PushDestination;
  /** Sends a push from this meter now (Push setup method 1). */
  readonly pushNow?: (runtime: MeterRuntime) => void;
}

const ELECTRICITY_CONFORMANCE = conformance([
  'blockTransferWithGetOrRead',
  'blockTransferWithSetOrWrite',
  'blockTransferWithAction',
  'multipleReferences',
  'attribute0SupportedWithGet',
  'get',
  'set',
  'selectiveAccess',
  'action',
]);

/**
 * The calendar and special days every meter starts with, built once and shared (programming a
 * meter records new tables; nothing changes these in place).
 */
let DEFAULT_TOU: CalendarTables | undefined;
let DEFAULT_SPECIAL_DAYS: SpecialDayEntry[] | undefined;

function defaultTables(): CalendarTables {
  DEFAULT_TOU ??= defaultTouCalendar();
  return DEFAULT_TOU;
}

function defaultSpecialDaysShared(): SpecialDayEntry[] {
  DEFAULT_SPECIAL_DAYS ??= defaultSpecialDays();
  return DEFAULT_SPECIAL_DAYS;
}

/** Objects the public client (SAP 16, no authentication) may read: IDIS gives it only identification and the clock. */
const PUBLIC_OBJECTS = [
  '0.0.42.0.0.255',
  '0.0.96.1.0.255',
  '0.0.1.0.0.255',
  '1.0.0.2.0.255',
  '0.0.0.2.1.255',
];

/**
 * One virtual meter with all its functions: metrology and registers (the lazily materialised
 * {@link VirtualMeter}), TOU calendar and special days, relay, limiter, prepayment (for prepaid
 * customers), firmware modules — and the DLMS server that exposes them with the three associations
 * real meters have: public (SAP 16, none), reader (SAP 32, LLS) and management (SAP 1, HLS-GMAC with
 * suite 0 authenticated encryption under the meter's own keys).
 */
export class MeterRuntime {
  readonly identity: MeterIdentity;
  readonly meter: VirtualMeter;
  readonly calendar: TouCalendar;
  readonly relay: Relay;
  readonly limiter: Limiter | undefined;
  readonly prepaid: PrepaidAccount | undefined;
  readonly imageTransfer: ImageTransfer;
  /** The meter's invocation counter for everything it ciphers (kept across connections). */
  readonly invocationCounter = new InvocationCounter(1);
  /** True once a client changed something that the seed cannot recompute (it must not be evicted). */
  dirty = false;
  /** Where the meter pushes (Push setup send_destination_and_method); none when undefined. */
  pushDestination: PushDestination | undefined;
  readonly #ctx: RuntimeContext;
  readonly #energy: EnergyModel | undefined;

  constructor(identity: MeterIdentity, ctx: RuntimeContext) {
    this.identity = identity;
    this.#ctx = ctx;
    this.pushDestination = ctx.pushDestination;
    const { spec } = ctx;
    const utcOffsetMinutes = spec.utcOffsetMinutes ?? 0;
    const onEvent = (e: MeterEvent) =>
      this.meter.logEvent({ at: e.at, code: e.code, log: e.log as MeterLogName });
    const electricity = identity.kind !== 'water' && identity.kind !== 'gas';
    const key = hashString(spec.seed, `runtime:${identity.id}`);
    const isPrepaid = identity.kind === 'household' && unit(hashInts(key, 1)) < 0.15;
    this.relay = new Relay({ controlMode: isPrepaid ? 5 : 2, onEvent });
    this.calendar = new TouCalendar({
      utcOffsetMinutes,
      active: defaultTables(),
      specialDays: new SpecialDaysTable(defaultSpecialDaysShared()),
      onEvent,
    });
    this.imageTransfer = new ImageTransfer({ onEvent });
    this.prepaid = isPrepaid
      ? new PrepaidAccount({
          creditMinor: 2_000 + Math.floor(unit(hashInts(key, 2)) * 8_000),
          pricePerKwh: 28,
          lowCreditThreshold: 500,
          emergencyCreditMinor: 1_000,
          onEvent,
          requestDisconnect: (at) => this.relay.localDisconnect(at, 'prepayment'),
          requestReconnect: (at) => this.relay.localReconnect(at, 'prepayment'),
        })
      : undefined;
    this.limiter =
      electricity && identity.kind !== 'transformer-check'
        ? new Limiter({
            thresholdNormalW: identity.phases === 3 ? 1_000_000 : 25_000,
            minOverThresholdDurationSeconds: 60,
            minUnderThresholdDurationSeconds: 60,
            onEvent,
            requestDisconnect: (at) => this.relay.localDisconnect(at, 'limiter'),
            requestReconnect: (at) => this.relay.localReconnect(at, 'limiter'),
          })
        : undefined;
    this.#energy = electricity ? (ctx.checkMeterModel ?? energyModelFor(identity, spec)) : undefined;
    const conditions: MeterConditions = {
      supplyOn: (t) => ctx.scenarios.supplyOn(t),
      registered: (wh, start, seconds) => ctx.scenarios.registered(wh, start, seconds),
      clockOffsetMs: (t) => ctx.scenarios.clockOffsetMs(t),
      supplyEdges: (from, to) => ctx.scenarios.supplyEdges(from, to),
      tamperEvents: (from, to) => ctx.scenarios.tamperEvents(from, to),
      reboots: (from, to) => ctx.scenarios.reboots(from, to),
      voltageEvents: (from, to) => {
        const out: { at: number; kind: 'sag' | 'swell' | 'normal'; scenarioId: string }[] = [];
        for (const s of ctx.scenarios.scenarios) {
          if (s.type !== 'voltage-sag' && s.type !== 'voltage-swell') continue;
          if (s.start >= from && s.start < to)
            out.push({ at: s.start, kind: s.type === 'voltage-sag' ? 'sag' : 'swell', scenarioId: s.id });
          if (s.end !== undefined && s.end >= from && s.end < to)
            out.push({ at: s.end, kind: 'normal', scenarioId: s.id });
        }
        return out.sort((a, b) => a.at - b.at);
      },
    };
    this.meter = new VirtualMeter({
      identity,
      seed: spec.seed,
      model: this.#energy
        ? { kind: 'energy', energy: this.#energy }
        : { kind: 'volume', volume: volumeModelFor(identity, spec) },
      historyStart: spec.historyStart,
      utcOffsetMinutes,
      conditions,
      calendar: electricity ? this.calendar : { rateAt: () => 1 },
      relay: this.relay,
      onInterval: (o) => {
        const end = o.start + INTERVAL_SECONDS * 1000;
        this.calendar.settle(end);
        this.limiter?.update(end, (o.registered.importWh * 3600) / INTERVAL_SECONDS);
        this.limiter?.advance(end);
        if (this.prepaid && o.registered.importWh > 0) this.prepaid.charge(end, o.registered.importWh);
      },
    });
  }

  /** Catches the meter up to the simulated now; every client request does this first. */
  settle(): number {
    const now = this.#ctx.now();
    this.meter.advanceTo(now);
    this.calendar.settle(now);
    return now;
  }

  /** Instantaneous values at `t` (all zero while the supply is off or the relay open). */
  instantaneous(t: number): InstantaneousValues {
    const supplyOn = this.#ctx.scenarios.supplyOn(t) && this.relay.connectedAt(t);
    return instantaneousValues(this.identity, this.#energy!, t, {
      voltageFactor: this.#ctx.scenarios.voltageFactor(t),
      supplyOn,
      seed: this.#ctx.spec.seed,
    });
  }

  /** Whether the meter answers on the network at `t` (powered, not in an "unreachable" scenario). */
  reachable(t: number): boolean {
    const battery = this.identity.kind === 'water' || this.identity.kind === 'gas';
    return this.#ctx.scenarios.reachable(t) && (battery || this.#ctx.scenarios.supplyOn(t));
  }

  #server: DlmsServer | undefined;

  /**
   * The DLMS server over this meter's state, built when a connection needs it and shared by the
   * connections open to the meter; {@link releaseServer} drops it when the last one closes.
   */
  dlmsServer(): DlmsServer {
    this.#server ??= this.#buildServer();
    return this.#server;
  }

  /** Frees the server's objects once no connection uses them (the meter's state stays). */
  releaseServer(): void {
    this.#server = undefined;
  }

  /** A SET or ACTION changed something the seed cannot recompute: keep this meter. */
  markDirty(): void {
    this.dirty = true;
  }

  /** Prepares a request: catch up to now and apply scenario effects that requests depend on. */
  beforeRequest(classId: number): number {
    const now = this.settle();
    if (classId === 18) {
      // A firmware-failure scenario makes activation fail (event 233).
      this.imageTransfer.failing =
        this.#ctx.scenarios.firmwareFailure('metrology', now) ||
        this.#ctx.scenarios.firmwareFailure('communication', now);
    }
    return now;
  }

  #buildServer(): DlmsServer {
    const objects = this.#objects().map((build) => () => new GuardedObject(build(), this));
    const id = this.identity;
    const mine = (o: CosemServerObject, names: readonly string[]) =>
      names.some((n) => logicalNameEquals(o.logicalName, logicalNameOf(n)));
    const associations: AssociationPolicy[] = [
      {
        clientSap: 16,
        name: 'public',
        authentication: 'none',
        conformance: ELECTRICITY_CONFORMANCE,
        attributeAccess: (o) => (mine(o, PUBLIC_OBJECTS) || o.classId === 15 ? 'read' : 'none'),
      },
      {
        clientSap: 32,
        name: 'reader',
        authentication: 'lls',
        // The password is derived when an LLS association is first attempted.
        get password() {
          return new TextEncoder().encode(id.llsPassword);
        },
        conformance: ELECTRICITY_CONFORMANCE,
        attributeAccess: () => 'read',
      },
      {
        clientSap: 1,
        name: 'management',
        authentication: 'hls-gmac',
        security: {
          policy: 'authenticated-encrypted',
          encryptionKey: id.encryptionKey,
          authenticationKey: id.authenticationKey,
        },
        conformance: ELECTRICITY_CONFORMANCE,
        attributeAccess: (o, attributeId) => (innerOf(o).set && attributeId !== 1 ? 'read-write' : 'read'),
        methodAccess: (o) => innerOf(o).action !== undefined,
      },
    ];
    return new LazyObjectServer(
      {
        systemTitle: id.systemTitle,
        associations,
        maxReceivePduSize: 2048,
        invocationCounter: this.invocationCounter,
      },
      objects,
      this.#shape,
    );
  }

  /**
   * The meter's objects, each as a function that builds it: a server builds an object when a
   * client first addresses it (see {@link LazyObjectServer}). The order and the objects depend
   * only on the meter's shape (kind, phases, limiter, prepayment).
   */
  #objects(): ObjectThunk[] {
    const id = this.identity;
    const { spec } = this.#ctx;
    const now = this.#ctx.now;
    const utcOffsetMinutes = spec.utcOffsetMinutes ?? 0;
    const meter = this.meter;
    const width: EnergyWidth =
      id.kind === 'industrial' || id.kind === 'commercial' || id.kind === 'transformer-check'
        ? 'long64-unsigned'
        : 'double-long-unsigned';
    const ctx = { meter, now, utcOffsetMinutes, width };
    const objects: ObjectThunk[] = [
      () => new ValueObject('0.0.42.0.0.255', () => visibleString(id.id)),
      () => new ValueObject('0.0.96.1.0.255', () => visibleString(id.id)),
      () => new ValueObject('0.0.96.10.1.255', () => ({ type: 'unsigned', value: 0 })),
      () => new MeterClockObject(meter, now, utcOffsetMinutes),
      () => new DisconnectControlObject(this.relay, now),
      () => new ImageTransferObject(this.imageTransfer, now),
      () => new FirmwareVersionObject(this.imageTransfer, 'metrology'),
      () => new FirmwareVersionObject(this.imageTransfer, 'communication'),
      () =>
        new PushSetupObject({
          destination: () => this.pushDestination,
          setDestination: (d) => {
            this.pushDestination = d;
          },
          pushNow: () => this.#ctx.pushNow?.(this),
        }),
    ];
    for (const log of Object.keys(EVENT_LOG_OBJECTS) as MeterLogName[]) {
      objects.push(() => new ProfileGenericObject(EVENT_LOG_OBJECTS[log], eventLogSource(ctx, log)));
    }
    if (id.kind === 'water' || id.kind === 'gas') {
      // A lithium battery (3.6 V) installed 0–8 years before history began, losing ~0.04 V a year.
      const installed =
        spec.historyStart -
        unit(hashInts(hashString(spec.seed, `battery:${id.id}`), 1)) * 8 * 365 * 86_400_000;
      const kind = id.kind;
      objects.push(
        () => new BatteryVoltageObject(() => 3.6 - (0.04 * (now() - installed)) / (365 * 86_400_000), now),
        () => new VolumeRegisterObject(meter, now, kind),
        () => new ProfileGenericObject('1.0.99.1.0.255', loadProfileSource(ctx, kind)),
      );
      return objects;
    }
    for (const q of [
      Quantity.activeImport,
      Quantity.activeExport,
      Quantity.reactiveImport,
      Quantity.reactiveExport,
    ]) {
      for (let rate = 0; rate <= 4; rate++)
        objects.push(() => new EnergyRegisterObject(meter, now, q, rate, width));
    }
    objects.push(
      () => new MaxDemandObject(meter, now, utcOffsetMinutes),
      ...instantaneousObjectThunks((t) => this.instantaneous(t), now, id.phases),
      () => new ProfileGenericObject('1.0.99.1.0.255', loadProfileSource(ctx, 'electricity')),
      () => new ProfileGenericObject('1.0.98.2.0.255', billingProfileSource(ctx, 'daily')),
      () => new ProfileGenericObject('0.0.98.1.0.255', billingProfileSource(ctx, 'monthly')),
      () => new ActivityCalendarObject(this.calendar, now),
      () => new SpecialDaysTableObject(this.calendar.specialDays, now),
    );
    const limiter = this.limiter;
    if (limiter) objects.push(() => new LimiterObject(limiter, now, { utcOffsetMinutes }));
    const prepaid = this.prepaid;
    if (prepaid) {
      objects.push(
        () => new AccountObject(prepaid, now),
        () => new CreditObject(prepaid, 'token', now),
        () => new CreditObject(prepaid, 'emergency', now),
        () => new ChargeObject(prepaid, now, { utcOffsetMinutes }),
      );
    }
    return objects;
  }

  /** What decides which objects the meter has, in which order. */
  get #shape(): string {
    const id = this.identity;
    return `${id.kind}/${id.phases}/${this.limiter ? 'L' : ''}/${this.prepaid ? 'P' : ''}`;
  }
}

/** Builds one COSEM object of a meter. */
type ObjectThunk = () => CosemServerObject;

/** Position of each object by class id, then logical name (6 bytes as a number), per meter shape. */
type ObjectIndex = Map<number, Map<number, number>>;
const OBJECT_INDEXES = new Map<string, ObjectIndex>();

const lnNumber = (ln: Uint8Array): number =>
  ln.length === 6
    ? ((ln[0]! * 256 + ln[1]!) * 256 + ln[2]!) * 2 ** 24 + ((ln[3]! << 16) | (ln[4]! << 8) | ln[5]!)
    : -1;

/**
 * A meter's DLMS server whose objects are built when a client first addresses them: a meter has
 * some 45 objects, a collection run reads about 20, and a fleet materialises a meter per session.
 * Which object sits where depends only on the meter's shape, so the (class, logical name) index is
 * built once per shape, from the first meter of it. The association's object_list still lists all.
 */
class LazyObjectServer extends DlmsServer {
  readonly #thunks: readonly ObjectThunk[];
  readonly #built: (CosemServerObject | undefined)[];
  readonly #index: ObjectIndex;

  constructor(options: Omit<DlmsServerOptions, 'objects'>, thunks: readonly ObjectThunk[], shape: string) {
    super({ ...options, objects: [] });
    this.#thunks = thunks;
    this.#built = new Array<CosemServerObject | undefined>(thunks.length);
    let index = OBJECT_INDEXES.get(shape);
    if (!index) {
      index = new Map();
      for (let i = 0; i < thunks.length; i++) {
        const o = this.#at(i);
        let byName = index.get(o.classId);
        if (!byName) {
          byName = new Map();
          index.set(o.classId, byName);
        }
        const key = lnNumber(o.logicalName);
        if (byName.has(key))
          throw new RangeError(`Object ${o.classId}/${o.logicalName.join('.')} is defined twice`);
        byName.set(key, i);
      }
      OBJECT_INDEXES.set(shape, index);
    }
    this.#index = index;
  }

  override object(classId: number, ln: Uint8Array): CosemServerObject | undefined {
    const i = this.#index.get(classId)?.get(lnNumber(ln));
    return i === undefined ? undefined : this.#at(i);
  }

  override get objects(): IterableIterator<CosemServerObject> {
    return this.#thunks.map((_, i) => this.#at(i)).values();
  }

  #at(i: number): CosemServerObject {
    let o = this.#built[i];
    if (!o) {
      o = this.#thunks[i]!();
      this.#built[i] = o;
    }
    return o;
  }
}

/**
 * An object of the meter as its DLMS server sees it: every request first catches the meter up to
 * now; a successful SET or ACTION marks the meter as changed by a client. A class (prototype
 * methods), so that a server's objects cost little memory.
 */
class GuardedObject implements CosemServerObject {
  readonly classId: number;
  readonly version: number;
  readonly logicalName: Uint8Array;
  readonly attributeIds?: readonly number[];
  readonly methodIds?: readonly number[];

  constructor(
    readonly inner: CosemServerObject,
    readonly runtime: MeterRuntime,
  ) {
    this.classId = inner.classId;
    this.version = inner.version;
    this.logicalName = inner.logicalName;
    if (inner.attributeIds) this.attributeIds = inner.attributeIds;
    if (inner.methodIds) this.methodIds = inner.methodIds;
  }

  get(attributeId: number, ctx: RequestContext, access?: SelectiveAccess): DlmsData | Promise<DlmsData> {
    this.runtime.beforeRequest(this.classId);
    return this.inner.get(attributeId, ctx, access);
  }

  async set(
    attributeId: number,
    value: DlmsData,
    ctx: RequestContext,
    access?: SelectiveAccess,
  ): Promise<void> {
    if (!this.inner.set) throw new DataAccessError(DataAccessResult.readWriteDenied);
    this.runtime.beforeRequest(this.classId);
    await this.inner.set(attributeId, value, ctx, access);
    this.runtime.markDirty();
  }

  async action(
    methodId: number,
    parameters: DlmsData | undefined,
    ctx: RequestContext,
  ): Promise<DlmsData | undefined> {
    if (!this.inner.action) throw new DataAccessError(DataAccessResult.readWriteDenied);
    this.runtime.beforeRequest(this.classId);
    const result = await this.inner.action(methodId, parameters, ctx);
    this.runtime.markDirty();
    return result;
  }
}

const innerOf = (o: CosemServerObject): CosemServerObject => (o instanceof GuardedObject ? o.inner : o);

const LN_CACHE = new Map<string, Uint8Array>();
function logicalNameOf(text: string): Uint8Array {
  let ln = LN_CACHE.get(text);
  if (!ln) {
    ln = Uint8Array.from(text.split('.').map(Number));
    LN_CACHE.set(text, ln);
  }
  return ln;
}
