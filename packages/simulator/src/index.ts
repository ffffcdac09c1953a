export {
  type DayType,
  type Hemisphere,
  isPublicHoliday,
  type LocalDay,
  localDay,
  winterness,
} from './consumption/calendar.js';
export { CommercialEnergy } from './consumption/commercial.js';
export { GasVolume } from './consumption/gas.js';
export { hashInts, hashString, mix32, normal, unit } from './consumption/hash.js';
export {
  HOUSEHOLD_MODEL_SOURCE,
  HOUSEHOLDS,
  type HouseholdArchetype,
  HouseholdLoad,
  type HouseholdOptions,
} from './consumption/household.js';
export { HouseholdEnergy } from './consumption/household-energy.js';
export { IndustrialEnergy } from './consumption/industrial.js';
export { energyModelFor, type LoadModelSpec, volumeModelFor } from './consumption/models.js';
export { ProsumerEnergy } from './consumption/prosumer.js';
export { RooftopPv } from './consumption/rooftop-pv.js';
export { type GardenWatering, WaterVolume } from './consumption/water.js';
export {
  type EnergyFlows,
  type ExactEnergyModel,
  isExactEnergyModel,
  roundFlows,
} from './metrology/exact.js';
export {
  frequencyHz,
  type InstantaneousOptions,
  instantaneousValues,
  type MeasuredMeter,
  NOMINAL_FREQUENCY_HZ,
  NOMINAL_VOLTAGE_V,
  POWER_WINDOW_SECONDS,
} from './metrology/instantaneous.js';
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
