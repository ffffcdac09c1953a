import { createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { open, readFile, stat } from 'node:fs/promises';
import { inspect } from 'node:util';
import { SecretError } from './errors.js';

/** Environment variable holding the master key (64 hex digits or base64 of 32 bytes). */
export const MASTER_KEY_ENV = 'GRIDMETER_MASTER_KEY';

const KEY_BYTES = 32;
/** HKDF info of the AES-256-GCM key that seals registry secrets (key separation from the key id). */
const SEALING_INFO = 'gridmeter/headend/registry/secrets/v1';
const KEY_ID_INFO = 'gridmeter/headend/master-key-id/v1';

const sealingKeys = new WeakMap<MasterKey, Buffer>();

/**
 * The head-end's 32-byte master key, under which meter secrets are sealed at rest. The key bytes are
 * held privately: `toString`, `JSON.stringify` and `util.inspect` show only {@link MasterKey.id},
 * a non-secret fingerprint that tells keys apart.
 *
 * Sources, in the order {@link MasterKey.resolve} tries them: the environment variable
 * `GRIDMETER_MASTER_KEY` (64 hex digits or base64), then a key file (hex, created with mode 0600
 * from 32 random bytes when absent; refused when group or others may read it).
 *
 * @example
 * const master = await MasterKey.resolve({ keyFile: '/var/lib/gridmeter/master.key' });
 * master.id; // "3f9c0a1d7be24e60"
 */
export class MasterKey {
  /** Fingerprint of the key: first 8 bytes of HMAC-SHA256(key, info), hex. Not secret. */
  readonly id: string;

  private constructor(key: Buffer) {
    this.id = createHmac('sha256', key).update(KEY_ID_INFO).digest('hex').slice(0, 16);
    sealingKeys.set(this, Buffer.from(hkdfSync('sha256', key, new Uint8Array(0), SEALING_INFO, KEY_BYTES)));
    key.fill(0);
  }

  /** A master key from exactly 32 bytes (copied). */
  static fromBytes(bytes: Uint8Array): MasterKey {
    if (!(bytes instanceof Uint8Array) || bytes.length !== KEY_BYTES) {
      throw new SecretError(
        `A master key is ${KEY_BYTES} bytes, got ${bytes instanceof Uint8Array ? bytes.length : typeof bytes}`,
      );
    }
    return new MasterKey(Buffer.from(bytes));
  }

  /** A master key from text: 64 hex digits, or base64 (standard or url-safe) of 32 bytes. */
  static fromText(text: string, source = 'master key'): MasterKey {
    const t = text.trim();
    if (/^[0-9a-fA-F]{64}$/.test(t)) return new MasterKey(Buffer.from(t, 'hex'));
    if (/^[A-Za-z0-9+/_-]{43}=?$/.test(t)) {
      const bytes = Buffer.from(t, 'base64');
      if (bytes.length === KEY_BYTES) return new MasterKey(bytes);
    }
    throw new SecretError(
      `Cannot read ${source}: expected 64 hex digits or base64 of ${KEY_BYTES} bytes (${t.length} characters given)`,
    );
  }

  /** A master key from the environment, or `undefined` when the variable is unset or empty. */
  static fromEnv(env: NodeJS.ProcessEnv = process.env, name = MASTER_KEY_ENV): MasterKey | undefined {
    const value = env[name];
    return value === undefined || value.trim() === '' ? undefined : MasterKey.fromText(value, `$${name}`);
  }

  /**
   * A master key from a key file holding 64 hex digits. When the file is absent and `create` is
   * true (the default), 32 random bytes are written to it with mode 0600 (exclusive create, fsync).
   * A file that group or others may access is refused (POSIX only).
   */
  static async fromFile(path: string, options: { create?: boolean } = {}): Promise<MasterKey> {
    let text: string;
    try {
      const info = await stat(path);
      if (process.platform !== 'win32' && (info.mode & 0o077) !== 0) {
        throw new SecretError(
          `Master key file ${path} is accessible by group or others (mode ${(info.mode & 0o777).toString(8)}); run chmod 600 ${path}`,
        );
      }
      text = await readFile(path, 'utf8');
    } catch (error) {
      if (error instanceof SecretError) throw error;
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || options.create === false) {
        throw new SecretError(`Cannot read master key file ${path}`, { cause: error });
      }
      return MasterKey.#create(path);
    }
    return MasterKey.fromText(text, `master key file ${path}`);
  }

  static async #create(path: string): Promise<MasterKey> {
    const key = randomBytes(KEY_BYTES);
    let handle: Awaited<ReturnType<typeof open>> | undefined;
    try {
      handle = await open(path, 'wx', 0o600);
      await handle.writeFile(`${key.toString('hex')}\n`);
      await handle.sync();
    } catch (error) {
      key.fill(0);
      // Another process created it first: use theirs.
      if ((error as NodeJS.ErrnoException).code === 'EEXIST')
        return MasterKey.fromFile(path, { create: false });
      throw new SecretError(`Cannot create master key file ${path}`, { cause: error });
    } finally {
      await handle?.close();
    }
    return new MasterKey(key);
  }

  /**
   * The master key from `$GRIDMETER_MASTER_KEY` when set, else from `keyFile` (created when absent);
   * a {@link SecretError} when neither is available.
   */
  static async resolve(options: { env?: NodeJS.ProcessEnv; keyFile?: string } = {}): Promise<MasterKey> {
    const fromEnv = MasterKey.fromEnv(options.env ?? process.env);
    if (fromEnv) return fromEnv;
    if (options.keyFile !== undefined) return MasterKey.fromFile(options.keyFile);
    throw new SecretError(`No master key: set ${MASTER_KEY_ENV} or give a key file`);
  }

  /** A fresh random master key (tests, first start). */
  static generate(): MasterKey {
    return new MasterKey(randomBytes(KEY_BYTES));
  }

  toString(): string {
    return `MasterKey(${this.id})`;
  }

  toJSON(): { id: string } {
    return { id: this.id };
  }

  [inspect.custom](): string {
    return this.toString();
  }
}

/** The AES-256-GCM key derived from `master` for sealing secrets. Internal to the registry. */
export function sealingKeyOf(master: MasterKey): Buffer {
  const key = sealingKeys.get(master);
  if (!key) throw new SecretError('Not a MasterKey');
  return key;
}
