/**
 * Checking scenarios: from a parsed file (unknown JSON) or injected at run time. Every check names
 * the scenario and the field.
 */
import { meterIndexOfId } from '../meter/identity.js';
import type { MeterKind } from '../metrology/types.js';
import type { Topology } from '../topology/topology.js';
import { ScenarioError, type ScenarioErrorWhere } from './errors.js';
import { looksIso, parseDuration, parseIsoTime } from './time.js';
import type { Scenario, ScenarioTarget, ScenarioType, TheftModel } from './types.js';

/** What a scenario is checked against. */
export interface ScenarioContext {
  readonly topology: Topology;
  /** Simulated now (UTC ms): relative starts ("2h") count from here; injected scenarios may not start before it. */
  readonly now?: number;
}

/** Every scenario type, in the order of the `Scenario` union. */
export const SCENARIO_TYPES: readonly ScenarioType[] = [
  'theft',
  'tamper',
  'outage',
  'voltage-sag',
  'voltage-swell',
  'clock-drift',
  'unreachable',
  'reboot',
  'firmware-failure',
];

const METER_KINDS: readonly MeterKind[] = [
  'household',
  'prosumer',
  'commercial',
  'industrial',
  'water',
  'gas',
  'transformer-check',
];
const TAMPERS = ['meter-cover', 'terminal-cover', 'magnetic-field'] as const;
const MODULES = ['metrology', 'communication'] as const;
const ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;
const BASE_FIELDS = ['id', 'type', 'target', 'start', 'end'];
const TYPE_FIELDS: Readonly<Record<ScenarioType, readonly string[]>> = {
  theft: ['model'],
  tamper: ['tamper'],
  outage: [],
  'voltage-sag': ['percent'],
  'voltage-swell': ['percent'],
  'clock-drift': ['ppm'],
  unreachable: [],
  reboot: [],
  'firmware-failure': ['module'],
};
const MODEL_FIELDS: Readonly<Record<TheftModel['kind'], readonly string[]>> = {
  'constant-factor': ['factor'],
  'zero-windows': ['hours'],
  'random-factor': ['min', 'max'],
  capping: ['capWh'],
  subtracting: ['subtractWh'],
  progressive: ['finalFactor', 'days'],
};
/** Largest clock drift accepted, in ppm (1 %). */
const MAX_DRIFT_PPM = 10_000;

type ErrorClass = new (where: ScenarioErrorWhere, problem: string) => ScenarioError;

/** Reads and checks one scenario; throws `errorClass` naming the scenario and field. */
export function readScenario(
  raw: unknown,
  index: number | undefined,
  ctx: ScenarioContext,
  errorClass: ErrorClass = ScenarioError,
): Scenario {
  const rawId = isRecord(raw) && typeof raw.id === 'string' ? raw.id : undefined;
  const fail = (field: string, problem: string): never => {
    throw new errorClass(
      {
        ...(index === undefined ? {} : { index }),
        ...(rawId === undefined ? {} : { scenarioId: rawId }),
        field,
      },
      problem,
    );
  };
  if (!isRecord(raw)) return fail('', `must be an object, got ${show(raw)}`);
  const id = raw.id;
  if (typeof id !== 'string' || !ID.test(id)) {
    return fail('id', `must be 1-64 characters of letters, digits and ._:- , got ${show(id)}`);
  }
  const type = raw.type;
  if (typeof type !== 'string' || !(SCENARIO_TYPES as readonly string[]).includes(type)) {
    return fail('type', `is unknown: ${show(type)} (one of ${SCENARIO_TYPES.join(', ')})`);
  }
  const scenarioType = type as ScenarioType;
  const allowed = [...BASE_FIELDS, ...TYPE_FIELDS[scenarioType]];
  for (const key of Object.keys(raw)) {
    if (!allowed.includes(key))
      fail(key, `is not a field of a ${type} scenario (fields: ${allowed.join(', ')})`);
  }
  const target = readTarget(raw.target, ctx.topology, fail);
  const start = readTime(raw.start, 'start', undefined, ctx.now, fail);
  const end = raw.end === undefined ? undefined : readTime(raw.end, 'end', start, ctx.now, fail);
  if (end !== undefined && end <= start) {
    fail('end', `must be after start (${new Date(start).toISOString()}), got ${new Date(end).toISOString()}`);
  }
  const base = { id, target, start, ...(end === undefined ? {} : { end }) };
  switch (scenarioType) {
    case 'theft':
      return { ...base, type: scenarioType, model: readModel(raw.model, fail) };
    case 'tamper':
      return { ...base, type: scenarioType, tamper: oneOf(raw.tamper, TAMPERS, 'tamper', fail) };
    case 'outage':
    case 'unreachable':
    case 'reboot':
      return { ...base, type: scenarioType };
    case 'voltage-sag':
    case 'voltage-swell': {
      const percent = raw.percent;
      if (typeof percent !== 'number' || !(percent > 0 && percent <= 100)) {
        return fail('percent', `must be a number in (0, 100], got ${show(percent)}`);
      }
      return { ...base, type: scenarioType, percent };
    }
    case 'clock-drift': {
      const ppm = raw.ppm;
      if (typeof ppm !== 'number' || !Number.isFinite(ppm) || ppm === 0 || Math.abs(ppm) > MAX_DRIFT_PPM) {
        return fail('ppm', `must be a non-zero number within ±${MAX_DRIFT_PPM}, got ${show(ppm)}`);
      }
      return { ...base, type: scenarioType, ppm };
    }
    case 'firmware-failure':
      return { ...base, type: scenarioType, module: oneOf(raw.module, MODULES, 'module', fail) };
  }
}

type Fail = (field: string, problem: string) => never;

function readTarget(raw: unknown, topology: Topology, fail: Fail): ScenarioTarget {
  if (!isRecord(raw)) return fail('target', `must be an object, got ${show(raw)}`);
  const keys = Object.keys(raw);
  const main = keys.filter(
    (k) => k === 'meters' || k === 'transformer' || k === 'feeder' || k === 'fraction',
  );
  if (main.length !== 1) {
    return fail(
      'target',
      `must have exactly one of meters, transformer, feeder, fraction; got ${show(keys)}`,
    );
  }
  for (const key of keys) {
    if (key !== main[0] && !(key === 'kinds' && main[0] === 'fraction')) {
      fail(`target.${key}`, `is not a field of a ${main[0]} target`);
    }
  }
  if ('meters' in raw) {
    const meters = raw.meters;
    if (!Array.isArray(meters) || meters.length === 0) {
      return fail('target.meters', `must be a non-empty list of meter ids, got ${show(meters)}`);
    }
    const seen = new Set<string>();
    meters.forEach((m: unknown, i) => {
      if (typeof m !== 'string' || meterIndexOfId(m, topology) === undefined) {
        fail(`target.meters[${i}]`, `is not a meter of this fleet: ${show(m)}`);
      }
      if (seen.has(m as string)) fail(`target.meters[${i}]`, `repeats ${show(m)}`);
      seen.add(m as string);
    });
    return { meters: [...seen] };
  }
  if ('transformer' in raw) {
    const t = raw.transformer;
    if (typeof t !== 'string' || topology.transformerIndex(t) === undefined) {
      return fail('target.transformer', `is not a transformer of this fleet: ${show(t)}`);
    }
    return { transformer: t };
  }
  if ('feeder' in raw) {
    const f = raw.feeder;
    if (typeof f !== 'string' || topology.feederIndex(f) === undefined) {
      return fail('target.feeder', `is not a feeder of this fleet: ${show(f)}`);
    }
    return { feeder: f };
  }
  const fraction = raw.fraction;
  if (typeof fraction !== 'number' || !(fraction > 0 && fraction <= 1)) {
    return fail('target.fraction', `must be a number in (0, 1], got ${show(fraction)}`);
  }
  if (raw.kinds === undefined) return { fraction };
  const kinds = raw.kinds;
  if (!Array.isArray(kinds) || kinds.length === 0) {
    return fail('target.kinds', `must be a non-empty list of meter kinds, got ${show(kinds)}`);
  }
  kinds.forEach((k: unknown, i) => {
    if (typeof k !== 'string' || !(METER_KINDS as readonly string[]).includes(k)) {
      fail(`target.kinds[${i}]`, `is not a meter kind: ${show(k)} (one of ${METER_KINDS.join(', ')})`);
    }
  });
  return { fraction, kinds: [...new Set(kinds as MeterKind[])] };
}

function readModel(raw: unknown, fail: Fail): TheftModel {
  if (!isRecord(raw)) return fail('model', `must be an object, got ${show(raw)}`);
  const kind = raw.kind;
  if (typeof kind !== 'string' || !Object.hasOwn(MODEL_FIELDS, kind)) {
    return fail('model.kind', `is unknown: ${show(kind)} (one of ${Object.keys(MODEL_FIELDS).join(', ')})`);
  }
  const modelKind = kind as TheftModel['kind'];
  for (const key of Object.keys(raw)) {
    if (key !== 'kind' && !MODEL_FIELDS[modelKind].includes(key)) {
      fail(
        `model.${key}`,
        `is not a field of a ${kind} model (fields: ${MODEL_FIELDS[modelKind].join(', ')})`,
      );
    }
  }
  const factor = (field: string): number => {
    const v = raw[field];
    if (typeof v !== 'number' || !(v >= 0 && v <= 1))
      fail(`model.${field}`, `must be in [0, 1], got ${show(v)}`);
    return v as number;
  };
  const energy = (field: string): number => {
    const v = raw[field];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
      fail(`model.${field}`, `must be a non-negative number of Wh, got ${show(v)}`);
    }
    return v as number;
  };
  switch (modelKind) {
    case 'constant-factor':
      return { kind: modelKind, factor: factor('factor') };
    case 'random-factor': {
      const min = factor('min');
      const max = factor('max');
      if (max < min) fail('model.max', `must not be below min (${min}), got ${max}`);
      return { kind: modelKind, min, max };
    }
    case 'capping':
      return { kind: modelKind, capWh: energy('capWh') };
    case 'subtracting':
      return { kind: modelKind, subtractWh: energy('subtractWh') };
    case 'progressive': {
      const finalFactor = factor('finalFactor');
      const days = raw.days;
      if (typeof days !== 'number' || !Number.isFinite(days) || days <= 0) {
        return fail('model.days', `must be a positive number of days, got ${show(days)}`);
      }
      return { kind: modelKind, finalFactor, days };
    }
    case 'zero-windows': {
      const hours = raw.hours;
      if (!Array.isArray(hours) || hours.length === 0) {
        return fail('model.hours', `must be a non-empty list of [from, to] local hours, got ${show(hours)}`);
      }
      const windows = hours.map((w: unknown, i): readonly [number, number] => {
        const ok =
          Array.isArray(w) &&
          w.length === 2 &&
          w.every((h) => typeof h === 'number' && h >= 0 && h <= 24) &&
          w[0] !== w[1];
        if (!ok)
          fail(`model.hours[${i}]`, `must be [from, to] with distinct hours in [0, 24], got ${show(w)}`);
        return [(w as number[])[0]!, (w as number[])[1]!];
      });
      return { kind: modelKind, hours: windows };
    }
  }
}

/** A time: epoch ms, ISO 8601, or (for `end`) a duration after start, or (with `now`) a duration after now. */
function readTime(
  raw: unknown,
  field: string,
  start: number | undefined,
  now: number | undefined,
  fail: Fail,
): number {
  if (typeof raw === 'number') {
    if (!Number.isSafeInteger(raw)) return fail(field, `must be whole epoch milliseconds, got ${show(raw)}`);
    return raw;
  }
  if (typeof raw !== 'string')
    return fail(field, `must be ISO 8601, epoch ms or a duration, got ${show(raw)}`);
  if (looksIso(raw)) {
    const t = parseIsoTime(raw);
    if (t === undefined) {
      return fail(
        field,
        `is not a valid ISO 8601 date or date-time with an offset (Z or ±hh:mm): ${show(raw)}`,
      );
    }
    return t;
  }
  const d = parseDuration(raw);
  if (d === undefined)
    return fail(field, `is neither ISO 8601, epoch ms nor a duration like "2h": ${show(raw)}`);
  const from = start ?? now;
  if (from === undefined) return fail(field, `is a duration (${show(raw)}) but no simulated now was given`);
  return from + d;
}

function oneOf<T extends string>(raw: unknown, values: readonly T[], field: string, fail: Fail): T {
  if (typeof raw !== 'string' || !(values as readonly string[]).includes(raw)) {
    return fail(field, `must be one of ${values.join(', ')}, got ${show(raw)}`);
  }
  return raw as T;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function show(v: unknown): string {
  const text = JSON.stringify(v);
  if (text === undefined) return String(v);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/**
 * Checks a scenario injected at run time and returns it normalised (times as epoch ms). Throws
 * `ScenarioError` naming the field; with `now`, a scenario may not start in the past.
 *
 * @example
 * schedule.add(validateScenario({ id: 'out-1', type: 'outage', target: { transformer: 'T00003' }, start: now, end: now + 3_600_000 }, { topology, now }));
 */
export function validateScenario(
  scenario: Scenario | Record<string, unknown>,
  ctx: ScenarioContext,
): Scenario {
  const s = readScenario(scenario, undefined, ctx);
  if (ctx.now !== undefined && s.start < ctx.now) {
    throw new ScenarioError(
      { scenarioId: s.id, field: 'start' },
      `is in the past: ${new Date(s.start).toISOString()} is before now (${new Date(ctx.now).toISOString()})`,
    );
  }
  return s;
}
