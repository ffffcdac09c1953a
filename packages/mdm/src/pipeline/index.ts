export { MdmPipeline, type MdmPipelineOptions, type MdmPipelineStats } from './pipeline.js';
export { type MeterPlace, StoreRegistry } from './registry.js';
export { type RecomputeRange, RollupKeeper, type RollupKeeperOptions } from './rollups.js';
export type { DaySums } from './run-day.js';
export {
  type DayRef,
  type VeeBatchReport,
  VeeStage,
  type VeeStageOptions,
  type VeeStep,
} from './vee-stage.js';
