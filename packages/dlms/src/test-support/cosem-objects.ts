/**
 * Small COSEM object implementations for the session tests: a register, a clock, a profile with
 * time and entry selective access, and a disconnect control. The simulator has the real meter.
 */
import type { SelectiveAccess } from '../apdu/common.js';
import { DataAccessResult } from '../apdu/results.js';
import { readProfileGenericAccess } from '../apdu/selective-access.js';
import {
  cosemDateTimeFromBytes,
  cosemDateTimeFromDate,
  cosemDateTimeToBytes,
  cosemDateTimeToEpochMs,
} from '../axdr/index.js';
import type { DlmsData } from '../axdr/types.js';
import { logicalName } from '../cosem/logical-name.js';
import { type CosemServerObject, DataAccessError } from '../session/server-types.js';

const ln = logicalName;

export class RegisterObject implements CosemServerObject {
  readonly classId = 3;
  readonly version = 0;
  readonly logicalName: Uint8Array;
  value: number;

  constructor(
    name: string,
    value: number,
    readonly scaler = 0,
    readonly unit = 30,
  ) {
    this.logicalName = ln(name);
    this.value = value;
  }

  get(attributeId: number): DlmsData {
    if (attributeId === 2) return { type: 'double-long-unsigned', value: this.value };
    if (attributeId === 3) {
      return {
        type: 'structure',
        items: [
          { type: 'integer', value: this.scaler },
          { type: 'enum', value: this.unit },
        ],
      };
    }
    throw new DataAccessError(DataAccessResult.objectUndefined);
  }

  set(attributeId: number, value: DlmsData): void {
    if (attributeId !== 2) throw new DataAccessError(DataAccessResult.readWriteDenied);
    if (value.type !== 'double-long-unsigned') throw new DataAccessError(DataAccessResult.typeUnmatched);
    this.value = value.value;
  }

  action(methodId: number): undefined {
    if (methodId !== 1) throw new DataAccessError(DataAccessResult.objectUndefined);
    this.value = 0;
    return undefined;
  }
}

export class ClockObject implements CosemServerObject {
  readonly classId = 8;
  readonly version = 0;
  readonly logicalName = ln('0.0.1.0.0.255');
  timeMs: number;

  constructor(timeMs: number) {
    this.timeMs = timeMs;
  }

  get(attributeId: number): DlmsData {
    if (attributeId === 2) {
      return {
        type: 'octet-string',
        value: cosemDateTimeToBytes(cosemDateTimeFromDate(new Date(this.timeMs), 0, 0)),
      };
    }
    if (attributeId === 3) return { type: 'long', value: 0 };
    throw new DataAccessError(DataAccessResult.objectUndefined);
  }

  set(attributeId: number, value: DlmsData): void {
    if (attributeId !== 2 || value.type !== 'octet-string')
      throw new DataAccessError(DataAccessResult.typeUnmatched);
    this.timeMs = cosemDateTimeToEpochMs(cosemDateTimeFromBytes(value.value));
  }
}

/** Profile generic with `entries` rows of (clock, energy) every 15 minutes from `startMs`. */
export class ProfileObject implements CosemServerObject {
  readonly classId = 7;
  readonly version = 1;
  readonly logicalName = ln('1.0.99.1.0.255');

  constructor(
    readonly startMs: number,
    readonly entries: number,
  ) {}

  row(i: number): DlmsData {
    const t = cosemDateTimeToBytes(cosemDateTimeFromDate(new Date(this.startMs + i * 900_000), 0, 0));
    return {
      type: 'structure',
      items: [
        { type: 'octet-string', value: t },
        { type: 'double-long-unsigned', value: 1000 + i * 7 },
      ],
    };
  }

  get(attributeId: number, _ctx: unknown, access?: SelectiveAccess): DlmsData {
    switch (attributeId) {
      case 2: {
        let from = 0;
        let to = this.entries;
        if (access) {
          const a = readProfileGenericAccess(access);
          if (a.type === 'range-descriptor') {
            const fromMs = rangeBound(a.fromValue);
            const toMs = rangeBound(a.toValue);
            from = Math.max(0, Math.ceil((fromMs - this.startMs) / 900_000));
            to = Math.min(this.entries, Math.floor((toMs - this.startMs) / 900_000) + 1);
          } else {
            from = a.fromEntry - 1;
            to = a.toEntry === 0 ? this.entries : Math.min(this.entries, a.toEntry);
          }
        }
        const items: DlmsData[] = [];
        for (let i = from; i < to; i++) items.push(this.row(i));
        return { type: 'array', items };
      }
      case 4:
        return { type: 'double-long-unsigned', value: 900 };
      case 7:
        return { type: 'double-long-unsigned', value: this.entries };
      default:
        throw new DataAccessError(DataAccessResult.objectUndefined);
    }
  }
}

function rangeBound(d: DlmsData): number {
  if (d.type !== 'octet-string') throw new DataAccessError(DataAccessResult.typeUnmatched);
  return cosemDateTimeToEpochMs(cosemDateTimeFromBytes(d.value));
}

/** Disconnect control (class 70) in control mode 1: remote disconnect/reconnect. */
export class DisconnectControlObject implements CosemServerObject {
  readonly classId = 70;
  readonly version = 0;
  readonly logicalName = ln('0.0.96.3.10.255');
  connected = true;

  get(attributeId: number): DlmsData {
    if (attributeId === 2) return { type: 'boolean', value: this.connected };
    if (attributeId === 3) return { type: 'enum', value: this.connected ? 1 : 0 };
    if (attributeId === 4) return { type: 'enum', value: 1 };
    throw new DataAccessError(DataAccessResult.objectUndefined);
  }

  action(methodId: number, parameters: DlmsData | undefined): undefined {
    if (parameters?.type !== 'integer' || parameters.value !== 0) {
      throw new DataAccessError(DataAccessResult.typeUnmatched);
    }
    if (methodId === 1) this.connected = false;
    else if (methodId === 2) this.connected = true;
    else throw new DataAccessError(DataAccessResult.objectUndefined);
    return undefined;
  }
}

/** A Data object (class 1) holding any value; its attribute 2 is writable. */
export class DataObject implements CosemServerObject {
  readonly classId = 1;
  readonly version = 0;
  readonly logicalName: Uint8Array;

  constructor(
    name: string,
    public value: DlmsData,
  ) {
    this.logicalName = ln(name);
  }

  get(attributeId: number): DlmsData {
    if (attributeId === 2) return this.value;
    throw new DataAccessError(DataAccessResult.objectUndefined);
  }

  set(attributeId: number, value: DlmsData): void {
    if (attributeId !== 2) throw new DataAccessError(DataAccessResult.readWriteDenied);
    this.value = value;
  }
}
