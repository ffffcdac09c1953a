import { closeSync, fsyncSync, openSync, readFileSync, renameSync, writeFileSync } from 'node:fs';

/** A run of missing intervals the head-end keeps re-reading. */
export interface Gap {
  /** Start of the first missing interval (UTC ms, the meter's clock). */
  readonly start: number;
  /** End of the last missing interval (exclusive). */
  readonly end: number;
  readonly attempts: number;
  readonly firstSeen: number;
  /** Why the last re-read did not fill it. */
  readonly lastReason?: string;
  /** Set when the head-end stopped trying, with the reason kept. */
  readonly givenUp?: string;
}

/** What the head-end remembers per meter between collections (its own operational state). */
export interface MeterCollectionState {
  /** End of the newest interval stored (UTC ms by the meter's clock). */
  lastIntervalEnd?: number;
  gaps: Gap[];
  /** Newest event already read, per log. */
  lastEventAt: Record<string, number>;
  /** Newest daily billing snapshot already read. */
  lastBillingAt?: number;
  /** Meter clock minus head-end clock at the last check (ms). */
  lastClockDriftMs?: number;
  lastClockSyncAt?: number;
}

/**
 * Collection state of every meter, in memory, with an atomic snapshot to a JSON file (write a
 * temporary file, fsync, rename) so a restarted head-end continues where it stopped.
 */
export class CollectionStateStore {
  readonly #states = new Map<string, MeterCollectionState>();

  get(meterId: string): MeterCollectionState {
    let s = this.#states.get(meterId);
    if (!s) {
      s = { gaps: [], lastEventAt: {} };
      this.#states.set(meterId, s);
    }
    return s;
  }

  get size(): number {
    return this.#states.size;
  }

  save(path: string): void {
    const tmp = `${path}.tmp`;
    writeFileSync(tmp, JSON.stringify(Object.fromEntries(this.#states)));
    const fd = openSync(tmp, 'r');
    fsyncSync(fd);
    closeSync(fd);
    renameSync(tmp, path);
  }

  /** Loads a snapshot written by {@link save}; throws with the path when it is not one. */
  load(path: string): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(path, 'utf8'));
    } catch (e) {
      throw new Error(`Cannot load collection state from ${path}`, { cause: e });
    }
    if (typeof parsed !== 'object' || parsed === null)
      throw new Error(`${path} is not a collection state file`);
    for (const [id, s] of Object.entries(parsed as Record<string, MeterCollectionState>)) {
      this.#states.set(id, { ...s, gaps: s.gaps ?? [], lastEventAt: s.lastEventAt ?? {} });
    }
  }
}
