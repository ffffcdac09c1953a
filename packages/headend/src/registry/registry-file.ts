import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readdir, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { RegistryError } from './errors.js';

/** The `format` field of a registry file. */
export const REGISTRY_FILE_FORMAT = 'gridmeter-meter-registry';
/** The `version` field this code writes and reads. */
export const REGISTRY_FILE_VERSION = 1;

/** The first line of a registry file, without its `"meters":[`. */
export interface RegistryFileHeader {
  readonly format: typeof REGISTRY_FILE_FORMAT;
  readonly version: number;
  /** {@link MasterKey.id} of the key the secrets are sealed under. */
  readonly masterKeyId: string;
  /** Number of meter lines that follow. */
  readonly count: number;
}

const TEMP_MARK = '.tmp-';
const CHUNK_CHARS = 1 << 20;

/**
 * Writes the registry file atomically: a temporary file beside it (written, fsynced), renamed over
 * the file, then the directory fsynced; a crash leaves either the old file or the new one. Layout
 * (one JSON document, one meter per line so it can be streamed):
 *
 * ```
 * {"format":"gridmeter-meter-registry","version":1,"masterKeyId":"…","count":2,"meters":[
 * {…meter 1…},
 * {…meter 2…}
 * ]}
 * ```
 */
export async function writeRegistryFile<T>(
  path: string,
  header: Omit<RegistryFileHeader, 'format' | 'version' | 'count'>,
  meters: readonly T[],
  serialize: (meter: T) => string = JSON.stringify,
): Promise<void> {
  const temp = `${path}${TEMP_MARK}${process.pid}-${randomBytes(4).toString('hex')}`;
  const head: RegistryFileHeader = {
    format: REGISTRY_FILE_FORMAT,
    version: REGISTRY_FILE_VERSION,
    masterKeyId: header.masterKeyId,
    count: meters.length,
  };
  const handle = await open(temp, 'w', 0o600);
  try {
    let chunk = `${JSON.stringify(head).slice(0, -1)},"meters":[\n`;
    for (let k = 0; k < meters.length; k++) {
      chunk += `${serialize(meters[k]!)}${k < meters.length - 1 ? ',' : ''}\n`;
      if (chunk.length >= CHUNK_CHARS) {
        await handle.write(chunk);
        chunk = '';
      }
    }
    await handle.write(`${chunk}]}\n`);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await unlink(temp).catch(() => undefined);
    throw new RegistryError(`Cannot write meter registry file ${path}`, { cause: error });
  }
  await handle.close();
  try {
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw new RegistryError(`Cannot replace meter registry file ${path}`, { cause: error });
  }
  await syncDirectory(dirname(path));
}

async function syncDirectory(dir: string): Promise<void> {
  // POSIX: the rename is durable once the directory is fsynced; Windows cannot open directories.
  if (process.platform === 'win32') return;
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Removes temporary files a crashed writer left beside `path`; returns how many. */
export async function removeStaleTempFiles(path: string): Promise<number> {
  const dir = dirname(path);
  const prefix = `${basename(path)}${TEMP_MARK}`;
  await mkdir(dir, { recursive: true });
  const stale = (await readdir(dir)).filter((n) => n.startsWith(prefix));
  await Promise.all(stale.map((n) => unlink(join(dir, n)).catch(() => undefined)));
  return stale.length;
}

/**
 * Streams a registry file: checks the header, hands each meter line (parsed JSON, 1-based line) to
 * `onMeter`, and checks the file ends where the header says. Returns `undefined` when the file does
 * not exist. A damaged or truncated file is a {@link RegistryError} naming the line; the file is not
 * touched.
 */
export async function readRegistryFile(
  path: string,
  onMeter: (meter: unknown, line: number) => void,
): Promise<RegistryFileHeader | undefined> {
  const stream = createReadStream(path, { encoding: 'utf8' });
  const opened = await new Promise<boolean>((resolve, reject) => {
    stream.once('ready', () => resolve(true));
    stream.once('error', (error: NodeJS.ErrnoException) =>
      error.code === 'ENOENT' ? resolve(false) : reject(error),
    );
  }).catch((error: unknown) => {
    throw new RegistryError(`Cannot read meter registry file ${path}`, { cause: error });
  });
  if (!opened) return undefined;
  const corrupt = (line: number, what: string, cause?: unknown): never => {
    throw new RegistryError(
      `Meter registry file ${path} is corrupt at line ${line}: ${what}; the file was left as it is (restore it from a backup or move it away)`,
      cause === undefined ? {} : { cause },
    );
  };
  let header: RegistryFileHeader | undefined;
  let line = 0;
  let meters = 0;
  let closed = false;
  const lines = createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY });
  try {
    for await (const text of lines) {
      line++;
      if (line === 1) {
        header = parseHeader(text, (what, cause) => corrupt(1, what, cause));
        continue;
      }
      if (closed) {
        if (text.trim() !== '') corrupt(line, 'text after the closing "]}"');
        continue;
      }
      if (text === ']}') {
        closed = true;
        continue;
      }
      let meter: unknown;
      try {
        meter = JSON.parse(text.endsWith(',') ? text.slice(0, -1) : text);
      } catch (error) {
        corrupt(line, 'not one meter as JSON', error);
      }
      meters++;
      try {
        onMeter(meter, line);
      } catch (error) {
        corrupt(line, (error as Error).message, error);
      }
    }
  } finally {
    lines.close();
    stream.destroy();
  }
  if (!header) return corrupt(1, 'the file is empty');
  if (!closed) corrupt(line, `the file ends before its closing "]}" (truncated after ${meters} meters)`);
  if (meters !== header.count)
    corrupt(line, `the header says ${header.count} meters, the file holds ${meters}`);
  return header;
}

function parseHeader(text: string, fail: (what: string, cause?: unknown) => never): RegistryFileHeader {
  const opening = ',"meters":[';
  if (!text.endsWith(opening)) fail(`expected a header ending in ${opening}`);
  let h: Record<string, unknown>;
  try {
    h = JSON.parse(`${text.slice(0, -opening.length)}}`) as Record<string, unknown>;
  } catch (error) {
    return fail('the header is not JSON', error);
  }
  if (h.format !== REGISTRY_FILE_FORMAT)
    fail(`format is ${JSON.stringify(h.format)}, expected "${REGISTRY_FILE_FORMAT}"`);
  if (h.version !== REGISTRY_FILE_VERSION)
    fail(`version ${JSON.stringify(h.version)} is not supported (expected ${REGISTRY_FILE_VERSION})`);
  if (typeof h.masterKeyId !== 'string' || !/^[0-9a-f]{16}$/.test(h.masterKeyId))
    fail('masterKeyId must be 16 hex digits');
  if (typeof h.count !== 'number' || !Number.isSafeInteger(h.count) || h.count < 0)
    fail('count must be a non-negative integer');
  return h as unknown as RegistryFileHeader;
}
