export {
  type CollectionJob,
  Collector,
  type CollectorOptions,
  type MeterCollectionResult,
  type PoolView,
  type RegistryView,
  type RoundSummary,
} from './collector.js';
export { integerAmount, intervalsFromRows, type ProfileRow, parseProfileRows } from './profile-rows.js';
export {
  CollectionScheduler,
  type CollectionSchedulerOptions,
  type GroupSchedule,
  type ScheduledCollection,
} from './scheduler.js';
export { CollectionStateStore, type Gap, type MeterCollectionState } from './state.js';
