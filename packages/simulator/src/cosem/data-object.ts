import { type CosemServerObject, DataAccessError, DataAccessResult, type DlmsData } from '@gridmeter/dlms';
import { sharedLogicalName } from './object-support.js';

/** A Data object (class 1, IEC 62056-6-2 §4.3.1) whose value is computed when read. */
export class ValueObject implements CosemServerObject {
  readonly classId = 1;
  readonly version = 0;
  readonly logicalName: Uint8Array;

  constructor(
    name: string,
    private readonly value: () => DlmsData,
  ) {
    this.logicalName = sharedLogicalName(name);
  }

  get(attributeId: number): DlmsData {
    if (attributeId === 2) return this.value();
    throw new DataAccessError(DataAccessResult.objectUndefined);
  }
}

export const visibleString = (s: string): DlmsData => ({
  type: 'octet-string',
  value: new TextEncoder().encode(s),
});
