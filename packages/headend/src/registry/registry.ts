import { inspect } from 'node:util';
import {
  CREDENTIAL_FIELDS,
  type CredentialField,
  decodeCredentials,
  encodeCredentials,
  presentFields,
  requireForAssociation,
  validateCredentials,
} from './credentials.js';
import { RegistryError, SecretError } from './errors.js';
import type { MasterKey } from './master-key.js';
import { MeterProfileStore } from './profile-store.js';
import { Interner, validateRecord } from './record-validation.js';
import { readRegistryFile, removeStaleTempFiles, writeRegistryFile } from './registry-file.js';
import { openSecret, sealSecret } from './secrets.js';
import type { MeterCredentials, MeterRecord, MeterState } from './types.js';

/** Fields of a record that {@link MeterRegistry.update} may change; nested objects are replaced whole. */
export type MeterRecordPatch = Partial<Omit<MeterRecord, 'id'>>;

/** Which meters {@link MeterRegistry.list} returns; every given field must match. */
export interface MeterFilter {
  readonly group?: string;
  readonly state?: MeterState;
  readonly transformerId?: string;
  readonly profileId?: string;
  readonly medium?: MeterRecord['medium'];
}

/** A meter and its secrets, to add. */
export interface NewMeter {
  readonly record: MeterRecord;
  readonly credentials: MeterCredentials;
}

/** How to open a {@link MeterRegistry}. */
export interface MeterRegistryOptions {
  /** The registry file; without one the registry lives in memory only. */
  readonly file?: string;
  readonly masterKey: MasterKey;
  /** Profiles a record's `profileId` must name; the built-in ones when not given. */
  readonly profiles?: MeterProfileStore;
}

/** One meter as held in memory and in the file: the record, its sealed secrets, its system title. */
interface Entry {
  readonly record: MeterRecord;
  /** {@link sealSecret} of the encoded credentials, AAD = meter id, base64. */
  readonly sealed: string;
  /** Which credential fields the sealed bytes hold (not secret). */
  readonly fields: readonly CredentialField[];
  /** The server system title, hex (not secret: it travels in clear in every AARE and ciphered APDU). */
  readonly systemTitle?: string;
}

const HEX_TITLE = /^[0-9a-f]{16}$/;

/**
 * The head-end's meter registry: records in memory, indexed by id and system title; secrets kept
 * sealed (AES-256-GCM under the master key, bound to the meter id) and opened only by
 * {@link credentials}; everything persisted to one JSON file, rewritten atomically after changes.
 *
 * Mutations apply in memory at once and resolve when the file holding them is durable; concurrent
 * mutations share one write. When a write fails the promise rejects and the change stays in memory
 * until the next write (or {@link flush}) succeeds. One process writes a registry file.
 *
 * @example
 * const registry = await MeterRegistry.open({ file: 'data/meters.json', masterKey });
 * await registry.add(record, { encryptionKey, authenticationKey, serverSystemTitle });
 * registry.credentials('GM00000001').encryptionKey; // Uint8Array(16)
 */
export class MeterRegistry {
  readonly #entries = new Map<string, Entry>();
  readonly #byTitle = new Map<string, string>();
  /** Endpoint host → meter ids there (plain pushes are matched by source address). */
  readonly #byHost = new Map<string, Set<string>>();
  readonly #interner = new Interner();
  readonly #master: MasterKey;
  readonly #profiles: MeterProfileStore;
  readonly #file: string | undefined;
  #writing: Promise<void> | undefined;
  #queued: Promise<void> | undefined;

  private constructor(options: MeterRegistryOptions) {
    this.#master = options.masterKey;
    this.#profiles = options.profiles ?? new MeterProfileStore();
    this.#file = options.file;
  }

  /**
   * Opens a registry: loads its file (validating every record, without decrypting any secret) or
   * creates it when absent. Temporary files of an interrupted write are removed. A file sealed under
   * another master key is a {@link SecretError}; a damaged file a {@link RegistryError}.
   */
  static async open(options: MeterRegistryOptions): Promise<MeterRegistry> {
    const registry = new MeterRegistry(options);
    const file = options.file;
    if (file === undefined) return registry;
    await removeStaleTempFiles(file);
    const header = await readRegistryFile(file, (meter) => registry.#load(meter));
    if (header === undefined) {
      await registry.#persist();
    } else if (header.masterKeyId !== options.masterKey.id) {
      throw new SecretError(
        `Meter registry file ${file} was sealed under master key ${header.masterKeyId}, but the master key given is ${options.masterKey.id}`,
      );
    }
    return registry;
  }

  /** Number of meters. */
  get size(): number {
    return this.#entries.size;
  }

  /** The registry file, if any. */
  get file(): string | undefined {
    return this.#file;
  }

  /** The profiles records are checked against. */
  get profiles(): MeterProfileStore {
    return this.#profiles;
  }

  /** Adds a meter; a {@link RegistryError} when the id or system title is taken or input is invalid. */
  async add(record: MeterRecord, credentials: MeterCredentials): Promise<MeterRecord> {
    await this.addMany([{ record, credentials }]);
    return this.#entries.get(record.id)!.record;
  }

  /**
   * Adds many meters with one file write, all or none. With `replace`, meters already present are
   * replaced (record and secrets); otherwise an existing id is an error. Returns how many were added.
   */
  async addMany(meters: Iterable<NewMeter>, options: { replace?: boolean } = {}): Promise<number> {
    const batch = new Map<string, Entry>();
    const titles = new Map<string, string>();
    for (const { record, credentials } of meters) {
      const entry = this.#seal(this.#validate(record), credentials);
      const id = entry.record.id;
      if (batch.has(id) || (!options.replace && this.#entries.has(id))) {
        throw new RegistryError(`Meter ${id} is already registered`, { meterId: id, field: 'id' });
      }
      if (entry.systemTitle !== undefined) {
        const owner = titles.get(entry.systemTitle) ?? this.#byTitle.get(entry.systemTitle);
        if (owner !== undefined && owner !== id) {
          throw new RegistryError(`Meter ${id}: its system title is already used by meter ${owner}`, {
            meterId: id,
            field: 'credentials.serverSystemTitle',
          });
        }
        titles.set(entry.systemTitle, id);
      }
      batch.set(id, entry);
    }
    for (const entry of batch.values()) this.#put(entry);
    if (batch.size > 0) await this.#persist();
    return batch.size;
  }

  /** Checks a meter as {@link add} would (record, secrets, what the association needs) without adding it. */
  validate(meter: NewMeter): MeterRecord {
    const record = this.#validate(meter.record);
    validateCredentials(meter.credentials, record.id, record.association);
    return record;
  }

  /** Changes fields of a meter's record; returns the new record. */
  async update(id: string, patch: MeterRecordPatch): Promise<MeterRecord> {
    const entry = this.#require(id);
    const record = this.#validate({ ...entry.record, ...patch, id });
    requireForAssociation(entry.fields, record.association, id);
    this.#put({ ...entry, record });
    await this.#persist();
    return record;
  }

  /** Replaces a meter's secrets. */
  async setCredentials(id: string, credentials: MeterCredentials): Promise<void> {
    const entry = this.#require(id);
    const next = this.#seal(entry.record, credentials);
    const owner = next.systemTitle === undefined ? undefined : this.#byTitle.get(next.systemTitle);
    if (owner !== undefined && owner !== id) {
      throw new RegistryError(`Meter ${id}: its system title is already used by meter ${owner}`, {
        meterId: id,
        field: 'credentials.serverSystemTitle',
      });
    }
    this.#put(next);
    await this.#persist();
  }

  /** The meter's record, or `undefined`. */
  get(id: string): MeterRecord | undefined {
    return this.#entries.get(id)?.record;
  }

  /** The meter's record, or a {@link RegistryError}. */
  require(id: string): MeterRecord {
    return this.#require(id).record;
  }

  /**
   * The meter's secrets, decrypted now (nothing decrypted is kept). The object's `toString`, JSON
   * and `util.inspect` redact the values. Unknown meter: {@link RegistryError}; a secret that does
   * not open: {@link SecretError}.
   */
  credentials(id: string): MeterCredentials {
    const entry = this.#require(id);
    let plain: Uint8Array;
    try {
      plain = openSecret(this.#master, Buffer.from(entry.sealed, 'base64'), id);
    } catch (error) {
      throw new SecretError(`Cannot open the credentials of meter ${id}: ${(error as Error).message}`, {
        cause: error,
      });
    }
    return decodeCredentials(plain, id);
  }

  /** Which secrets a meter has (no decryption). */
  credentialFields(id: string): readonly CredentialField[] {
    return this.#require(id).fields;
  }

  /** Meters matching every field of `filter`, in insertion order. */
  list(filter: MeterFilter = {}): MeterRecord[] {
    const out: MeterRecord[] = [];
    for (const { record: r } of this.#entries.values()) {
      if (filter.group !== undefined && r.group !== filter.group) continue;
      if (filter.state !== undefined && r.state !== filter.state) continue;
      if (filter.transformerId !== undefined && r.topology.transformerId !== filter.transformerId) continue;
      if (filter.profileId !== undefined && r.profileId !== filter.profileId) continue;
      if (filter.medium !== undefined && r.medium !== filter.medium) continue;
      out.push(r);
    }
    return out;
  }

  /** Every record, in insertion order. */
  *records(): IterableIterator<MeterRecord> {
    for (const e of this.#entries.values()) yield e.record;
  }

  /** The meter with this server system title (8 bytes, or 16 hex digits), for push deciphering. */
  bySystemTitle(title: Uint8Array | string): MeterRecord | undefined {
    const hex = typeof title === 'string' ? title.toLowerCase() : Buffer.from(title).toString('hex');
    const id = this.#byTitle.get(hex);
    return id === undefined ? undefined : this.#entries.get(id)?.record;
  }

  /**
   * The meter whose endpoint is `host` (how plain pushes, which carry no system title, are matched
   * to a sender); undefined when none or when several meters share the host (a gateway).
   */
  byEndpointHost(host: string): MeterRecord | undefined {
    const ids = this.#byHost.get(host.replace(/^::ffff:/, ''));
    if (ids?.size !== 1) return undefined;
    const [id] = ids;
    return this.#entries.get(id!)?.record;
  }

  /** Removes a meter; false when it was not there. */
  async remove(id: string): Promise<boolean> {
    const entry = this.#entries.get(id);
    if (!entry) return false;
    this.#entries.delete(id);
    if (entry.systemTitle !== undefined) this.#byTitle.delete(entry.systemTitle);
    this.#byHost.get(entry.record.endpoint.host)?.delete(id);
    await this.#persist();
    return true;
  }

  /** Resolves when every change so far is in the file (retrying a failed write). */
  flush(): Promise<void> {
    return this.#persist();
  }

  toString(): string {
    return `MeterRegistry(${this.size} meters${this.#file === undefined ? '' : `, ${this.#file}`})`;
  }

  toJSON(): { meters: number; file?: string; masterKeyId: string } {
    return {
      meters: this.size,
      ...(this.#file === undefined ? {} : { file: this.#file }),
      masterKeyId: this.#master.id,
    };
  }

  [inspect.custom](): string {
    return this.toString();
  }

  #require(id: string): Entry {
    const entry = this.#entries.get(id);
    if (!entry) throw new RegistryError(`Unknown meter ${id}`, { meterId: id });
    return entry;
  }

  #validate(record: unknown): MeterRecord {
    return validateRecord(record, { hasProfile: (p) => this.#profiles.has(p), interner: this.#interner });
  }

  #seal(record: MeterRecord, credentials: MeterCredentials): Entry {
    validateCredentials(credentials, record.id, record.association);
    const plain = encodeCredentials(credentials);
    const sealed = Buffer.from(sealSecret(this.#master, plain, record.id)).toString('base64');
    plain.fill(0);
    const title = credentials.serverSystemTitle;
    return {
      record,
      sealed,
      fields: this.#interner.object(presentFields(credentials)),
      ...(title === undefined ? {} : { systemTitle: Buffer.from(title).toString('hex') }),
    };
  }

  #put(entry: Entry): void {
    const old = this.#entries.get(entry.record.id);
    if (old?.systemTitle !== undefined) this.#byTitle.delete(old.systemTitle);
    if (old) this.#byHost.get(old.record.endpoint.host)?.delete(old.record.id);
    this.#entries.set(entry.record.id, entry);
    if (entry.systemTitle !== undefined) this.#byTitle.set(entry.systemTitle, entry.record.id);
    const host = entry.record.endpoint.host;
    let ids = this.#byHost.get(host);
    if (!ids) {
      ids = new Set();
      this.#byHost.set(host, ids);
    }
    ids.add(entry.record.id);
  }

  /** Takes one line of the file: `{ record, secrets: { sealed, fields }, systemTitle? }`. */
  #load(line: unknown): void {
    const m = line as {
      record?: unknown;
      secrets?: { sealed?: unknown; fields?: unknown };
      systemTitle?: unknown;
    };
    if (typeof m !== 'object' || m === null) throw new Error('a meter line must be an object');
    const record = this.#validate(m.record);
    const id = record.id;
    if (this.#entries.has(id)) throw new Error(`meter ${id} appears twice`);
    const sealed = m.secrets?.sealed;
    if (typeof sealed !== 'string' || !/^[A-Za-z0-9+/]+={0,2}$/.test(sealed)) {
      throw new Error(`meter ${id}: secrets.sealed must be base64`);
    }
    const fields = m.secrets?.fields;
    if (
      !Array.isArray(fields) ||
      !fields.every((f) => (CREDENTIAL_FIELDS as readonly unknown[]).includes(f))
    ) {
      throw new Error(
        `meter ${id}: secrets.fields must list credential fields (${CREDENTIAL_FIELDS.join(', ')})`,
      );
    }
    const title = m.systemTitle;
    if (title !== undefined && (typeof title !== 'string' || !HEX_TITLE.test(title))) {
      throw new Error(`meter ${id}: systemTitle must be 16 lowercase hex digits`);
    }
    if (title !== undefined && this.#byTitle.has(title)) {
      throw new Error(`meter ${id}: system title ${title} is also meter ${this.#byTitle.get(title)}'s`);
    }
    this.#put({
      record,
      sealed,
      fields: this.#interner.object(fields as CredentialField[]),
      ...(title === undefined ? {} : { systemTitle: title }),
    });
  }

  /** Writes the file, coalescing: calls during a write share the one write that follows it. */
  #persist(): Promise<void> {
    if (this.#file === undefined) return Promise.resolve();
    if (this.#queued) return this.#queued;
    if (this.#writing) {
      this.#queued = this.#writing
        .catch(() => undefined)
        .then(() => {
          this.#queued = undefined;
          return this.#persist();
        });
      return this.#queued;
    }
    const file = this.#file;
    // Entries are immutable (replaced on change), so an array of them is a consistent snapshot.
    const snapshot = [...this.#entries.values()];
    this.#writing = writeRegistryFile(file, { masterKeyId: this.#master.id }, snapshot, toLine).finally(
      () => {
        this.#writing = undefined;
      },
    );
    return this.#writing;
  }
}

/** One meter line of the registry file. */
function toLine(e: Entry): string {
  return JSON.stringify({
    record: e.record,
    secrets: { sealed: e.sealed, fields: e.fields },
    ...(e.systemTitle === undefined ? {} : { systemTitle: e.systemTitle }),
  });
}
