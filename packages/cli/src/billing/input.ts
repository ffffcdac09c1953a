/** Reading `gridmeter billing` inputs: the accounts file, the tariffs file and `--period`. */
import { readFileSync } from 'node:fs';
import { type MeterId, meterId, type TariffId, tariffId } from '@gridmeter/domain';
import { type BillingPeriod, TariffError, type TariffVersion, validateTariffVersions } from '@gridmeter/mdm';
import { MdmRunError, MdmUsageError } from '../mdm/errors.js';

/** One meter of an account: its channel and the window `[from, to)` it is billed over. */
export interface AccountMeter {
  readonly meterId: MeterId;
  readonly channel?: string;
  readonly from?: number;
  readonly to?: number;
}

/** An account as the accounts file gives it. */
export interface AccountInput {
  readonly id: string;
  readonly tariffId: TariffId;
  readonly meters: readonly AccountMeter[];
  readonly priorUsage?: number;
  readonly carryInWh?: number;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function readJson(file: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new MdmRunError(`cannot read the ${what} file ${file}: ${(e as Error).message}`, { cause: e });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new MdmRunError(`${file}: not JSON: ${(e as Error).message}`, { cause: e });
  }
}

/** An instant given as epoch ms or as an ISO 8601 string. */
function instant(file: string, path: string, v: unknown): number {
  const t = typeof v === 'string' ? Date.parse(v) : v;
  if (typeof t !== 'number' || !Number.isFinite(t)) {
    throw new MdmRunError(
      `${file}: ${path}: expected epoch ms or an ISO 8601 instant, got ${JSON.stringify(v)}`,
    );
  }
  return t;
}

function optionalInt(file: string, path: string, v: unknown): number | undefined {
  if (v === undefined) return undefined;
  if (!Number.isSafeInteger(v) || (v as number) < 0) {
    throw new MdmRunError(`${file}: ${path}: expected an integer ≥ 0, got ${JSON.stringify(v)}`);
  }
  return v as number;
}

function nonEmpty(file: string, path: string, v: unknown): string {
  if (typeof v !== 'string' || v === '') {
    throw new MdmRunError(`${file}: ${path}: expected a non-empty string, got ${JSON.stringify(v)}`);
  }
  return v;
}

function accountMeter(file: string, path: string, m: unknown): AccountMeter {
  if (!isObject(m)) throw new MdmRunError(`${file}: ${path}: expected an object`);
  let id: MeterId;
  try {
    id = meterId(nonEmpty(file, `${path}.meterId`, m.meterId));
  } catch (e) {
    if (e instanceof MdmRunError) throw e;
    throw new MdmRunError(`${file}: ${path}.meterId: ${(e as Error).message}`, { cause: e });
  }
  const from = m.from === undefined ? undefined : instant(file, `${path}.from`, m.from);
  const to = m.to === undefined ? undefined : instant(file, `${path}.to`, m.to);
  if (from !== undefined && to !== undefined && to <= from) {
    throw new MdmRunError(`${file}: ${path}.to: must be after from`);
  }
  return {
    meterId: id,
    ...(m.channel === undefined ? {} : { channel: nonEmpty(file, `${path}.channel`, m.channel) }),
    ...(from === undefined ? {} : { from }),
    ...(to === undefined ? {} : { to }),
  };
}

/**
 * Reads `[{ id, tariffId, meters: [{ meterId, channel?, from?, to? }], priorUsage?, carryInWh? }]`;
 * a malformed entry throws naming the field (`accounts.json: [2].meters[0].meterId: …`).
 */
export function readAccounts(file: string): AccountInput[] {
  const data = readJson(file, 'accounts');
  if (!Array.isArray(data)) throw new MdmRunError(`${file}: expected an array of accounts`);
  const seen = new Set<string>();
  return data.map((a: unknown, i) => {
    const p = `[${i}]`;
    if (!isObject(a)) throw new MdmRunError(`${file}: ${p}: expected an object`);
    const id = nonEmpty(file, `${p}.id`, a.id);
    if (seen.has(id)) throw new MdmRunError(`${file}: ${p}.id: duplicate account ${JSON.stringify(id)}`);
    seen.add(id);
    const tariff = nonEmpty(file, `${p}.tariffId`, a.tariffId);
    if (!Array.isArray(a.meters) || a.meters.length === 0) {
      throw new MdmRunError(`${file}: ${p}.meters: expected a non-empty array`);
    }
    const meters = a.meters.map((m: unknown, j) => accountMeter(file, `${p}.meters[${j}]`, m));
    const priorUsage = optionalInt(file, `${p}.priorUsage`, a.priorUsage);
    const carryInWh = optionalInt(file, `${p}.carryInWh`, a.carryInWh);
    return {
      id,
      tariffId: tariffId(tariff),
      meters,
      ...(priorUsage === undefined ? {} : { priorUsage }),
      ...(carryInWh === undefined ? {} : { carryInWh }),
    };
  });
}

const REQUIRED: readonly [string, string][] = [
  ['version', 'number'],
  ['commodity', 'string'],
  ['currency', 'string'],
  ['utcOffsetMinutes', 'number'],
  ['energy', 'object'],
];

function tariffVersion(file: string, path: string, key: string, v: unknown): TariffVersion {
  if (!isObject(v)) throw new MdmRunError(`${file}: ${path}: expected an object`);
  if (v.tariffId !== undefined && v.tariffId !== key) {
    throw new MdmRunError(
      `${file}: ${path}.tariffId: ${JSON.stringify(v.tariffId)} under key ${JSON.stringify(key)}`,
    );
  }
  for (const [field, type] of REQUIRED) {
    if (typeof v[field] !== type || v[field] === null) {
      throw new MdmRunError(`${file}: ${path}.${field}: expected a ${type}, got ${JSON.stringify(v[field])}`);
    }
  }
  if (!['electricity', 'water', 'gas'].includes(v.commodity as string)) {
    throw new MdmRunError(
      `${file}: ${path}.commodity: expected electricity, water or gas, got ${JSON.stringify(v.commodity)}`,
    );
  }
  const energy = v.energy as Json;
  if (!['flat', 'tou', 'tiered', 'dynamic'].includes(energy.kind as string)) {
    throw new MdmRunError(
      `${file}: ${path}.energy.kind: expected flat, tou, tiered or dynamic, got ${JSON.stringify(energy.kind)}`,
    );
  }
  let parsedEnergy: unknown = energy;
  if (energy.kind === 'dynamic') {
    if (!isObject(energy.hourlyPricesMicro)) {
      throw new MdmRunError(
        `${file}: ${path}.energy.hourlyPricesMicro: expected an object of hour start → price`,
      );
    }
    const prices = new Map<number, number>();
    for (const [hour, price] of Object.entries(energy.hourlyPricesMicro)) {
      const at = /^\d+$/.test(hour) ? Number(hour) : instant(file, `${path}.energy.hourlyPricesMicro`, hour);
      prices.set(at, price as number);
    }
    parsedEnergy = { kind: 'dynamic', hourlyPricesMicro: prices };
  }
  return {
    ...v,
    tariffId: tariffId(key),
    effectiveFrom: instant(file, `${path}.effectiveFrom`, v.effectiveFrom),
    energy: parsedEnergy,
  } as unknown as TariffVersion;
}

/**
 * Reads `{ tariffId: [TariffVersion…] }` (instants as epoch ms or ISO strings, dynamic prices as
 * an object) and validates every tariff; an error names the tariff and the field.
 */
export function readTariffs(file: string): Map<TariffId, readonly TariffVersion[]> {
  const data = readJson(file, 'tariffs');
  if (!isObject(data)) throw new MdmRunError(`${file}: expected an object of tariffId → [versions]`);
  const out = new Map<TariffId, readonly TariffVersion[]>();
  for (const [key, versions] of Object.entries(data)) {
    if (!Array.isArray(versions) || versions.length === 0) {
      throw new MdmRunError(`${file}: ${key}: expected a non-empty array of tariff versions`);
    }
    const parsed = versions.map((v: unknown, i) => tariffVersion(file, `${key}[${i}]`, key, v));
    try {
      out.set(tariffId(key), validateTariffVersions(parsed));
    } catch (e) {
      if (e instanceof TariffError || e instanceof RangeError || e instanceof TypeError) {
        throw new MdmRunError(`${file}: tariff ${key}: ${e.message}`, { cause: e });
      }
      throw e;
    }
  }
  return out;
}

/** `--period YYYY-MM`: the month from local midnight to local midnight at `utcOffsetMinutes`. */
export function periodOption(text: string, utcOffsetMinutes: number): BillingPeriod {
  const m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(text);
  if (!m)
    throw new MdmUsageError(`--period must be a month YYYY-MM, e.g. 2026-03, got ${JSON.stringify(text)}`);
  const y = Number(m[1]);
  const mo = Number(m[2]) - 1;
  const offset = utcOffsetMinutes * 60_000;
  return { start: Date.UTC(y, mo, 1) - offset, end: Date.UTC(y, mo + 1, 1) - offset };
}

/** The local-time offset all tariffs share (the period's midnights); 0 without tariffs. */
export function commonUtcOffset(tariffs: ReadonlyMap<TariffId, readonly TariffVersion[]>): number {
  const offsets = new Set([...tariffs.values()].flat().map((v) => v.utcOffsetMinutes));
  if (offsets.size > 1) {
    throw new MdmUsageError(
      `the tariffs use different utcOffsetMinutes (${[...offsets].join(', ')}); bill them in separate runs`,
    );
  }
  return [...offsets][0] ?? 0;
}
