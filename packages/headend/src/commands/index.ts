/** Commands with a durable lifecycle, their executors, and firmware campaigns. */
export { isDefinitive } from './definitive.js';
export {
  CampaignNotFoundError,
  CommandNotCancellableError,
  CommandNotFoundError,
  CommandVerificationError,
  FirmwareStepError,
  JournalClosedError,
  JournalCorruptError,
  UnsupportedCommandError,
} from './errors.js';
export { DEFAULT_EXECUTORS, type ExecutorTable, execute } from './executors/index.js';
export type { ExecutionOutcome, Executor, ExecutorContext } from './executors/types.js';
export type {
  Campaign,
  CampaignRequest,
  CampaignStage,
  CampaignState,
  CampaignSummary,
  MeterFirmwareState,
  MeterFirmwareStatus,
} from './firmware/campaign-types.js';
export { FirmwareCampaigns, type FirmwareCampaignsOptions } from './firmware/campaigns.js';
export { planStages, summarise } from './firmware/staging.js';
export { FIRMWARE_VERSION_OBJECTS, type FirmwareModule } from './firmware/transfer.js';
export {
  type AuditEntry,
  CommandJournal,
  type CommandJournalOptions,
  type CommandResult,
  RECOVERY_ACTOR,
} from './journal.js';
export type { JournalEvent, JsonData } from './journal-events.js';
export type {
  CalendarDefinition,
  CalendarFor,
  CommandLog,
  CommandPool,
  CommandSession,
  CosemClient,
  FirmwareImageRef,
  ImageFor,
  SessionFor,
} from './ports.js';
export { consoleLog } from './ports.js';
export { CommandService, type CommandServiceOptions, type SubmitRequest, WORKER_ACTOR } from './service.js';
