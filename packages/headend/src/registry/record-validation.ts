import { isIP } from 'node:net';
import { RegistryError } from './errors.js';
import type { MeterAssociation, MeterEndpoint, MeterRecord, MeterState, MeterTopology } from './types.js';

/** Meter ids: 1–64 characters of letters, digits and `. _ : -` (safe in file names, URLs and logs). */
const METER_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;
/** RFC 1123 host name. */
const HOST_NAME =
  /^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
/** Group names and topology ids: 1–128 printable characters without spaces at the ends. */
const LABEL = /^\S(.{0,126}\S)?$/;

const MEDIA = ['electricity', 'water', 'gas'] as const;
const STATES = ['active', 'inactive', 'decommissioned'] as const satisfies readonly MeterState[];
const AUTHENTICATIONS = ['none', 'lls', 'hls-gmac'] as const;
const SECURITIES = ['none', 'authenticated', 'encrypted', 'authenticated-encrypted'] as const;
const FRAMINGS = ['wrapper', 'hdlc'] as const;
const TOPOLOGY_FIELDS = ['servicePointId', 'transformerId', 'feederId'] as const;
/**
 * IEC 62056-46 §6.4.2: a client address is 7 bits, 0x00 no-station and 0x7F all-station reserved; a
 * server (upper or lower HDLC) address is at most 14 bits, 0x00 no-station and 0x3FFF all-station
 * reserved. The wrapper's wPorts carry the same SAPs.
 */
const CLIENT_SAP = { min: 0x01, max: 0x7e } as const;
const SERVER_ADDRESS = { min: 0x01, max: 0x3ffe } as const;

/** Shares equal small objects and strings between records (a million meters hold few distinct ones). */
export class Interner {
  readonly #strings = new Map<string, string>();
  readonly #objects = new Map<string, object>();

  string<T extends string>(s: T): T {
    const known = this.#strings.get(s);
    if (known !== undefined) return known as T;
    this.#strings.set(s, s);
    return s;
  }

  object<T extends object>(o: T): T {
    const key = JSON.stringify(o);
    const known = this.#objects.get(key);
    if (known !== undefined) return known as T;
    this.#objects.set(key, Object.freeze(o));
    return o;
  }
}

type Fail = (field: string, message: string) => never;

function failer(meterId: string | undefined): Fail {
  return (field, message) => {
    const who = meterId === undefined ? 'Meter' : `Meter ${meterId}`;
    throw new RegistryError(`${who}: ${field} ${message}`, {
      field,
      ...(meterId === undefined ? {} : { meterId }),
    });
  };
}

const show = (v: unknown) => (typeof v === 'string' ? JSON.stringify(v) : String(v));

function oneOf<T extends string>(fail: Fail, field: string, v: unknown, allowed: readonly T[]): T {
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) {
    fail(field, `must be one of ${allowed.join(', ')}, got ${show(v)}`);
  }
  return v as T;
}

function intIn(fail: Fail, field: string, v: unknown, min: number, max: number, hint = ''): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    fail(field, `must be an integer in [${min}, ${max}]${hint}, got ${show(v)}`);
  }
  return v as number;
}

function object(fail: Fail, field: string, v: unknown, allowed: readonly string[]): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(field, 'must be an object');
  const o = v as Record<string, unknown>;
  for (const k of Object.keys(o)) {
    if (!allowed.includes(k) && o[k] !== undefined) fail(`${field}.${k}`, 'is not a known field');
  }
  return o;
}

function endpointOf(fail: Fail, v: unknown): MeterEndpoint {
  const e = object(fail, 'endpoint', v, ['transport', 'host', 'port', 'framing', 'hdlcServerAddress']);
  oneOf(fail, 'endpoint.transport', e.transport, ['tcp']);
  const host = e.host;
  if (typeof host !== 'string' || (isIP(host) === 0 && !HOST_NAME.test(host))) {
    fail('endpoint.host', `must be an IPv4/IPv6 address or a host name, got ${show(host)}`);
  }
  const port = intIn(fail, 'endpoint.port', e.port, 1, 65535);
  const framing = oneOf(fail, 'endpoint.framing', e.framing, FRAMINGS);
  if (e.hdlcServerAddress === undefined) return { transport: 'tcp', host: host as string, port, framing };
  if (framing !== 'hdlc') fail('endpoint.hdlcServerAddress', 'is only allowed with framing hdlc');
  const a = object(fail, 'endpoint.hdlcServerAddress', e.hdlcServerAddress, ['upper', 'lower']);
  const upper = intIn(
    fail,
    'endpoint.hdlcServerAddress.upper',
    a.upper,
    SERVER_ADDRESS.min,
    SERVER_ADDRESS.max,
  );
  const hdlcServerAddress =
    a.lower === undefined
      ? { upper }
      : {
          upper,
          lower: intIn(
            fail,
            'endpoint.hdlcServerAddress.lower',
            a.lower,
            SERVER_ADDRESS.min,
            SERVER_ADDRESS.max,
          ),
        };
  return { transport: 'tcp', host: host as string, port, framing, hdlcServerAddress };
}

function associationOf(fail: Fail, v: unknown): MeterAssociation {
  const a = object(fail, 'association', v, ['clientSap', 'serverSap', 'authentication', 'security']);
  return {
    clientSap: intIn(
      fail,
      'association.clientSap',
      a.clientSap,
      CLIENT_SAP.min,
      CLIENT_SAP.max,
      ' (client SAP)',
    ),
    serverSap: intIn(
      fail,
      'association.serverSap',
      a.serverSap,
      SERVER_ADDRESS.min,
      SERVER_ADDRESS.max,
      ' (server SAP)',
    ),
    authentication: oneOf(fail, 'association.authentication', a.authentication, AUTHENTICATIONS),
    security: oneOf(fail, 'association.security', a.security, SECURITIES),
  };
}

function label(fail: Fail, field: string, v: unknown): string {
  if (typeof v !== 'string' || !LABEL.test(v)) {
    fail(field, `must be 1-128 characters without leading or trailing spaces, got ${show(v)}`);
  }
  return v as string;
}

function topologyOf(fail: Fail, v: unknown, i: Interner): MeterTopology {
  const t = object(fail, 'topology', v, TOPOLOGY_FIELDS);
  const out: Record<string, string> = {};
  for (const f of TOPOLOGY_FIELDS)
    if (t[f] !== undefined) out[f] = i.string(label(fail, `topology.${f}`, t[f]));
  return out;
}

/** What a record is checked against. */
export interface RecordContext {
  /** Whether a meter profile id is known. */
  readonly hasProfile: (id: string) => boolean;
  readonly interner?: Interner;
}

/**
 * Checks a meter record and returns a fresh frozen copy (shared parts interned); throws
 * {@link RegistryError} naming the meter and the field: `Meter GM1: endpoint.port must be an integer
 * in [1, 65535], got 70000`.
 */
export function validateRecord(input: unknown, ctx: RecordContext): MeterRecord {
  const raw = input as Record<string, unknown> | null;
  const id = typeof raw === 'object' && raw !== null ? raw.id : undefined;
  const fail = failer(typeof id === 'string' && METER_ID.test(id) ? id : undefined);
  const r = object(fail, 'record', input, [
    'id',
    'medium',
    'endpoint',
    'protocol',
    'association',
    'profileId',
    'group',
    'topology',
    'state',
  ]);
  if (typeof r.id !== 'string' || !METER_ID.test(r.id)) {
    fail('id', `must be 1-64 letters, digits or . _ : - starting with a letter or digit, got ${show(r.id)}`);
  }
  const i = ctx.interner ?? new Interner();
  const profileId = typeof r.profileId === 'string' ? r.profileId : '';
  if (!ctx.hasProfile(profileId)) fail('profileId', `names no known meter profile: ${show(r.profileId)}`);
  oneOf(fail, 'protocol', r.protocol, ['dlms']);
  const endpoint = endpointOf(fail, r.endpoint);
  const topology = topologyOf(fail, r.topology ?? {}, i);
  return Object.freeze({
    id: r.id as string,
    medium: i.string(oneOf(fail, 'medium', r.medium, MEDIA)),
    endpoint: Object.freeze({ ...endpoint, framing: i.string(endpoint.framing) }),
    protocol: 'dlms',
    association: i.object(associationOf(fail, r.association)),
    profileId: i.string(profileId),
    group: i.string(label(fail, 'group', r.group)),
    topology: Object.keys(topology).length === 0 ? i.object(topology) : Object.freeze(topology),
    state: i.string(oneOf(fail, 'state', r.state, STATES)),
  });
}
