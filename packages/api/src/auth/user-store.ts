import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { readFileIfExistsSync, writeFileAtomic } from '../atomic-file.js';
import { DUMMY_HASH, hashPassword, verifyPassword } from './password.js';
import { ROLES, type Role } from './roles.js';

/** A user as the API knows it; customers carry the service points they own. */
export interface User {
  readonly id: string;
  readonly username: string;
  readonly role: Role;
  readonly displayName?: string;
  readonly servicePointIds: readonly string[];
  readonly createdAt: number;
}

/** A named API token; only the SHA-256 of its secret is kept. */
export interface ApiTokenRecord {
  readonly id: string;
  readonly userId: string;
  readonly name: string;
  readonly createdAt: number;
  readonly expiresAt?: number;
  readonly lastUsedAt?: number;
}

export interface NewUser {
  readonly username: string;
  readonly password: string;
  readonly role: Role;
  readonly displayName?: string;
  readonly servicePointIds?: readonly string[];
}

export interface UserStoreOptions {
  /** A JSON file to keep users and API tokens in (sessions stay in memory). */
  readonly file?: string;
  /** Wall-clock time, epoch ms (default `Date.now`). */
  readonly now?: () => number;
  /** How long a login session lasts (default 12 h). */
  readonly sessionTtlMs?: number;
}

/** A username is already taken. */
export class UserExistsError extends Error {
  override readonly name = 'UserExistsError';
  constructor(readonly username: string) {
    super(`A user named "${username}" already exists`);
  }
}

interface StoredUser extends User {
  readonly passwordHash: string;
}
interface StoredToken extends ApiTokenRecord {
  readonly secretHash: string;
}
interface Session {
  readonly userId: string;
  readonly expiresAt: number;
}
interface FileShape {
  readonly version: 1;
  readonly users: StoredUser[];
  readonly tokens: StoredToken[];
}

const SESSION_PREFIX = 'gms_';
const TOKEN_PREFIX = 'gmt_';

const sha256 = (s: string) => createHash('sha256').update(s).digest('base64url');

function publicUser(u: StoredUser): User {
  const { passwordHash: _, ...user } = u;
  return user;
}

function publicToken(t: StoredToken): ApiTokenRecord {
  const { secretHash: _, ...token } = t;
  return token;
}

/**
 * Users, login sessions and API tokens. Passwords are hashed with scrypt; session and token
 * secrets are random 32 bytes kept only as SHA-256 hashes. In memory, optionally persisted to a
 * JSON file (written atomically) — open such a store with {@link UserStore.open}.
 *
 * @example
 * const users = await UserStore.open({ file: 'users.json' });
 * await users.addUser({ username: 'alice', password: 'alice-demo', role: 'customer', servicePointIds: ['SP-1'] });
 * const alice = await users.verifyLogin('alice', 'alice-demo');
 */
export class UserStore {
  readonly #file: string | undefined;
  readonly #now: () => number;
  readonly #sessionTtlMs: number;
  readonly #users = new Map<string, StoredUser>();
  readonly #tokens = new Map<string, StoredToken>();
  /** Secret hash → token id. */
  readonly #tokenBySecret = new Map<string, string>();
  /** Secret hash → session. */
  readonly #sessions = new Map<string, Session>();
  #writes: Promise<void> = Promise.resolve();

  /** Reads `options.file` when it exists, so that a later write never drops what it held. */
  constructor(options: UserStoreOptions = {}) {
    this.#file = options.file;
    this.#now = options.now ?? Date.now;
    this.#sessionTtlMs = options.sessionTtlMs ?? 12 * 3_600_000;
    if (options.file) {
      const text = readFileIfExistsSync(options.file);
      if (text !== undefined) this.#restore(JSON.parse(text) as FileShape, options.file);
    }
  }

  /** A store over `options.file`, with the users and tokens it already holds (same as `new`). */
  static async open(options: UserStoreOptions = {}): Promise<UserStore> {
    return new UserStore(options);
  }

  #restore(data: FileShape, file: string): void {
    if (data.version !== 1 || !Array.isArray(data.users) || !Array.isArray(data.tokens)) {
      throw new RangeError(`Cannot read user store ${file}: not a version 1 user store`);
    }
    for (const u of data.users) this.#users.set(u.id, u);
    for (const t of data.tokens) {
      this.#tokens.set(t.id, t);
      this.#tokenBySecret.set(t.secretHash, t.id);
    }
  }

  async addUser(input: NewUser): Promise<User> {
    if (!ROLES.includes(input.role)) throw new RangeError(`Unknown role "${input.role}"`);
    if (input.username.trim() === '') throw new RangeError('A username cannot be empty');
    if (this.#byUsername(input.username)) throw new UserExistsError(input.username);
    const user: StoredUser = {
      id: randomUUID(),
      username: input.username,
      role: input.role,
      ...(input.displayName === undefined ? {} : { displayName: input.displayName }),
      servicePointIds: input.role === 'customer' ? [...(input.servicePointIds ?? [])] : [],
      createdAt: this.#now(),
      passwordHash: await hashPassword(input.password),
    };
    // Checked again: another addUser may have finished while this one was hashing.
    if (this.#byUsername(input.username)) throw new UserExistsError(input.username);
    this.#users.set(user.id, user);
    await this.#persist();
    return publicUser(user);
  }

  /** Changes a user's role, name, service points or password; a role other than customer owns no service points. */
  async updateUser(
    id: string,
    patch: {
      readonly role?: Role;
      readonly displayName?: string;
      readonly servicePointIds?: readonly string[];
      readonly password?: string;
    },
  ): Promise<User | undefined> {
    const u = this.#users.get(id);
    if (!u) return undefined;
    if (patch.role !== undefined && !ROLES.includes(patch.role))
      throw new RangeError(`Unknown role "${patch.role}"`);
    const role = patch.role ?? u.role;
    const passwordHash = patch.password === undefined ? u.passwordHash : await hashPassword(patch.password);
    const next: StoredUser = {
      ...u,
      role,
      ...(patch.displayName === undefined ? {} : { displayName: patch.displayName }),
      servicePointIds: role === 'customer' ? [...(patch.servicePointIds ?? u.servicePointIds)] : [],
      passwordHash,
    };
    if (!this.#users.has(id)) return undefined;
    this.#users.set(id, next);
    await this.#persist();
    return publicUser(next);
  }

  /** Removes a user with their sessions and API tokens; false when there was none. */
  async deleteUser(id: string): Promise<boolean> {
    if (!this.#users.delete(id)) return false;
    for (const [hash, s] of this.#sessions) if (s.userId === id) this.#sessions.delete(hash);
    for (const t of [...this.#tokens.values()]) {
      if (t.userId !== id) continue;
      this.#tokens.delete(t.id);
      this.#tokenBySecret.delete(t.secretHash);
    }
    await this.#persist();
    return true;
  }

  /** Whether `password` is the user's (constant time). */
  async checkPassword(id: string, password: string): Promise<boolean> {
    return verifyPassword(password, this.#users.get(id)?.passwordHash ?? DUMMY_HASH);
  }

  users(): User[] {
    return [...this.#users.values()].map(publicUser);
  }

  user(id: string): User | undefined {
    const u = this.#users.get(id);
    return u && publicUser(u);
  }

  #byUsername(username: string): StoredUser | undefined {
    for (const u of this.#users.values()) if (u.username === username) return u;
    return undefined;
  }

  /** The user when the password is right; takes as long for an unknown user as for a wrong password. */
  async verifyLogin(username: string, password: string): Promise<User | undefined> {
    const u = this.#byUsername(username);
    const ok = await verifyPassword(password, u?.passwordHash ?? DUMMY_HASH);
    return ok && u ? publicUser(u) : undefined;
  }

  /** Starts a login session; the token is returned only here. */
  createSession(userId: string): { token: string; expiresAt: number } {
    if (!this.#users.has(userId)) throw new RangeError(`No user with id ${userId}`);
    const token = SESSION_PREFIX + randomBytes(32).toString('base64url');
    const expiresAt = this.#now() + this.#sessionTtlMs;
    this.#sessions.set(sha256(token), { userId, expiresAt });
    return { token, expiresAt };
  }

  endSession(token: string): void {
    this.#sessions.delete(sha256(token));
  }

  /** Creates a named API token for a user; the secret is returned only here. */
  async createToken(
    userId: string,
    name: string,
    expiresAt?: number,
  ): Promise<{ token: ApiTokenRecord; secret: string }> {
    if (!this.#users.has(userId)) throw new RangeError(`No user with id ${userId}`);
    if (expiresAt !== undefined && expiresAt <= this.#now()) {
      throw new RangeError('A token cannot expire in the past');
    }
    const secret = TOKEN_PREFIX + randomBytes(32).toString('base64url');
    const stored: StoredToken = {
      id: randomUUID(),
      userId,
      name,
      createdAt: this.#now(),
      ...(expiresAt === undefined ? {} : { expiresAt }),
      secretHash: sha256(secret),
    };
    this.#tokens.set(stored.id, stored);
    this.#tokenBySecret.set(stored.secretHash, stored.id);
    await this.#persist();
    return { token: publicToken(stored), secret };
  }

  /** API tokens, of one user or all. */
  tokens(userId?: string): ApiTokenRecord[] {
    return [...this.#tokens.values()]
      .filter((t) => userId === undefined || t.userId === userId)
      .map(publicToken);
  }

  token(id: string): ApiTokenRecord | undefined {
    const t = this.#tokens.get(id);
    return t && publicToken(t);
  }

  /** Revokes a token; false when there was none. */
  async deleteToken(id: string): Promise<boolean> {
    const t = this.#tokens.get(id);
    if (!t) return false;
    this.#tokens.delete(id);
    this.#tokenBySecret.delete(t.secretHash);
    await this.#persist();
    return true;
  }

  /** The user a session token or API token belongs to, when it is valid and not expired. */
  authenticate(secret: string): { user: User; via: 'session' | 'token'; tokenId?: string } | undefined {
    const hash = sha256(secret);
    const now = this.#now();
    if (secret.startsWith(SESSION_PREFIX)) {
      const s = this.#sessions.get(hash);
      if (!s) return undefined;
      if (s.expiresAt <= now) {
        this.#sessions.delete(hash);
        return undefined;
      }
      const u = this.#users.get(s.userId);
      return u && { user: publicUser(u), via: 'session' };
    }
    const id = this.#tokenBySecret.get(hash);
    const t = id === undefined ? undefined : this.#tokens.get(id);
    if (!t || (t.expiresAt !== undefined && t.expiresAt <= now)) return undefined;
    const u = this.#users.get(t.userId);
    if (!u) return undefined;
    this.#tokens.set(t.id, { ...t, lastUsedAt: now });
    return { user: publicUser(u), via: 'token', tokenId: t.id };
  }

  /** Resolves when every change so far is on disk. */
  flush(): Promise<void> {
    return this.#writes;
  }

  #persist(): Promise<void> {
    const file = this.#file;
    if (!file) return Promise.resolve();
    const write = async () => {
      const data: FileShape = {
        version: 1,
        users: [...this.#users.values()],
        tokens: [...this.#tokens.values()],
      };
      await writeFileAtomic(file, `${JSON.stringify(data, null, 2)}\n`);
    };
    this.#writes = this.#writes.then(write, write);
    return this.#writes;
  }
}
