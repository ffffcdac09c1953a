/**
 * Identities of the things a utility meters. Branded strings: a `MeterId` cannot be passed where a
 * `ServicePointId` is expected, yet both serialise as plain strings.
 */
declare const brand: unique symbol;
type Brand<T, B extends string> = T & { readonly [brand]: B };

/** A meter's identity: its serial number as printed on the nameplate (e.g. "GM00012345"). */
export type MeterId = Brand<string, 'MeterId'>;
/** The point of delivery where a meter is installed; survives meter exchanges. */
export type ServicePointId = Brand<string, 'ServicePointId'>;
/** A distribution transformer. */
export type TransformerId = Brand<string, 'TransformerId'>;
/** A medium-voltage feeder. */
export type FeederId = Brand<string, 'FeederId'>;

// No '.', '*' or '>' so that an id can be one token of a bus subject (NATS subject syntax).
const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_:-]{0,63}$/;

function checkId(kind: string, value: string): void {
  if (!ID_PATTERN.test(value)) {
    throw new RangeError(
      `Invalid ${kind} "${value}": 1-64 characters of letters, digits, '_', ':' or '-', starting with a letter or digit`,
    );
  }
}

/** @example meterId('GM00012345') */
export function meterId(value: string): MeterId {
  checkId('meter id', value);
  return value as MeterId;
}

/** @example servicePointId('SP-0001') */
export function servicePointId(value: string): ServicePointId {
  checkId('service point id', value);
  return value as ServicePointId;
}

export function transformerId(value: string): TransformerId {
  checkId('transformer id', value);
  return value as TransformerId;
}

export function feederId(value: string): FeederId {
  checkId('feeder id', value);
  return value as FeederId;
}

/** What a meter measures. */
export type Medium = 'electricity' | 'gas' | 'water' | 'heat';

/** Electricity supply arrangement. */
export type PhaseConfiguration = 'single-phase' | 'three-phase';

/** A meter as the registry knows it. */
export interface Meter {
  readonly id: MeterId;
  readonly medium: Medium;
  readonly phases?: PhaseConfiguration;
  readonly manufacturer?: string;
  readonly model?: string;
  readonly firmwareVersion?: string;
}

/** A point of delivery with its place in the grid. */
export interface ServicePoint {
  readonly id: ServicePointId;
  readonly transformerId?: TransformerId;
  readonly feederId?: FeederId;
  /** Whether on-site generation (PV) is allowed to export. */
  readonly hasGeneration: boolean;
}

/** A period during which a meter was installed at a service point. */
export interface MeterInstallation {
  readonly meterId: MeterId;
  readonly servicePointId: ServicePointId;
  /** Epoch milliseconds, inclusive. */
  readonly installedAt: number;
  /** Epoch milliseconds, exclusive; absent while installed. */
  readonly removedAt?: number;
}
