import type { ChannelInfo, Meter, MeterInstallation, ServicePoint } from '@gridmeter/domain';
import { unitSymbol } from '@gridmeter/domain';
import type { MeterSummary } from '../ports.js';
import type {
  ChannelDto,
  InstallationDto,
  MeterDetailDto,
  MeterDto,
  ServicePointDto,
} from '../schemas/meters.js';
import { iso, isoField } from './time.js';

const opt = <K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } =>
  (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };

export function toMeterDto(m: MeterSummary): MeterDto {
  return {
    id: m.id,
    kind: m.kind,
    role: m.role,
    ...opt('servicePointId', m.servicePointId),
    ...opt('accountId', m.accountId),
    ...opt('customerName', m.customerName),
    ...opt('feederId', m.feederId),
    ...opt('transformerId', m.transformerId),
    address: m.address,
    protocol: m.protocol,
    supply: m.supply,
    ...opt('firmwareVersion', m.firmwareVersion),
    ...opt('tariffId', m.tariffId),
    prepaid: m.prepaid,
    ...isoField('lastReadAt', m.lastReadAt),
    ...opt('lastFailure', m.lastFailure),
    openAlarms: m.openAlarms,
  };
}

export function symbolOf(unit: number): string {
  return unitSymbol(unit);
}

export function toChannelDto(c: ChannelInfo): ChannelDto {
  return {
    channel: c.channel,
    unit: c.unit,
    unitSymbol: symbolOf(c.unit),
    ...opt('intervalSeconds', c.intervalSeconds),
  };
}

export function toInstallationDto(i: MeterInstallation): InstallationDto {
  return {
    meterId: i.meterId,
    servicePointId: i.servicePointId,
    installedAt: iso(i.installedAt),
    ...isoField('removedAt', i.removedAt),
  };
}

export function toMeterDetailDto(
  m: MeterSummary,
  registry: Meter | undefined,
  channels: readonly ChannelInfo[],
  installations: readonly MeterInstallation[],
): MeterDetailDto {
  return {
    ...toMeterDto(m),
    ...opt('medium', registry?.medium),
    ...opt('manufacturer', registry?.manufacturer),
    ...opt('model', registry?.model),
    ...opt('phases', registry?.phases),
    channels: channels.map(toChannelDto),
    installations: installations.map(toInstallationDto),
  };
}

/** A service point from the store's registry (when it has one) and the fleet's meters on it. */
export function toServicePointDto(
  id: string,
  stored: ServicePoint | undefined,
  meters: readonly MeterSummary[],
): ServicePointDto {
  const first = meters.find((m) => m.role === 'customer') ?? meters[0];
  return {
    id,
    ...opt('transformerId', stored?.transformerId ?? first?.transformerId),
    ...opt('feederId', stored?.feederId ?? first?.feederId),
    hasGeneration: stored?.hasGeneration ?? false,
    ...opt('accountId', first?.accountId),
    ...opt('customerName', first?.customerName),
    ...opt('tariffId', first?.tariffId),
    prepaid: meters.some((m) => m.prepaid),
    meterIds: meters.map((m) => m.id),
  };
}

export { opt };
