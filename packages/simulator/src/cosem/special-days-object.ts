/**
 * Special days table (IEC 62056-6-2 §4.5.4, class_id 11 version 0) at 0.0.11.0.0.255 over a
 * {@link SpecialDaysTable}: attribute 2 `entries` (read-write: a SET replaces the table), method 1
 * `insert` (spec_day_entry), method 2 `delete` (index).
 */
import {
  type CosemServerObject,
  type DlmsData,
  specialDayEntryConverter,
  specialDaysEntriesConverter,
} from '@gridmeter/dlms';
import type { SpecialDaysTable } from '../meter/special-days.js';
import { fromData, noSuchAttribute, noSuchMethod, sharedLogicalName, simple } from './object-support.js';

/** Logical name of the Special days table (IEC 62056-6-1). */
export const SPECIAL_DAYS_TABLE_LN = '0.0.11.0.0.255';

const index = simple('index', 'long-unsigned');

/**
 * @example
 * new SpecialDaysTableObject(calendar.specialDays, () => clock.now());
 */
export class SpecialDaysTableObject implements CosemServerObject {
  readonly classId = 11;
  readonly version = 0;
  readonly logicalName: Uint8Array;

  constructor(
    readonly table: SpecialDaysTable,
    readonly now: () => number,
    name = SPECIAL_DAYS_TABLE_LN,
  ) {
    this.logicalName = sharedLogicalName(name);
  }

  get(attributeId: number): DlmsData {
    if (attributeId !== 2) return noSuchAttribute(attributeId);
    return specialDaysEntriesConverter.toData(this.table.entries);
  }

  set(attributeId: number, value: DlmsData): void {
    if (attributeId !== 2) noSuchAttribute(attributeId);
    this.table.replace(fromData(specialDaysEntriesConverter, value), this.now());
  }

  action(methodId: number, parameters: DlmsData | undefined): undefined {
    if (methodId === 1) this.table.insert(fromData(specialDayEntryConverter, parameters), this.now());
    else if (methodId === 2) this.table.delete(fromData(index, parameters), this.now());
    else noSuchMethod(methodId);
    return undefined;
  }
}
