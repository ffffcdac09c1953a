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
export { MAX_BODY_BYTES } from './control/body.js';
export { injectScenarios } from './control/inject.js';
export {
  ControlProblem,
  PROBLEM_TYPE_PREFIX,
  PROBLEMS,
  type ProblemDetails,
  type ProblemKind,
} from './control/problem.js';
export {
  type ControlServer,
  type ControlServerOptions,
  DEFAULT_CONTROL_HOST,
  DEFAULT_CONTROL_PORT,
  startControlServer,
} from './control/server.js';
export { MAX_TRUTH_WINDOW_MS } from './control/time-range.js';
// Meter functions: TOU calendar, special days, relay, prepayment, image transfer, limiter, and their COSEM objects.
export { ACCOUNT_LN, AccountObject, type AccountObjectOptions } from './cosem/account-object.js';
export { ACTIVITY_CALENDAR_LN, ActivityCalendarObject } from './cosem/activity-calendar-object.js';
export { CHARGE_LN, ChargeObject, pricePerKwhOf, unitChargeOf } from './cosem/charge-object.js';
export { CREDIT_LN, CreditObject } from './cosem/credit-object.js';
export { DISCONNECT_CONTROL_LN, DisconnectControlObject } from './cosem/disconnect-control-object.js';
export {
  FIRMWARE_VERSION_LN,
  FirmwareVersionObject,
  IMAGE_TRANSFER_LN,
  ImageTransferObject,
} from './cosem/image-transfer-object.js';
export { LIMITER_LN, LimiterObject } from './cosem/limiter-object.js';
export { SPECIAL_DAYS_TABLE_LN, SpecialDaysTableObject } from './cosem/special-days-object.js';
export { meterAddress, meterIndexOf } from './fleet/addressing.js';
export { TransformerCheckModel, technicalLossesWh } from './fleet/check-meter-model.js';
export {
  Fleet,
  type FleetOptions,
  type FleetShard,
  type FleetStats,
  type TruthInterval,
} from './fleet/fleet.js';
export {
  checkFleetSpec,
  DEFAULT_MIX,
  type FleetSpec,
  MAX_FLEET_SIZE,
  type MeterMix,
} from './fleet/fleet-spec.js';
export { MeterRuntime, type RuntimeContext } from './fleet/meter-runtime.js';
export {
  buildPushNotification,
  type PushDestination,
  type PushReason,
  sendPush,
} from './fleet/push-sender.js';
export { SimClock } from './fleet/sim-clock.js';
export {
  type CalendarTables,
  EMPTY_CALENDAR,
  TouCalendar,
  type TouCalendarOptions,
} from './meter/calendar.js';
export {
  DefaultDayId,
  defaultSpecialDays,
  defaultTouCalendar,
  TARIFFICATION_SCRIPT_TABLE,
} from './meter/default-calendar.js';
export {
  EventCode,
  type EventLogName,
  ignoreEvents,
  type MeterEvent,
  type OnMeterEvent,
} from './meter/event-codes.js';
export {
  buildFirmwareImage,
  type FirmwareImage,
  FirmwareImageError,
  type FirmwareModule,
  parseFirmwareImage,
} from './meter/firmware-image.js';
export { History } from './meter/history.js';
export {
  type MeterIdentity,
  meterIdentity,
  meterIdOf,
  meterIndexOfId,
  meterKindOf,
} from './meter/identity.js';
export { ImageTransfer, type ImageTransferOptions } from './meter/image-transfer.js';
export { Limiter, type LimiterEmergencyProfile, type LimiterOptions } from './meter/limiter.js';
export { PrepaidAccount, type PrepaidAccountOptions } from './meter/prepayment.js';
export { type LocalCause, Relay, type RelayOptions } from './meter/relay.js';
export { SpecialDaysTable } from './meter/special-days.js';
export {
  AmrStatus,
  INTERVAL_SECONDS,
  type IntervalOutcome,
  type MeterConditions,
  type ProfileEntry,
  VirtualMeter,
  type VirtualMeterOptions,
} from './meter/virtual-meter.js';
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
export type { MeterKind } from './metrology/types.js';
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
export { Topology } from './topology/topology.js';
export type { FeederInfo, MeterPlace, TransformerInfo } from './topology/types.js';
