import type { MeterId, MeterInstallation, ReadingStore, ServicePoint } from '@gridmeter/domain';

/** Where a meter sits in the grid (absent ids: no rollup at that level). */
export interface MeterPlace {
  readonly transformerId?: string;
  readonly feederId?: string;
}

/**
 * The store's installation history and service points, loaded once (call {@link refresh} after
 * registry changes): which service point a meter served at a time, hence its transformer, feeder
 * and whether generation is allowed there.
 */
export class StoreRegistry {
  readonly #store: ReadingStore;
  #loading: Promise<void> | undefined;
  #installs = new Map<string, MeterInstallation[]>();
  #points = new Map<string, ServicePoint>();

  constructor(store: ReadingStore) {
    this.#store = store;
  }

  /** Loads (or reloads) installations and service points. */
  refresh(): Promise<void> {
    this.#loading = (async () => {
      const [installs, points] = await Promise.all([
        this.#store.readInstallations({}),
        this.#store.readServicePoints(),
      ]);
      const byMeter = new Map<string, MeterInstallation[]>();
      for (const i of installs) {
        const list = byMeter.get(i.meterId) ?? [];
        list.push(i);
        byMeter.set(i.meterId, list);
      }
      this.#installs = byMeter;
      this.#points = new Map(points.map((p) => [p.id, p]));
    })();
    return this.#loading;
  }

  /** Resolves once the registry is loaded. */
  ready(): Promise<void> {
    return this.#loading ?? this.refresh();
  }

  /** The service point `meterId` served at `at` (call after {@link ready}). */
  servicePointAt(meterId: MeterId, at: number): ServicePoint | undefined {
    const list = this.#installs.get(meterId);
    if (!list) return undefined;
    for (let i = list.length - 1; i >= 0; i--) {
      const x = list[i]!;
      if (x.installedAt <= at && (x.removedAt === undefined || at < x.removedAt)) {
        return this.#points.get(x.servicePointId);
      }
    }
    return undefined;
  }

  /** Transformer and feeder of the service point at `at`. */
  placeOf(meterId: MeterId, at: number): MeterPlace | undefined {
    const sp = this.servicePointAt(meterId, at);
    if (!sp) return undefined;
    return {
      ...(sp.transformerId ? { transformerId: sp.transformerId } : {}),
      ...(sp.feederId ? { feederId: sp.feederId } : {}),
    };
  }

  /** Whether the service point at `at` has generation (false when unknown). */
  hasGeneration(meterId: MeterId, at: number): boolean {
    return this.servicePointAt(meterId, at)?.hasGeneration ?? false;
  }
}
