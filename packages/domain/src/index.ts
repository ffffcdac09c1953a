export {
  type Command,
  type CommandAction,
  type CommandKind,
  CommandState,
  canTransition,
  IllegalCommandTransitionError,
  isTerminal,
  transition,
} from './command.js';
export {
  EVENT_CODES,
  type EventCodeInfo,
  type EventLog,
  type EventSeverity,
  eventCodeInfo,
  type MeterEvent,
} from './events.js';
export {
  type FeederId,
  feederId,
  type Medium,
  type Meter,
  type MeterId,
  type MeterInstallation,
  meterId,
  type PhaseConfiguration,
  type ServicePoint,
  type ServicePointId,
  servicePointId,
  type TransformerId,
  transformerId,
} from './identity.js';
export { InProcessBus, type InProcessBusOptions } from './in-process-bus.js';
export { Obis, ObisCode } from './obis.js';
export {
  type Bus,
  BusError,
  type BusHandler,
  type BusMessage,
  checkPattern,
  checkSubject,
  Subjects,
  type SubscribeOptions,
  type Subscription,
  subjectMatches,
} from './ports/bus.js';
export { type Clock, systemClock, TestClock, type TimerHandle } from './ports/clock.js';
export {
  formatMeterAddress,
  LinkClosedError,
  type LinkConnection,
  LinkTimeoutError,
  type MeterAddress,
  type MeterLink,
} from './ports/meter-link.js';
export type {
  AuditQuery,
  EventQuery,
  InstallationQuery,
  IntervalQuery,
  ReadingStore,
  RegisterReadQuery,
  RollupQuery,
  VeeResultQuery,
} from './ports/reading-store.js';
export {
  type AuditEntry,
  type ChangeAction,
  type ChangeInfo,
  type ChannelInfo,
  type IntervalVersion,
  type IntervalWriteOptions,
  READING_KINDS,
  type ReadingKind,
  type RevertResult,
  type Rollup,
  type RollupKey,
  type RollupPeriod,
  type RollupScope,
  type RollupWriteMode,
  StoreUnavailableError,
  type StoreWriteResult,
  UnknownChangeError,
  type VeeOutcome,
  type VeeResult,
} from './ports/reading-store-types.js';
export {
  checkQuality,
  hasQuality,
  isActual,
  QualityFlag,
  type QualityFlagName,
  type QualityFlags,
  quality,
  qualityNames,
  withoutQuality,
  withQuality,
} from './quality.js';
export {
  blockReadings,
  type ChannelCode,
  checkIntervalBlock,
  type IntervalBlock,
  type IntervalValue,
  intervalStart,
  type Reading,
  type ReadingSource,
  type RegisterRead,
} from './reading.js';
export {
  MAX_TOU_RATES,
  type TariffId,
  type TariffVersionRef,
  type TouRate,
  tariffId,
  touRate,
} from './tariff.js';
export * from './tou-calendar.js';
export {
  applyScaler,
  type Quantity,
  type ScalerUnit,
  scaleToInteger,
  Unit,
  type UnitCode,
  type UnitName,
  unitSymbol,
} from './units.js';
