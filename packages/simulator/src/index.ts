export { hashInts, hashString, mix32, normal, unit } from './consumption/hash.js';
export {
  HOUSEHOLD_MODEL_SOURCE,
  HOUSEHOLDS,
  type HouseholdArchetype,
  HouseholdLoad,
  type HouseholdOptions,
} from './consumption/household.js';
export { ScenarioError, type ScenarioErrorWhere, ScenarioFileError } from './scenarios/errors.js';
export { parseScenarioFile } from './scenarios/file.js';
export {
  MeterScenarios,
  type RebootEvent,
  type SupplyEdge,
  type TamperEvent,
} from './scenarios/meter-scenarios.js';
export { type ScenarioLogEntry, ScenarioSchedule, type ScheduleOptions } from './scenarios/schedule.js';
export {
  affectedIndices,
  GRID_SCENARIO_TYPES,
  type IndexRange,
  reachesCheckMeters,
  scenarioTargets,
  type TargetContext,
  targetRanges,
} from './scenarios/targets.js';
export {
  progressiveFactor,
  registeredUnderTheft,
  type TheftInterval,
  theftDraw,
  zeroWindowShare,
} from './scenarios/theft.js';
export type { Scenario, ScenarioTarget, ScenarioType, TheftModel } from './scenarios/types.js';
export { SCENARIO_TYPES, type ScenarioContext, validateScenario } from './scenarios/validate.js';
