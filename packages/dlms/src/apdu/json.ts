import { toHex } from '@gridmeter/codec';
import { dataToJson, type JsonValue } from '../axdr/index.js';
import type { DlmsData } from '../axdr/types.js';
import {
  AcseServiceProviderDiagnostic,
  AcseServiceUserDiagnostic,
  ApplicationContextName,
  AssociationResult,
  MechanismName,
} from './acse.js';
import type { Apdu } from './apdu.js';
import { conformanceNames } from './conformance.js';
import { parseInvokeIdAndPriority, parseLongInvokeIdAndPriority } from './invoke-id.js';
import {
  ActionResult,
  DataAccessResult,
  ExceptionServiceError,
  ExceptionStateError,
  enumName,
} from './results.js';

const DATA_TYPES: ReadonlySet<string> = new Set([
  'null-data',
  'array',
  'structure',
  'boolean',
  'bit-string',
  'double-long',
  'double-long-unsigned',
  'octet-string',
  'visible-string',
  'utf8-string',
  'bcd',
  'integer',
  'long',
  'unsigned',
  'long-unsigned',
  'compact-array',
  'long64',
  'long64-unsigned',
  'enum',
  'float32',
  'float64',
  'date-time',
  'date',
  'time',
  'dont-care',
]);

function isData(v: unknown): v is DlmsData {
  return typeof v === 'object' && v !== null && DATA_TYPES.has((v as { type?: unknown }).type as string);
}

function obis(id: Uint8Array): string {
  return Array.from(id).join('.');
}

/** The enumeration a numeric `result` field belongs to, by APDU type. */
function resultTable(apduType: string): Readonly<Record<string, number>> | undefined {
  if (apduType === 'aare') return AssociationResult;
  if (apduType.startsWith('action-response')) return ActionResult;
  if (apduType.startsWith('set-response')) return DataAccessResult;
  return undefined;
}

function convert(v: unknown, apduType: string): JsonValue {
  if (v instanceof Uint8Array) return toHex(v);
  if (isData(v)) return dataToJson(v);
  if (Array.isArray(v)) return v.map((x) => convert(x, apduType));
  if (typeof v === 'bigint') return v.toString();
  if (typeof v !== 'object' || v === null) return v as JsonValue;
  const out: Record<string, JsonValue> = {};
  for (const [k, x] of Object.entries(v)) {
    if (x === undefined) continue;
    out[k] = convert(x, apduType);
    if (k === 'invokeIdAndPriority' && typeof x === 'number')
      out[k] = { byte: x, ...parseInvokeIdAndPriority(x) };
    else if (k === 'longInvokeIdAndPriority' && typeof x === 'number') {
      out[k] = { value: x, ...parseLongInvokeIdAndPriority(x) };
    } else if ((k === 'instanceId' || k === 'logicalName') && x instanceof Uint8Array && x.length === 6) {
      out.obis = obis(x);
    } else if (k.endsWith('Conformance') && typeof x === 'number') {
      out[k] = { value: x.toString(16).padStart(6, '0'), bits: conformanceNames(x) };
    } else if (k === 'dataAccessResult' && typeof x === 'number') {
      addName(out, k, DataAccessResult, x);
    } else if (k === 'result' && typeof x === 'number') {
      const table = resultTable(apduType);
      if (table) addName(out, k, table, x);
    } else if (k === 'results' && apduType.startsWith('set-response') && Array.isArray(x)) {
      out.resultNames = x.map((n: number) => enumName(DataAccessResult, n) ?? null);
    } else if (k === 'applicationContextName' && typeof x === 'string') {
      addOidName(out, k, ApplicationContextName, x);
    } else if (k === 'mechanismName' && typeof x === 'string') {
      addOidName(out, k, MechanismName, x);
    } else if (k === 'stateError' && typeof x === 'number') addName(out, k, ExceptionStateError, x);
    else if (k === 'serviceError' && typeof x === 'number') addName(out, k, ExceptionServiceError, x);
    else if (
      k === 'source' &&
      typeof x === 'string' &&
      typeof (v as { value?: unknown }).value === 'number'
    ) {
      const table = x === 'acse-service-user' ? AcseServiceUserDiagnostic : AcseServiceProviderDiagnostic;
      addName(out, 'value', table, (v as { value: number }).value);
    }
  }
  return out;
}

function addName(
  out: Record<string, JsonValue>,
  key: string,
  table: Readonly<Record<string, number>>,
  n: number,
): void {
  const name = enumName(table, n);
  if (name !== undefined) out[`${key}Name`] = name;
}

function addOidName(
  out: Record<string, JsonValue>,
  key: string,
  table: Readonly<Record<string, string>>,
  oid: string,
): void {
  for (const [name, value] of Object.entries(table)) {
    if (value === oid) out[`${key}Name`] = name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
  }
}

/**
 * A plain, JSON-safe, readable form of an APDU for tools: bytes as lower-case hex, Data values
 * through `dataToJson`, invoke-id bytes unpacked, OBIS codes, conformance bit names and the
 * standard's names of result codes beside the numbers.
 *
 * @example
 * apduToJson({ type: 'set-response-normal', invokeIdAndPriority: 0xc1, result: 3 });
 * // { type: 'set-response-normal', invokeIdAndPriority: { byte: 193, invokeId: 1, confirmed: true, highPriority: true },
 * //   result: 3, resultName: 'read-write-denied' }
 */
export function apduToJson(apdu: Apdu): JsonValue {
  return convert(apdu, apdu.type);
}
