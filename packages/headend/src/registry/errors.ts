/**
 * A registry operation failed: bad input (with the field at fault), an unknown or duplicate meter,
 * an unreadable or corrupt registry file. Messages never carry secret values.
 */
export class RegistryError extends Error {
  override readonly name: string = 'RegistryError';
  /** The meter concerned, when there is one. */
  readonly meterId: string | undefined;
  /** The field at fault, as a path ("endpoint.port"), when validation failed. */
  readonly field: string | undefined;

  constructor(message: string, options: { cause?: unknown; meterId?: string; field?: string } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.meterId = options.meterId;
    this.field = options.field;
  }
}

/**
 * A secret could not be sealed or opened: wrong master key, tampered ciphertext, a secret sealed for
 * another meter, or a malformed master key. Messages never carry key material.
 */
export class SecretError extends Error {
  override readonly name = 'SecretError';

  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
  }
}

/** A meter profile (or a profile file) is invalid; the message names the profile and the field. */
export class ProfileError extends RegistryError {
  override readonly name = 'ProfileError';
}

/** One bad row of a key file. */
export interface KeyImportProblem {
  /** 1-based line of the file (the header is line 1). */
  readonly line: number;
  readonly message: string;
}

/** A key file could not be imported; nothing was imported. Lists the bad rows by line. */
export class KeyImportError extends RegistryError {
  override readonly name = 'KeyImportError';
  readonly problems: readonly KeyImportProblem[];

  constructor(problems: readonly KeyImportProblem[], options: { cause?: unknown } = {}) {
    const shown = problems.slice(0, 10).map((p) => `line ${p.line}: ${p.message}`);
    const more = problems.length > 10 ? `; and ${problems.length - 10} more` : '';
    super(`Cannot import key file: ${shown.join('; ')}${more}`, options);
    this.problems = problems;
  }
}
