import { readFile } from 'node:fs/promises';
import { BUILTIN_PROFILES } from './builtin-profiles.js';
import { ProfileError } from './errors.js';
import { parseMeterProfile } from './profile-validation.js';
import type { MeterProfile } from './types.js';

/**
 * The meter profiles the head-end knows, by id: the built-in ones plus any loaded from JSON. Every
 * profile is validated on the way in; ids are unique.
 *
 * A profile file is JSON: `{ "profiles": [ {…MeterProfile…}, … ] }` or a bare array of profiles.
 *
 * @example
 * const profiles = new MeterProfileStore();
 * await profiles.loadFile('/etc/gridmeter/profiles.json');
 * profiles.require('gridmeter-sim-electricity').loadProfile?.intervalSeconds; // 900
 */
export class MeterProfileStore {
  readonly #profiles = new Map<string, MeterProfile>();

  /** Starts with {@link BUILTIN_PROFILES} unless `builtins` is false. */
  constructor(options: { builtins?: boolean } = {}) {
    if (options.builtins !== false) for (const p of BUILTIN_PROFILES) this.add(p);
  }

  /** Validates and adds a profile; a {@link ProfileError} for a bad profile or a duplicate id. */
  add(profile: unknown, where?: string): MeterProfile {
    const parsed = parseMeterProfile(profile, where);
    if (this.#profiles.has(parsed.id)) {
      throw new ProfileError(
        `${where === undefined ? '' : `${where}: `}Profile "${parsed.id}" is already defined`,
        {
          field: 'id',
        },
      );
    }
    this.#profiles.set(parsed.id, parsed);
    return parsed;
  }

  /**
   * Adds the profiles of a JSON text (all or none). `source` names the file in error messages:
   * `profiles.json: profiles[1] Profile "acme": clock.obis must be an OBIS code …`.
   */
  loadJson(text: string, source = 'profile file'): MeterProfile[] {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (error) {
      throw new ProfileError(`${source}: not valid JSON (${(error as Error).message})`, { cause: error });
    }
    const list = Array.isArray(data) ? data : (data as { profiles?: unknown } | null)?.profiles;
    if (!Array.isArray(list)) {
      throw new ProfileError(`${source}: expected { "profiles": [ … ] } or an array of profiles`, {
        field: 'profiles',
      });
    }
    const parsed = list.map((p, k) => parseMeterProfile(p, `${source}: profiles[${k}]`));
    const ids = new Set<string>();
    parsed.forEach((p, k) => {
      if (this.#profiles.has(p.id) || ids.has(p.id)) {
        throw new ProfileError(`${source}: profiles[${k}] Profile "${p.id}" is already defined`, {
          field: 'id',
        });
      }
      ids.add(p.id);
    });
    for (const p of parsed) this.#profiles.set(p.id, p);
    return parsed;
  }

  /** Adds the profiles of a JSON file (see {@link loadJson}). */
  async loadFile(path: string): Promise<MeterProfile[]> {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      throw new ProfileError(`Cannot read profile file ${path}`, { cause: error });
    }
    return this.loadJson(text, path);
  }

  get(id: string): MeterProfile | undefined {
    return this.#profiles.get(id);
  }

  /** The profile with this id, or a {@link ProfileError}. */
  require(id: string): MeterProfile {
    const p = this.#profiles.get(id);
    if (!p)
      throw new ProfileError(
        `Unknown meter profile "${id}" (known: ${[...this.#profiles.keys()].join(', ')})`,
      );
    return p;
  }

  has(id: string): boolean {
    return this.#profiles.has(id);
  }

  /** Every profile, in the order added. */
  list(): MeterProfile[] {
    return [...this.#profiles.values()];
  }
}
