import {
  type CaptureObjectDefinition,
  type CosemServerObject,
  captureObjectsConverter,
  DataAccessError,
  DataAccessResult,
  type DlmsData,
  logicalNameEquals,
  readProfileGenericAccess,
  type SelectiveAccess,
} from '@gridmeter/dlms';
import { epochOfDateTimeData } from './cosem-time.js';
import { sharedLogicalName } from './object-support.js';

/** One captured row: the true instant, the meter's clock then, and the captured values in column order. */
export interface ProfileRow {
  readonly at: number;
  readonly meterTime: number;
  readonly values: readonly DlmsData[];
}

/** Where a profile's rows come from (computed on demand, never stored as DLMS data). */
export interface ProfileSource {
  readonly captureObjects: readonly CaptureObjectDefinition[];
  /** capture_period in seconds (0 = asynchronous, e.g. event logs). */
  readonly capturePeriodSeconds: number;
  /** profile_entries: how many rows the buffer holds at most. */
  readonly profileEntries: number;
  /** Rows held now (entries_in_use). */
  count(): number;
  /** Rows 1-based `from..to` (inclusive; oldest is 1). */
  rowsByIndex(from: number, to: number): ProfileRow[];
  /** Rows whose clock column lies in `[fromMs, toMs]` (the meter's clock). */
  rowsByMeterTime(fromMs: number, toMs: number): ProfileRow[];
}

/** Largest number of rows one read may produce: bounds what a client can make the meter build. */
export const MAX_ROWS_PER_READ = 50_000;

/**
 * A profile generic (class 7 v1, IEC 62056-6-2 §4.3.6) over a {@link ProfileSource}: buffer with
 * range (selector 1, on the clock column) and entry (selector 2) selective access and column
 * selection, capture_objects, capture_period, sort_method FIFO, entries_in_use, profile_entries.
 */
export class ProfileGenericObject implements CosemServerObject {
  readonly classId = 7;
  readonly version = 1;
  readonly logicalName: Uint8Array;

  constructor(
    name: string,
    private readonly source: ProfileSource,
  ) {
    this.logicalName = sharedLogicalName(name);
  }

  get(attributeId: number, _ctx: unknown, access?: SelectiveAccess): DlmsData {
    const s = this.source;
    switch (attributeId) {
      case 2:
        return {
          type: 'array',
          items: this.#select(access).map((r) => ({ type: 'structure', items: [...r] })),
        };
      case 3:
        return captureObjectsConverter.toData(s.captureObjects);
      case 4:
        return { type: 'double-long-unsigned', value: s.capturePeriodSeconds };
      case 5:
        // sort_method 1: FIFO
        return { type: 'enum', value: 1 };
      case 6:
        return {
          type: 'structure',
          items: [
            { type: 'long-unsigned', value: 0 },
            { type: 'octet-string', value: new Uint8Array(6) },
            { type: 'integer', value: 0 },
            { type: 'long-unsigned', value: 0 },
          ],
        };
      case 7:
        return { type: 'double-long-unsigned', value: s.count() };
      case 8:
        return { type: 'double-long-unsigned', value: s.profileEntries };
      default:
        throw new DataAccessError(DataAccessResult.objectUndefined);
    }
  }

  action(methodId: number): undefined {
    // reset (1) and capture (2) are not open to remote clients on a billing meter.
    throw new DataAccessError(
      methodId <= 2 ? DataAccessResult.readWriteDenied : DataAccessResult.objectUndefined,
    );
  }

  #select(access: SelectiveAccess | undefined): (readonly DlmsData[])[] {
    const s = this.source;
    if (!access) return this.#bounded(s.rowsByIndex(1, s.count())).map((r) => r.values);
    let a: ReturnType<typeof readProfileGenericAccess>;
    try {
      a = readProfileGenericAccess(access);
    } catch {
      throw new DataAccessError(DataAccessResult.typeUnmatched, 'malformed selective access');
    }
    if (a.type === 'entry-descriptor') {
      const count = s.count();
      const from = Math.max(1, a.fromEntry);
      const to = a.toEntry === 0 ? count : Math.min(count, a.toEntry);
      const rows = to >= from ? this.#bounded(s.rowsByIndex(from, to), to - from + 1) : [];
      const lastColumn = a.toSelectedValue === 0 ? s.captureObjects.length : a.toSelectedValue;
      const firstColumn = Math.max(1, a.fromSelectedValue);
      if (firstColumn > lastColumn || lastColumn > s.captureObjects.length) {
        throw new DataAccessError(
          DataAccessResult.scopeOfAccessViolated,
          'selected value range outside the columns',
        );
      }
      return rows.map((r) => r.values.slice(firstColumn - 1, lastColumn));
    }
    const clock = s.captureObjects[0];
    const restricting = a.restrictingObject;
    if (
      !clock ||
      restricting.classId !== clock.classId ||
      !logicalNameEquals(restricting.logicalName, clock.logicalName) ||
      restricting.attributeIndex !== clock.attributeIndex
    ) {
      throw new DataAccessError(
        DataAccessResult.scopeOfAccessViolated,
        'range restricted on a column other than the clock',
      );
    }
    const from = epochOfDateTimeData(a.fromValue);
    const to = epochOfDateTimeData(a.toValue);
    const rows = to >= from ? this.#bounded(s.rowsByMeterTime(from, to)) : [];
    if (a.selectedValues.length === 0) return rows.map((r) => r.values);
    const columns = a.selectedValues.map((sel) => {
      const i = s.captureObjects.findIndex(
        (c) =>
          c.classId === sel.classId &&
          logicalNameEquals(c.logicalName, sel.logicalName) &&
          c.attributeIndex === sel.attributeIndex,
      );
      if (i < 0)
        throw new DataAccessError(DataAccessResult.scopeOfAccessViolated, 'selected value not captured');
      return i;
    });
    return rows.map((r) => columns.map((i) => r.values[i]!));
  }

  #bounded(rows: ProfileRow[], requested = rows.length): ProfileRow[] {
    if (requested > MAX_ROWS_PER_READ) {
      throw new DataAccessError(
        DataAccessResult.scopeOfAccessViolated,
        `more than ${MAX_ROWS_PER_READ} rows requested`,
      );
    }
    return rows;
  }
}
