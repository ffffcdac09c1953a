import { ObisCode } from '@gridmeter/domain';
import { ProfileError } from './errors.js';
import type { EventLogSpec, MeterProfile, ObjectRef, ProfileSpec, RegisterSpec } from './types.js';

const PROFILE_ID = /^[a-z0-9][a-z0-9._-]{0,63}$/;
const EVENT_LOGS = ['standard', 'fraud', 'disconnect', 'power-quality', 'firmware', 'power-failure'] as const;
const DEVIATIONS = ['utc-minus-local', 'local-minus-utc'] as const;

type Fail = (field: string, message: string) => never;
const show = (v: unknown) => (typeof v === 'string' ? JSON.stringify(v) : (JSON.stringify(v) ?? String(v)));

function fields(fail: Fail, field: string, v: unknown, allowed: readonly string[]): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    fail(field, `must be an object, got ${show(v)}`);
  const o = v as Record<string, unknown>;
  for (const k of Object.keys(o)) if (!allowed.includes(k)) fail(`${field}.${k}`, 'is not a known field');
  return o;
}

function int(fail: Fail, field: string, v: unknown, min: number, max: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    fail(field, `must be an integer in [${min}, ${max}], got ${show(v)}`);
  }
  return v as number;
}

function list(fail: Fail, field: string, v: unknown): unknown[] {
  if (!Array.isArray(v)) fail(field, `must be an array, got ${show(v)}`);
  return v as unknown[];
}

/** An OBIS code in either form, returned dotted ("1.0.1.8.0.255"). */
function obis(fail: Fail, field: string, v: unknown): string {
  const code = typeof v === 'string' ? ObisCode.tryParse(v) : undefined;
  if (!code) fail(field, `must be an OBIS code (A.B.C.D.E.F or A-B:C.D.E*F), got ${show(v)}`);
  return code!.toDotted();
}

/** A channel code, returned in display form ("1-0:1.8.0*255"). */
function channel(fail: Fail, field: string, v: unknown): string {
  const code = typeof v === 'string' ? ObisCode.tryParse(v) : undefined;
  if (!code) fail(field, `must be a channel code (OBIS, e.g. "1-0:1.8.0*255"), got ${show(v)}`);
  return code!.toString();
}

const OBJECT_FIELDS = ['classId', 'obis', 'attributeId'];

function objectRef(fail: Fail, field: string, o: Record<string, unknown>): ObjectRef {
  return {
    classId: int(fail, `${field}.classId`, o.classId, 0, 0xffff),
    obis: obis(fail, `${field}.obis`, o.obis),
    // IEC 62056-5-3: attribute ids are integer (-128…127); the positive ones are standard attributes.
    attributeId: int(fail, `${field}.attributeId`, o.attributeId, 1, 127),
  };
}

function register(fail: Fail, field: string, v: unknown): RegisterSpec {
  const o = fields(fail, field, v, [...OBJECT_FIELDS, 'channel', 'scaler', 'unit']);
  return {
    ...objectRef(fail, field, o),
    channel: channel(fail, `${field}.channel`, o.channel),
    ...(o.scaler === undefined ? {} : { scaler: int(fail, `${field}.scaler`, o.scaler, -128, 127) }),
    ...(o.unit === undefined ? {} : { unit: int(fail, `${field}.unit`, o.unit, 0, 255) }),
  };
}

function distinctColumns(fail: Fail, field: string, columns: readonly [string, number][]): void {
  const seen = new Map<number, string>();
  for (const [name, column] of columns) {
    const other = seen.get(column);
    if (other !== undefined) fail(`${field}.${name}`, `uses column ${column}, as ${other} does`);
    seen.set(column, name);
  }
}

function profileSpec(fail: Fail, field: string, v: unknown): ProfileSpec {
  const o = fields(fail, field, v, ['obis', 'intervalSeconds', 'clockColumn', 'statusColumn', 'channels']);
  const channels = list(fail, `${field}.channels`, o.channels).map((c, k) => {
    const at = `${field}.channels[${k}]`;
    const e = fields(fail, at, c, ['column', 'channel', 'unit', 'scaler']);
    return {
      column: int(fail, `${at}.column`, e.column, 0, 255),
      channel: channel(fail, `${at}.channel`, e.channel),
      unit: int(fail, `${at}.unit`, e.unit, 0, 255),
      scaler: int(fail, `${at}.scaler`, e.scaler, -128, 127),
    };
  });
  if (channels.length === 0) fail(`${field}.channels`, 'must list at least one channel');
  const spec: ProfileSpec = {
    obis: obis(fail, `${field}.obis`, o.obis),
    intervalSeconds: int(fail, `${field}.intervalSeconds`, o.intervalSeconds, 1, 86_400),
    clockColumn: int(fail, `${field}.clockColumn`, o.clockColumn, 0, 255),
    ...(o.statusColumn === undefined
      ? {}
      : { statusColumn: int(fail, `${field}.statusColumn`, o.statusColumn, 0, 255) }),
    channels,
  };
  distinctColumns(fail, field, [
    ['clockColumn', spec.clockColumn],
    ...(spec.statusColumn === undefined ? [] : [['statusColumn', spec.statusColumn] as [string, number]]),
    ...channels.map((c, k) => [`channels[${k}].column`, c.column] as [string, number]),
  ]);
  return spec;
}

function eventLog(fail: Fail, field: string, v: unknown): EventLogSpec {
  const o = fields(fail, field, v, ['obis', 'log', 'clockColumn', 'codeColumn']);
  if (typeof o.log !== 'string' || !(EVENT_LOGS as readonly string[]).includes(o.log)) {
    fail(`${field}.log`, `must be one of ${EVENT_LOGS.join(', ')}, got ${show(o.log)}`);
  }
  const spec: EventLogSpec = {
    obis: obis(fail, `${field}.obis`, o.obis),
    log: o.log as EventLogSpec['log'],
    clockColumn: int(fail, `${field}.clockColumn`, o.clockColumn, 0, 255),
    codeColumn: int(fail, `${field}.codeColumn`, o.codeColumn, 0, 255),
  };
  distinctColumns(fail, field, [
    ['clockColumn', spec.clockColumn],
    ['codeColumn', spec.codeColumn],
  ]);
  return spec;
}

function quirks(fail: Fail, v: unknown): NonNullable<MeterProfile['quirks']> {
  const o = fields(fail, 'quirks', v, [
    'fixedInvokeId',
    'maxReceivePduSize',
    'deviationConvention',
    'maxListReferences',
  ]);
  if (
    o.deviationConvention !== undefined &&
    !(DEVIATIONS as readonly unknown[]).includes(o.deviationConvention)
  ) {
    fail(
      'quirks.deviationConvention',
      `must be one of ${DEVIATIONS.join(', ')}, got ${show(o.deviationConvention)}`,
    );
  }
  return {
    // IEC 62056-5-3 §9.4.6.1: the invoke-id is 4 bits of Invoke-Id-And-Priority.
    ...(o.fixedInvokeId === undefined
      ? {}
      : { fixedInvokeId: int(fail, 'quirks.fixedInvokeId', o.fixedInvokeId, 0, 15) }),
    // Green Book: client-max-receive-pdu-size below 12 is reserved.
    ...(o.maxReceivePduSize === undefined
      ? {}
      : { maxReceivePduSize: int(fail, 'quirks.maxReceivePduSize', o.maxReceivePduSize, 12, 0xffff) }),
    ...(o.deviationConvention === undefined
      ? {}
      : { deviationConvention: o.deviationConvention as (typeof DEVIATIONS)[number] }),
    ...(o.maxListReferences === undefined
      ? {}
      : { maxListReferences: int(fail, 'quirks.maxListReferences', o.maxListReferences, 1, 255) }),
  };
}

function uniqueObis(
  fail: Fail,
  field: string,
  specs: readonly { obis: string; attributeId?: number }[],
): void {
  const seen = new Set<string>();
  specs.forEach((s, k) => {
    const key = `${s.obis}/${s.attributeId ?? ''}`;
    if (seen.has(key)) fail(`${field}[${k}].obis`, `repeats ${s.obis}`);
    seen.add(key);
  });
}

/**
 * Checks a meter profile given as data (parsed JSON) and returns a frozen, normalised copy (OBIS
 * dotted, channels in display form). Throws {@link ProfileError} naming the profile and the field:
 * `Profile "acme-e1": loadProfile.channels[1].scaler must be an integer in [-128, 127], got 1.5`.
 */
export function parseMeterProfile(value: unknown, where?: string): MeterProfile {
  const rawId = typeof value === 'object' && value !== null ? (value as { id?: unknown }).id : undefined;
  const name = `${where === undefined ? '' : `${where}: `}Profile${typeof rawId === 'string' ? ` ${JSON.stringify(rawId)}` : ''}`;
  const fail: Fail = (field, message) => {
    throw new ProfileError(`${name}: ${field} ${message}`, { field });
  };
  const o = fields(fail, 'profile', value, [
    'id',
    'description',
    'clock',
    'loadProfile',
    'registers',
    'dailyBilling',
    'eventLogs',
    'instantaneous',
    'quirks',
  ]);
  if (typeof o.id !== 'string' || !PROFILE_ID.test(o.id)) {
    fail(
      'id',
      `must be 1-64 lowercase letters, digits or . _ - starting with a letter or digit, got ${show(o.id)}`,
    );
  }
  if (o.description !== undefined && typeof o.description !== 'string')
    fail('description', 'must be a string');
  const clock = objectRef(fail, 'clock', fields(fail, 'clock', o.clock, OBJECT_FIELDS));
  const registers = list(fail, 'registers', o.registers ?? []).map((r, k) =>
    register(fail, `registers[${k}]`, r),
  );
  const instantaneous = list(fail, 'instantaneous', o.instantaneous ?? []).map((r, k) =>
    register(fail, `instantaneous[${k}]`, r),
  );
  const eventLogs = list(fail, 'eventLogs', o.eventLogs ?? []).map((e, k) =>
    eventLog(fail, `eventLogs[${k}]`, e),
  );
  uniqueObis(fail, 'registers', registers);
  uniqueObis(fail, 'instantaneous', instantaneous);
  uniqueObis(fail, 'eventLogs', eventLogs);
  const profile: MeterProfile = {
    id: o.id as string,
    ...(o.description === undefined ? {} : { description: o.description as string }),
    clock,
    ...(o.loadProfile === undefined ? {} : { loadProfile: profileSpec(fail, 'loadProfile', o.loadProfile) }),
    registers,
    ...(o.dailyBilling === undefined
      ? {}
      : {
          dailyBilling: {
            obis: obis(
              fail,
              'dailyBilling.obis',
              fields(fail, 'dailyBilling', o.dailyBilling, ['obis']).obis,
            ),
          },
        }),
    eventLogs,
    instantaneous,
    ...(o.quirks === undefined ? {} : { quirks: quirks(fail, o.quirks) }),
  };
  return deepFreeze(profile);
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
