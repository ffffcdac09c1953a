import { CodecError } from '@gridmeter/codec';
import type { DlmsData } from '../axdr/types.js';
import type { CaptureObjectDefinition } from '../cosem/common.js';
import type { SelectiveAccess } from './common.js';

/**
 * Selective access to Profile generic buffers (IEC 62056-6-2 §4.3.6, class_id 7, attribute 2):
 * access selector 1 is `range_descriptor`, 2 is `entry_descriptor`. These are typed views of the
 * `access-parameters` Data of a {@link SelectiveAccess}.
 */
export const ProfileGenericSelector = { range: 1, entry: 2 } as const;

/** capture_object_definition, shared with the Profile generic converters. */
export type { CaptureObjectDefinition } from '../cosem/common.js';

/**
 * range_descriptor: structure { restricting_object capture_object_definition, from_value,
 * to_value (any simple type, usually a date-time octet-string), selected_values array of
 * capture_object_definition (empty = all columns) }.
 */
export interface RangeDescriptor {
  readonly type: 'range-descriptor';
  readonly restrictingObject: CaptureObjectDefinition;
  readonly fromValue: DlmsData;
  readonly toValue: DlmsData;
  readonly selectedValues: readonly CaptureObjectDefinition[];
}

/**
 * entry_descriptor: structure { from_entry double-long-unsigned, to_entry double-long-unsigned
 * (0 = highest), from_selected_value long-unsigned, to_selected_value long-unsigned (0 = last) }.
 * Entries and columns count from 1.
 */
export interface EntryDescriptor {
  readonly type: 'entry-descriptor';
  readonly fromEntry: number;
  readonly toEntry: number;
  readonly fromSelectedValue: number;
  readonly toSelectedValue: number;
}

export type ProfileGenericAccess = RangeDescriptor | EntryDescriptor;

function captureObjectToData(c: CaptureObjectDefinition): DlmsData {
  if (c.logicalName.length !== 6)
    throw new RangeError(`logical_name must be 6 bytes, got ${c.logicalName.length}`);
  return {
    type: 'structure',
    items: [
      { type: 'long-unsigned', value: c.classId },
      { type: 'octet-string', value: c.logicalName },
      { type: 'integer', value: c.attributeIndex },
      { type: 'long-unsigned', value: c.dataIndex },
    ],
  };
}

/**
 * The Selective-Access-Descriptor for a Profile generic range or entry selection.
 *
 * @example
 * profileGenericAccess({ type: 'entry-descriptor', fromEntry: 1, toEntry: 10, fromSelectedValue: 1, toSelectedValue: 0 });
 * // { accessSelector: 2, accessParameters: { type: 'structure', items: [...] } }
 */
export function profileGenericAccess(d: ProfileGenericAccess): SelectiveAccess {
  if (d.type === 'range-descriptor') {
    return {
      accessSelector: ProfileGenericSelector.range,
      accessParameters: {
        type: 'structure',
        items: [
          captureObjectToData(d.restrictingObject),
          d.fromValue,
          d.toValue,
          { type: 'array', items: d.selectedValues.map(captureObjectToData) },
        ],
      },
    };
  }
  return {
    accessSelector: ProfileGenericSelector.entry,
    accessParameters: {
      type: 'structure',
      items: [
        { type: 'double-long-unsigned', value: d.fromEntry },
        { type: 'double-long-unsigned', value: d.toEntry },
        { type: 'long-unsigned', value: d.fromSelectedValue },
        { type: 'long-unsigned', value: d.toSelectedValue },
      ],
    },
  };
}

function fail(what: string): never {
  throw new CodecError(`Cannot read Profile generic selective access: ${what}`, 0);
}

function structureOf(d: DlmsData | undefined, n: number, what: string): readonly DlmsData[] {
  if (d?.type !== 'structure' || d.items.length !== n) fail(`${what} is not a structure of ${n} elements`);
  return d.items;
}

function numberOf(d: DlmsData | undefined, type: DlmsData['type'], what: string): number {
  if (d === undefined || d.type !== type || !('value' in d) || typeof d.value !== 'number') {
    fail(`${what} is not ${type}`);
  }
  return d.value;
}

function captureObjectFromData(d: DlmsData | undefined, what: string): CaptureObjectDefinition {
  const [classId, logicalName, attributeIndex, dataIndex] = structureOf(d, 4, what);
  if (logicalName?.type !== 'octet-string' || logicalName.value.length !== 6) {
    fail(`${what} logical_name is not a 6-byte octet-string`);
  }
  return {
    classId: numberOf(classId, 'long-unsigned', `${what} class_id`),
    logicalName: logicalName.value,
    attributeIndex: numberOf(attributeIndex, 'integer', `${what} attribute_index`),
    dataIndex: numberOf(dataIndex, 'long-unsigned', `${what} data_index`),
  };
}

/**
 * Reads a Selective-Access-Descriptor as a Profile generic range or entry descriptor. Throws
 * {@link CodecError} when the selector is not 1 or 2 or the parameters do not have the shape
 * IEC 62056-6-2 §4.3.6 gives them.
 */
export function readProfileGenericAccess(a: SelectiveAccess): ProfileGenericAccess {
  if (a.accessSelector === ProfileGenericSelector.range) {
    const [restricting, fromValue, toValue, selected] = structureOf(
      a.accessParameters,
      4,
      'range_descriptor',
    );
    if (selected?.type !== 'array') fail('range_descriptor selected_values is not an array');
    return {
      type: 'range-descriptor',
      restrictingObject: captureObjectFromData(restricting, 'restricting_object'),
      fromValue: fromValue!,
      toValue: toValue!,
      selectedValues: selected.items.map((c, i) => captureObjectFromData(c, `selected_values[${i}]`)),
    };
  }
  if (a.accessSelector === ProfileGenericSelector.entry) {
    const [fromEntry, toEntry, fromSel, toSel] = structureOf(a.accessParameters, 4, 'entry_descriptor');
    return {
      type: 'entry-descriptor',
      fromEntry: numberOf(fromEntry, 'double-long-unsigned', 'from_entry'),
      toEntry: numberOf(toEntry, 'double-long-unsigned', 'to_entry'),
      fromSelectedValue: numberOf(fromSel, 'long-unsigned', 'from_selected_value'),
      toSelectedValue: numberOf(toSel, 'long-unsigned', 'to_selected_value'),
    };
  }
  return fail(`access selector ${a.accessSelector} is neither range (1) nor entry (2)`);
}
