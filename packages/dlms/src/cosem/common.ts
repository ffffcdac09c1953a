/**
 * Structures shared by several interface classes: scal_unit_type (IEC 62056-6-2 §4.3.2),
 * capture_object_definition (§4.3.6), value_definition and action_item (§4.5.6), and the Clock's
 * time attribute (§4.5.1).
 */
import { arrayPart, converter, type DataConverter, P, type Part, structPart } from './converter.js';

/**
 * scal_unit_type (§4.3.2): the value is `value × 10^scaler` in `unit` (the unit enumeration of
 * IEC 62056-6-2 §4.3.2 Table 4, e.g. 27 W, 30 Wh, 33 A, 35 V).
 */
export interface ScalerUnit {
  readonly scaler: number;
  readonly unit: number;
}

const scalerUnitPart: Part<ScalerUnit> = structPart<ScalerUnit>({ scaler: P.integer, unit: P.enum });

/** Register/Extended register/Demand register `scaler_unit` (structure{integer, enum}). */
export const scalerUnitConverter: DataConverter<ScalerUnit> = converter('scaler_unit', scalerUnitPart);

/** capture_object_definition (§4.3.6): which attribute (and element, `dataIndex` 0 = whole) is captured. */
export interface CaptureObjectDefinition {
  readonly classId: number;
  readonly logicalName: Uint8Array;
  readonly attributeIndex: number;
  readonly dataIndex: number;
}

export const captureObjectDefinitionPart: Part<CaptureObjectDefinition> = structPart<CaptureObjectDefinition>(
  {
    classId: P.longUnsigned,
    logicalName: P.logicalName,
    attributeIndex: P.integer,
    dataIndex: P.longUnsigned,
  },
);

/** Profile generic `sort_object`: one capture_object_definition. */
export const captureObjectDefinitionConverter: DataConverter<CaptureObjectDefinition> = converter(
  'sort_object',
  captureObjectDefinitionPart,
);

/** Profile generic `capture_objects`: array capture_object_definition. */
export const captureObjectsConverter: DataConverter<readonly CaptureObjectDefinition[]> = converter(
  'capture_objects',
  arrayPart(captureObjectDefinitionPart),
);

/** Profile generic sort_method (§4.3.6). */
export const SortMethod = {
  fifo: 1,
  lifo: 2,
  largest: 3,
  smallest: 4,
  nearest_to_zero: 5,
  farthest_from_zero: 6,
} as const;
export type SortMethod = (typeof SortMethod)[keyof typeof SortMethod];

/** value_definition (§4.5.6, §4.5.9): the attribute a Register monitor or Limiter watches. */
export interface ValueDefinition {
  readonly classId: number;
  readonly logicalName: Uint8Array;
  readonly attributeIndex: number;
}

export const valueDefinitionPart: Part<ValueDefinition> = structPart<ValueDefinition>({
  classId: P.longUnsigned,
  logicalName: P.logicalName,
  attributeIndex: P.integer,
});

/** Register monitor / Limiter `monitored_value`. */
export const monitoredValueConverter: DataConverter<ValueDefinition> = converter(
  'monitored_value',
  valueDefinitionPart,
);

/** action_item (§4.5.6) / script (§4.5.7): a Script table's logical name and the script to run in it. */
export interface ActionItem {
  readonly scriptLogicalName: Uint8Array;
  readonly scriptSelector: number;
}

export const actionItemPart: Part<ActionItem> = structPart<ActionItem>({
  scriptLogicalName: P.logicalName,
  scriptSelector: P.longUnsigned,
});

/** Single action schedule `executed_script`. */
export const executedScriptConverter: DataConverter<ActionItem> = converter(
  'executed_script',
  actionItemPart,
);

/** Register monitor action_set (§4.5.6): what to run when the value crosses a threshold up / down. */
export interface ActionSet {
  readonly actionUp: ActionItem;
  readonly actionDown: ActionItem;
}

/** Register monitor `actions`: array action_set. */
export const registerMonitorActionsConverter: DataConverter<readonly ActionSet[]> = converter(
  'actions',
  arrayPart(structPart<ActionSet>({ actionUp: actionItemPart, actionDown: actionItemPart })),
);

/**
 * Clock `time` (§4.5.1): octet-string (12) holding a COSEM date-time (§4.1.6.1). The 12 bytes are
 * returned as sent; the A-XDR layer owns their field layout.
 */
export const clockTimeConverter: DataConverter<Uint8Array> = converter('time', P.dateTime);

/** Clock clock_base (§4.5.1). */
export const ClockBase = {
  not_defined: 0,
  internal_crystal: 1,
  mains_frequency_50Hz: 2,
  mains_frequency_60Hz: 3,
  GPS: 4,
  radio_controlled: 5,
} as const;
export type ClockBase = (typeof ClockBase)[keyof typeof ClockBase];
