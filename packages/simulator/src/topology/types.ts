/** The grid a fleet lives in: feeders → transformers → service points → meters. */
export interface FeederInfo {
  readonly id: string;
  readonly transformerIds: readonly string[];
}

export interface TransformerInfo {
  readonly id: string;
  readonly feederId: string;
  /** Fleet indices of the customer meters it supplies. */
  readonly meterIndices: readonly number[];
  /** Fleet index of its check meter (a meter of kind `transformer-check`). */
  readonly checkMeterIndex: number;
  readonly ratedKva: number;
}

/** Where one meter sits. */
export interface MeterPlace {
  readonly servicePointId: string;
  readonly transformerId: string;
  readonly feederId: string;
}
