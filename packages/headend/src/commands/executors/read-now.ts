import { type DlmsData, dataToJson, scalerUnitConverter } from '@gridmeter/dlms';
import { applyScaler } from '@gridmeter/domain';
import type { RegisterSpec } from '../../registry/types.js';
import type { JsonData } from '../journal-events.js';
import type { CosemClient } from '../ports.js';
import { numberOf } from './cosem.js';
import type { Executor } from './types.js';

/** Entries read from the end of the load profile (a day of 15-minute intervals) and of each event log. */
export const LOAD_PROFILE_TAIL = 96;
export const EVENT_LOG_TAIL = 10;

async function readRegister(client: CosemClient, spec: RegisterSpec): Promise<JsonData> {
  const ref = { classId: spec.classId, logicalName: spec.obis };
  const raw = numberOf(await client.get({ ...ref, attributeId: spec.attributeId }), spec.obis);
  let scaler = spec.scaler;
  let unit = spec.unit;
  if (scaler === undefined || unit === undefined) {
    const su = scalerUnitConverter.fromData(await client.get({ ...ref, attributeId: 3 }));
    scaler ??= su.scaler;
    unit ??= su.unit;
  }
  return { channel: spec.channel, obis: spec.obis, raw, scaler, unit, value: applyScaler(raw, scaler) };
}

/** The last `count` entries of a profile generic (entries_in_use, then an entry-descriptor read). */
async function readTail(client: CosemClient, obis: string, count: number): Promise<JsonData> {
  const inUse = numberOf(
    await client.get({ classId: 7, logicalName: obis, attributeId: 7 }),
    `${obis} entries_in_use`,
  );
  if (inUse === 0) return [];
  const rows: DlmsData = await client.getProfile(obis, {
    type: 'entry-descriptor',
    fromEntry: Math.max(1, inUse - count + 1),
    toEntry: inUse,
    fromSelectedValue: 1,
    toSelectedValue: 0,
  });
  return dataToJson(rows) as JsonData;
}

/**
 * `read-now`: reads what the meter profile lists — registers or instantaneous values (value ×
 * 10^scaler, scaler and unit from the profile or the register's scaler_unit), the last day of the
 * load profile, or the last entries of each event log — and returns them in the result.
 */
export const readNow: Executor<'read-now'> = async ({ client, profile }, action) => {
  switch (action.what) {
    case 'registers':
    case 'instantaneous': {
      const specs = action.what === 'registers' ? profile.registers : profile.instantaneous;
      const values: JsonData[] = [];
      for (const spec of specs) values.push(await readRegister(client, spec));
      return { detail: `${values.length} ${action.what} values read`, data: { what: action.what, values } };
    }
    case 'load-profile': {
      const lp = profile.loadProfile;
      if (!lp)
        return { detail: 'the meter profile has no load profile', data: { what: action.what, rows: [] } };
      const rows = await readTail(client, lp.obis, LOAD_PROFILE_TAIL);
      const n = Array.isArray(rows) ? rows.length : 0;
      return { detail: `${n} load profile entries read`, data: { what: action.what, obis: lp.obis, rows } };
    }
    case 'events': {
      const logs: JsonData[] = [];
      for (const log of profile.eventLogs) {
        logs.push({ log: log.log, obis: log.obis, rows: await readTail(client, log.obis, EVENT_LOG_TAIL) });
      }
      return { detail: `${logs.length} event logs read`, data: { what: action.what, logs } };
    }
  }
};
