export { hashInts, hashString, mix32, normal, unit } from './consumption/hash.js';
export {
  HOUSEHOLD_MODEL_SOURCE,
  HOUSEHOLDS,
  type HouseholdArchetype,
  HouseholdLoad,
  type HouseholdOptions,
} from './consumption/household.js';
