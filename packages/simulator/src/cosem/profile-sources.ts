import type { CaptureObjectDefinition, DlmsData } from '@gridmeter/dlms';
import type { MeterLogName } from '../meter/event-log.js';
import { MAX_DEMAND_AT, MAX_DEMAND_W, Quantity, slot } from '../meter/registers.js';
import { type BillingSnapshot, INTERVAL_SECONDS, type VirtualMeter } from '../meter/virtual-meter.js';
import { dateTimeData } from './cosem-time.js';
import { sharedLogicalName } from './object-support.js';
import type { ProfileRow, ProfileSource } from './profile-object.js';
import type { EnergyWidth } from './register-objects.js';

const capture = (classId: number, name: string, attributeIndex = 2): CaptureObjectDefinition => ({
  classId,
  logicalName: sharedLogicalName(name),
  attributeIndex,
  dataIndex: 0,
});

const CLOCK = capture(8, '0.0.1.0.0.255');
const INTERVAL_MS = INTERVAL_SECONDS * 1000;

function energy(value: number, width: EnergyWidth): DlmsData {
  return width === 'long64-unsigned'
    ? { type: 'long64-unsigned', value: BigInt(Math.round(value)) }
    : { type: 'double-long-unsigned', value: Math.round(value) % 2 ** 32 };
}

interface Context {
  readonly meter: VirtualMeter;
  readonly now: () => number;
  readonly utcOffsetMinutes: number;
  readonly width: EnergyWidth;
}

/**
 * Load profile 1 (1-0:99.1.0, 15 min): clock, AMR profile status, cumulative active import and
 * export (volume for water and gas meters). Entry k ends `historyStart + k · 15 min`.
 */
export function loadProfileSource(c: Context, medium: 'electricity' | 'water' | 'gas'): ProfileSource {
  const registers =
    medium === 'electricity'
      ? [capture(3, '1.0.1.8.0.255'), capture(3, '1.0.2.8.0.255')]
      : [capture(3, medium === 'water' ? '8.0.1.0.0.255' : '7.0.3.0.0.255')];
  const electricity = medium === 'electricity';
  const toRows = (from: number, to: number): ProfileRow[] => {
    const rows: ProfileRow[] = [];
    for (const e of c.meter.profile(from, to)) {
      const values: DlmsData[] = [
        dateTimeData(e.meterTime, c.utcOffsetMinutes),
        { type: 'unsigned', value: e.status },
        energy(e.activeImportWh, c.width),
      ];
      if (electricity) values.push(energy(e.activeExportWh, c.width));
      rows.push({ at: e.end, meterTime: e.meterTime, values });
    }
    return rows;
  };
  const start = c.meter.historyStart;
  return {
    captureObjects: [CLOCK, capture(1, '0.0.96.10.1.255'), ...registers],
    capturePeriodSeconds: INTERVAL_SECONDS,
    profileEntries: 96 * 400,
    count: () => c.meter.entriesInUse(c.now()),
    rowsByIndex: (from, to) => toRows(start + (from - 1) * INTERVAL_MS, start + to * INTERVAL_MS),
    rowsByMeterTime(fromMs, toMs) {
      const now = c.now();
      // The clock column is the meter's time. The true instant a meter stamps with `m` is
      // m − offset, where offset (drift and adjustments) is taken at each end of the range;
      // one interval of margin covers the drift within it.
      const from = Math.max(start, fromMs - clockOffsetAt(c.meter, fromMs, now) - INTERVAL_MS);
      const to = Math.min(now, toMs - clockOffsetAt(c.meter, toMs, now) + INTERVAL_MS);
      const rows = toRows(from, to);
      const out: ProfileRow[] = [];
      for (const r of rows) if (r.meterTime >= fromMs && r.meterTime <= toMs) out.push(r);
      return out;
    },
  };
}

/** How far the meter's clock is off true time at `t` (no later than `now`). */
function clockOffsetAt(meter: VirtualMeter, t: number, now: number): number {
  const at = Math.min(t, now);
  return meter.meterTime(at) - at;
}

/** Daily (1-0:98.2.0) or monthly (0-0:98.1.0) billing profile: registers captured at each period start. */
export function billingProfileSource(c: Context, period: 'daily' | 'monthly'): ProfileSource {
  const columns: CaptureObjectDefinition[] = [CLOCK];
  for (const q of [Quantity.activeImport, Quantity.activeExport]) {
    for (let r = 0; r <= 4; r++) columns.push(capture(3, `1.0.${q + 1}.8.${r}.255`));
  }
  if (period === 'monthly') columns.push(capture(4, '1.0.1.6.0.255', 2), capture(4, '1.0.1.6.0.255', 5));
  const snapshots = () =>
    period === 'daily'
      ? c.meter.dailySnapshots(c.meter.historyStart, c.now())
      : c.meter.monthlySnapshots(c.meter.historyStart, c.now());
  const toRow = (s: BillingSnapshot): ProfileRow => {
    const values: DlmsData[] = [dateTimeData(s.meterTime, c.utcOffsetMinutes)];
    for (const q of [Quantity.activeImport, Quantity.activeExport]) {
      for (let r = 0; r <= 4; r++) values.push(energy(s.registers[slot(q, r)]!, c.width));
    }
    if (period === 'monthly') {
      const at = s.registers[MAX_DEMAND_AT]!;
      values.push(
        { type: 'double-long-unsigned', value: s.registers[MAX_DEMAND_W]! },
        at > 0
          ? dateTimeData(c.meter.meterTime(at), c.utcOffsetMinutes)
          : { type: 'octet-string', value: new Uint8Array(12).fill(0xff) },
      );
    }
    return { at: s.at, meterTime: s.meterTime, values };
  };
  return {
    captureObjects: columns,
    capturePeriodSeconds: period === 'daily' ? 86_400 : 0,
    profileEntries: period === 'daily' ? 400 : 36,
    count: () => snapshots().length,
    rowsByIndex: (from, to) =>
      snapshots()
        .slice(from - 1, to)
        .map(toRow),
    rowsByMeterTime: (fromMs, toMs) =>
      snapshots()
        .filter((s) => s.meterTime >= fromMs && s.meterTime <= toMs)
        .map(toRow),
  };
}

/** The event code object each IDIS event log captures (0-0:96.11.e, e = log number). */
const EVENT_CODE_OBJECT: Record<MeterLogName, string> = {
  standard: '0.0.96.11.0.255',
  fraud: '0.0.96.11.1.255',
  disconnect: '0.0.96.11.2.255',
  'power-quality': '0.0.96.11.4.255',
  firmware: '0.0.96.11.5.255',
  'power-failure': '0.0.96.11.6.255',
};

/** An event log (0-0:99.98.x, power failures 1-0:99.97.0): clock and event code per entry. */
export function eventLogSource(c: Context, log: MeterLogName): ProfileSource {
  const entries = () => c.meter.eventLog(log, c.meter.historyStart, c.now() + 1);
  const toRow = (e: { at: number; meterTime: number; code: number }): ProfileRow => ({
    at: e.at,
    meterTime: e.meterTime,
    values: [dateTimeData(e.meterTime, c.utcOffsetMinutes), { type: 'unsigned', value: e.code }],
  });
  return {
    captureObjects: [CLOCK, capture(1, EVENT_CODE_OBJECT[log])],
    capturePeriodSeconds: 0,
    profileEntries: c.meter.events.capacity,
    count: () => entries().length,
    rowsByIndex: (from, to) =>
      entries()
        .slice(from - 1, to)
        .map(toRow),
    rowsByMeterTime: (fromMs, toMs) =>
      entries()
        .filter((e) => e.meterTime >= fromMs && e.meterTime <= toMs)
        .map(toRow),
  };
}

/** Logical names of the event logs (IDIS). */
export const EVENT_LOG_OBJECTS: Record<MeterLogName, string> = {
  standard: '0.0.99.98.0.255',
  fraud: '0.0.99.98.1.255',
  disconnect: '0.0.99.98.2.255',
  'power-quality': '0.0.99.98.4.255',
  firmware: '0.0.99.98.5.255',
  'power-failure': '1.0.99.97.0.255',
};
