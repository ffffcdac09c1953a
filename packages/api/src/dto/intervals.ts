import {
  type EventLog,
  eventCodeInfo,
  type IntervalVersion,
  type MeterEvent,
  qualityNames,
  type RegisterRead,
  type VeeResult,
} from '@gridmeter/domain';
import type { MeterEventDto } from '../schemas/events.js';
import type {
  IntervalDto,
  IntervalVersionDto,
  RegisterReadDto,
  VeeExceptionDto,
} from '../schemas/intervals.js';
import { opt, symbolOf } from './meters.js';
import { iso, isoField } from './time.js';

type QualityNameDto = IntervalDto['quality'][number];

/** Quality flag names; bits no flag defines (newer data) are left out rather than failing the read. */
export function qualityList(flags: number): QualityNameDto[] {
  try {
    return qualityNames(flags) as QualityNameDto[];
  } catch {
    return qualityNames(flags & 0x3fff) as QualityNameDto[];
  }
}

/** The latest version of each interval start, in start order. */
export function latestVersions(versions: readonly IntervalVersion[]): IntervalVersion[] {
  const byStart = new Map<number, IntervalVersion>();
  for (const v of versions) {
    const seen = byStart.get(v.start);
    if (!seen || v.version > seen.version) byStart.set(v.start, v);
  }
  return [...byStart.values()].sort((a, b) => a.start - b.start);
}

export function toIntervalDto(v: IntervalVersion): IntervalDto {
  return {
    start: iso(v.start),
    end: iso(v.start + v.intervalSeconds * 1000),
    value: v.value,
    quality: qualityList(v.quality),
    kind: v.kind,
    version: v.version,
    source: v.source,
  };
}

export function toIntervalVersionDto(v: IntervalVersion): IntervalVersionDto {
  return {
    start: iso(v.start),
    version: v.version,
    kind: v.kind,
    value: v.value,
    quality: qualityList(v.quality),
    source: v.source,
    changeId: v.changeId,
    recordedAt: iso(v.recordedAt),
  };
}

/** One CSV field, quoted when it holds a separator, quote or newline. */
function csvField(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

export const INTERVAL_CSV_HEADER = 'meter_id,channel,start,end,value,unit,kind,version,quality';

/** One CSV row of an interval (quality names joined by `|`). */
export function intervalCsvRow(v: IntervalVersion): string {
  return [
    v.meterId,
    v.channel,
    iso(v.start),
    iso(v.start + v.intervalSeconds * 1000),
    v.value === null ? '' : String(v.value),
    symbolOf(v.unit),
    v.kind,
    String(v.version),
    qualityList(v.quality).join('|'),
  ]
    .map(csvField)
    .join(',');
}

export function toRegisterReadDto(r: RegisterRead): RegisterReadDto {
  return {
    register: r.register,
    readAt: iso(r.readAt),
    value: r.value.toString(),
    scaler: r.scaler ?? 0,
    unit: r.unit,
    unitSymbol: symbolOf(r.unit),
    ...isoField('capturedAt', r.capturedAt),
    ...opt('billingPeriod', r.billingPeriod),
    quality: qualityList(r.quality),
  };
}

export function severityOf(e: Pick<MeterEvent, 'code' | 'log'>) {
  return eventCodeInfo(e.code, e.log as EventLog).severity;
}

export function toEventDto(e: MeterEvent): MeterEventDto {
  const info = eventCodeInfo(e.code, e.log);
  return {
    meterId: e.meterId,
    occurredAt: iso(e.occurredAt),
    code: e.code,
    name: info.name,
    log: e.log,
    severity: info.severity,
    source: e.source,
    ...(e.details === undefined ? {} : { details: { ...e.details } }),
  };
}

export function toVeeExceptionDto(r: VeeResult): VeeExceptionDto {
  return {
    runId: r.runId,
    ruleId: r.ruleId,
    meterId: r.meterId,
    channel: r.channel,
    from: iso(r.from),
    to: iso(r.to),
    outcome: r.outcome,
    ...(r.details === undefined ? {} : { details: { ...r.details } }),
    ...opt('changeId', r.changeId),
    at: iso(r.at),
  };
}
