import { type CosemServerObject, DataAccessError, DataAccessResult, type DlmsData } from '@gridmeter/dlms';
import type { VirtualMeter } from '../meter/virtual-meter.js';
import { dateTimeData, epochOfDateTimeData } from './cosem-time.js';
import { sharedLogicalName } from './object-support.js';

/**
 * The meter's clock (class 8, 0-0:1.0.0, IEC 62056-6-2 §4.5.1): attribute 2 shows the meter's
 * own time (true time plus drift and adjustments); writing it sets the clock (events 4/5 in the
 * standard log); time_zone is the fleet's deviation; methods 6 shift_time and 5 preset are the
 * ones head-ends use to correct drift.
 */
export class MeterClockObject implements CosemServerObject {
  readonly classId = 8;
  readonly version = 0;
  readonly logicalName = sharedLogicalName('0.0.1.0.0.255');
  readonly attributeIds = [1, 2, 3, 4, 5, 6, 7, 8, 9];
  readonly methodIds = [1, 2, 3, 4, 5, 6];

  constructor(
    private readonly meter: VirtualMeter,
    private readonly now: () => number,
    private readonly utcOffsetMinutes: number,
  ) {}

  get(attributeId: number): DlmsData {
    switch (attributeId) {
      case 2:
        return dateTimeData(this.meter.meterTime(this.now()), this.utcOffsetMinutes);
      case 3:
        // time_zone: deviation of local time to UTC in minutes (Blue Book sign).
        return { type: 'long', value: -this.utcOffsetMinutes };
      case 4:
        return { type: 'unsigned', value: 0 };
      case 5:
      case 6:
        return { type: 'octet-string', value: new Uint8Array(12).fill(0xff) };
      case 7:
        return { type: 'integer', value: 0 };
      case 8:
        return { type: 'boolean', value: false };
      case 9:
        // clock_base 1: internal crystal
        return { type: 'enum', value: 1 };
      default:
        throw new DataAccessError(DataAccessResult.objectUndefined);
    }
  }

  set(attributeId: number, value: DlmsData): void {
    if (attributeId !== 2) throw new DataAccessError(DataAccessResult.readWriteDenied);
    this.meter.setClock(this.now(), epochOfDateTimeData(value));
  }

  action(methodId: number, parameters: DlmsData | undefined): undefined {
    const now = this.now();
    if (methodId === 6) {
      // shift_time(long seconds) within ±900 s
      if (parameters?.type !== 'long' || Math.abs(parameters.value) > 900) {
        throw new DataAccessError(DataAccessResult.typeUnmatched);
      }
      this.meter.setClock(now, this.meter.meterTime(now) + parameters.value * 1000);
      return undefined;
    }
    if (methodId === 1) {
      // adjust_to_quarter: round the meter's time to the nearest quarter hour
      const t = this.meter.meterTime(now);
      this.meter.setClock(now, Math.round(t / 900_000) * 900_000);
      return undefined;
    }
    throw new DataAccessError(DataAccessResult.readWriteDenied);
  }
}
