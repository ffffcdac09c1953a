export { BUILTIN_PROFILES, DISCONNECT_CONTROL_STATE } from './builtin-profiles.js';
export { CREDENTIAL_FIELDS, type CredentialField, redactedCredentials } from './credentials.js';
export { KeyImportError, type KeyImportProblem, ProfileError, RegistryError, SecretError } from './errors.js';
export { exportRegistry, type MeterSummaryRow, type RegistrySummary } from './export.js';
export { MASTER_KEY_ENV, MasterKey } from './master-key.js';
export { MeterProfileStore } from './profile-store.js';
export { parseMeterProfile } from './profile-validation.js';
export {
  type MeterFilter,
  type MeterRecordPatch,
  MeterRegistry,
  type MeterRegistryOptions,
  type NewMeter,
} from './registry.js';
export { REGISTRY_FILE_FORMAT, REGISTRY_FILE_VERSION } from './registry-file.js';
export { openSecret, SEALED_OVERHEAD, sealSecret } from './secrets.js';
export {
  type ImportSimulatorKeysOptions,
  importSimulatorKeys,
  SIMULATOR_KEY_COLUMNS,
  SIMULATOR_MANAGEMENT_ASSOCIATION,
} from './simulator-keys.js';
export type * from './types.js';
