import type { FleetSpec } from '../fleet/fleet-spec.js';
import type { MeterIdentity } from '../meter/identity.js';
import type { ExactEnergyModel } from '../metrology/exact.js';
import type { VolumeModel } from '../metrology/types.js';
import { CommercialEnergy } from './commercial.js';
import { GasVolume } from './gas.js';
import { HouseholdEnergy } from './household-energy.js';
import { IndustrialEnergy } from './industrial.js';
import { ProsumerEnergy } from './prosumer.js';
import { WaterVolume } from './water.js';

/** What of a fleet spec the load models depend on. */
export type LoadModelSpec = Pick<FleetSpec, 'seed' | 'utcOffsetMinutes' | 'hemisphere'>;

/**
 * The true energy model of an electricity customer meter, from its kind. Throws `RangeError`
 * for water and gas meters (see {@link volumeModelFor}) and for transformer check meters (the
 * fleet sums the customers behind them).
 *
 * @example
 * const model = energyModelFor({ id: 'GM00000001', kind: 'prosumer' }, { seed: 42, hemisphere: 'northern' });
 * model.interval(Date.UTC(2026, 5, 21, 12), 900); // { importWh, exportWh, reactiveImportVarh, … }
 */
export function energyModelFor(
  identity: Pick<MeterIdentity, 'id' | 'kind'>,
  spec: LoadModelSpec,
): ExactEnergyModel {
  const { id, kind } = identity;
  switch (kind) {
    case 'household':
      return new HouseholdEnergy(spec.seed, id, spec);
    case 'prosumer':
      return new ProsumerEnergy(spec.seed, id, spec);
    case 'commercial':
      return new CommercialEnergy(spec.seed, id, spec);
    case 'industrial':
      return new IndustrialEnergy(spec.seed, id, spec);
    case 'water':
    case 'gas':
      throw new RangeError(`Cannot build an energy model for ${kind} meter ${id}: use volumeModelFor`);
    case 'transformer-check':
      throw new RangeError(
        `Cannot build an energy model for transformer check meter ${id}: it registers the sum of its customers`,
      );
  }
}

/**
 * The true volume model of a water or gas meter. Throws `RangeError` for electricity meters.
 *
 * @example
 * volumeModelFor({ id: 'GM00000002', kind: 'gas' }, { seed: 42 }).litres(Date.UTC(2026, 6, 1), 86_400);
 */
export function volumeModelFor(
  identity: Pick<MeterIdentity, 'id' | 'kind'>,
  spec: LoadModelSpec,
): VolumeModel {
  const { id, kind } = identity;
  if (kind === 'water') return new WaterVolume(spec.seed, id, spec);
  if (kind === 'gas') return new GasVolume(spec.seed, id, spec);
  throw new RangeError(`Cannot build a volume model for ${kind} meter ${id}: use energyModelFor`);
}
