/**
 * The utility's customer and network records for a simulated fleet: what a CIS and a GIS would
 * hand the MDM (service points on transformers and feeders, meters installed at them, accounts
 * with their tariffs). Derived from the fleet's published spec and topology, never from its truth.
 */
import {
  feederId,
  type Meter,
  type MeterInstallation,
  meterId,
  type ReadingStore,
  type ServicePoint,
  servicePointId,
  transformerId,
} from '@gridmeter/domain';
import type { Fleet, MeterKind } from '@gridmeter/simulator';
import { tariffFor } from './tariffs.js';

/** One meter with its place, account and tariff. */
export interface CatalogueEntry {
  readonly index: number;
  readonly meterId: string;
  readonly kind: MeterKind;
  readonly medium: 'electricity' | 'water' | 'gas';
  readonly role: 'customer' | 'check';
  readonly servicePointId: string;
  readonly transformerId: string;
  readonly feederId: string;
  readonly address: string;
  readonly accountId: string;
  readonly customerName: string;
  readonly tariffId: string;
  readonly hasGeneration: boolean;
  /** Prepaid through the MDM's prepayment ledger (disconnect at zero credit via the head-end). */
  readonly prepaid: boolean;
}

const GIVEN = ['Ana', 'Ben', 'Chen', 'Dara', 'Eli', 'Fatma', 'Goran', 'Hana', 'Ivo', 'Jia', 'Kofi', 'Lea'];
const FAMILY = ['Novak', 'Okafor', 'Petrov', 'Quinn', 'Rossi', 'Sato', 'Tanaka', 'Urbina', 'Varga', 'Wang'];

const mediumOf = (kind: MeterKind) => (kind === 'water' ? 'water' : kind === 'gas' ? 'gas' : 'electricity');

/** Every `share`-th household (by index) is on central prepayment, unless the meter holds its own credit. */
const PREPAID_EVERY = 12;

/**
 * The catalogue of `fleet`: every meter, the check meters included (their service point is the
 * transformer's). Account ids are `A` + the service point number.
 *
 * @example
 * const catalogue = catalogueOf(fleet);
 * await seedStore(store, catalogue, fleet.spec.historyStart);
 */
export function catalogueOf(fleet: Fleet): CatalogueEntry[] {
  const out: CatalogueEntry[] = [];
  let households = 0;
  for (let i = 0; i < fleet.size; i++) {
    const id = fleet.identity(i);
    const check = id.kind === 'transformer-check';
    const place = id.place;
    let prepaid = false;
    if (id.kind === 'household') {
      households++;
      // A meter that keeps its own prepaid credit (the simulator's token meters) stays as it is.
      prepaid = households % PREPAID_EVERY === 2 && fleet.runtime(i).prepaid === undefined;
    }
    out.push({
      index: i,
      meterId: id.id,
      kind: id.kind,
      medium: mediumOf(id.kind),
      role: check ? 'check' : 'customer',
      servicePointId: place.servicePointId,
      transformerId: place.transformerId,
      feederId: place.feederId,
      address: id.address,
      accountId: `A${place.servicePointId.replace(/^SP/, '')}`,
      customerName: check
        ? `Transformer ${place.transformerId}`
        : `${GIVEN[i % GIVEN.length]} ${FAMILY[Math.floor(i / GIVEN.length) % FAMILY.length]}`,
      tariffId: tariffFor(id.kind, prepaid),
      hasGeneration: id.kind === 'prosumer',
      prepaid,
    });
  }
  return out;
}

/** Writes the catalogue's service points, meters and installations (from `installedAt`) into the store. */
export async function seedStore(
  store: ReadingStore,
  catalogue: readonly CatalogueEntry[],
  installedAt: number,
): Promise<void> {
  const points = new Map<string, ServicePoint>();
  for (const e of catalogue) {
    points.set(e.servicePointId, {
      id: servicePointId(e.servicePointId),
      transformerId: transformerId(e.transformerId),
      feederId: feederId(e.feederId),
      hasGeneration: e.hasGeneration,
    });
  }
  await store.upsertServicePoints([...points.values()]);
  await store.upsertMeters(
    catalogue.map(
      (e): Meter => ({
        id: meterId(e.meterId),
        medium: e.medium,
        manufacturer: 'Gridmeter simulator',
        model: e.kind,
      }),
    ),
  );
  await store.upsertInstallations(
    catalogue.map(
      (e): MeterInstallation => ({
        meterId: meterId(e.meterId),
        servicePointId: servicePointId(e.servicePointId),
        installedAt,
      }),
    ),
  );
}
