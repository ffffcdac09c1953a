/** Errors of the command service, the journal and firmware campaigns: one class per condition a caller handles. */

/** No command has this id. */
export class CommandNotFoundError extends Error {
  override readonly name = 'CommandNotFoundError';
  constructor(readonly commandId: string) {
    super(`No command with id "${commandId}"`);
  }
}

/** A cancel arrived for a command that is no longer queued. */
export class CommandNotCancellableError extends Error {
  override readonly name = 'CommandNotCancellableError';
  constructor(
    readonly commandId: string,
    readonly state: string,
  ) {
    super(`Command ${commandId} cannot be cancelled: it is ${state}, only queued commands can be`);
  }
}

/** The meter did what it was asked, but what it reads back is not what the command wanted. */
export class CommandVerificationError extends Error {
  override readonly name = 'CommandVerificationError';
}

/** A command action the service has no executor for, or whose inputs cannot be found. */
export class UnsupportedCommandError extends Error {
  override readonly name = 'UnsupportedCommandError';
}

/** A journal line that is not a valid event and is not the torn last line of a crash. */
export class JournalCorruptError extends Error {
  override readonly name = 'JournalCorruptError';
  constructor(
    readonly path: string,
    readonly line: number,
    message: string,
    options?: ErrorOptions,
  ) {
    super(`Journal ${path} line ${line}: ${message}`, options);
  }
}

/** The journal was closed, or used before it was opened. */
export class JournalClosedError extends Error {
  override readonly name = 'JournalClosedError';
}

/** No firmware campaign has this id. */
export class CampaignNotFoundError extends Error {
  override readonly name = 'CampaignNotFoundError';
  constructor(readonly campaignId: string) {
    super(`No firmware campaign with id "${campaignId}"`);
  }
}

/** A step of the image transfer failed on one meter (transfer, verification, activation or version check). */
export class FirmwareStepError extends Error {
  override readonly name = 'FirmwareStepError';
  constructor(
    readonly step: 'initiate' | 'transfer' | 'verify' | 'activate' | 'version',
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
