/**
 * COSEM interface classes (IEC 62056-6-2): the class catalogue, logical names, and converters
 * between `Data` and typed attribute values.
 */
export * from './association.js';
export * from './calendar.js';
export * from './catalogue.js';
export {
  type ActionItem,
  type ActionSet,
  type CaptureObjectDefinition,
  ClockBase,
  captureObjectDefinitionConverter,
  captureObjectsConverter,
  clockTimeConverter,
  executedScriptConverter,
  monitoredValueConverter,
  registerMonitorActionsConverter,
  type ScalerUnit,
  SortMethod,
  scalerUnitConverter,
  type ValueDefinition,
} from './common.js';
export type { DataConverter } from './converter.js';
export * from './disconnect-control.js';
export * from './errors.js';
export * from './image-transfer.js';
export * from './limiter.js';
export * from './logical-name.js';
export * from './payment.js';
export * from './push-setup.js';
export * from './security-setup.js';
