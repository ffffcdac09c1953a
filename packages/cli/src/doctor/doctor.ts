import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { portIsFree, probe } from './probe.js';
import { SERVICES, type ServiceSpec } from './services.js';

export { SERVICES } from './services.js';

export type CheckStatus = 'ok' | 'warn' | 'fail';

/** One line of the doctor's report. */
export interface Check {
  readonly name: string;
  readonly status: CheckStatus;
  readonly detail: string;
}

export interface DoctorOptions {
  /** Host the services listen on. */
  readonly host?: string;
  /** Services that must be reachable (a missing one fails instead of warning). */
  readonly require?: readonly string[];
  /** Ports Gridmeter will listen on; each is checked free on 127.0.0.1. */
  readonly ports?: readonly number[];
  readonly timeoutMs?: number;
  /** Override for tests: the services to probe. */
  readonly services?: readonly ServiceSpec[];
}

const MIN_NODE: readonly [number, number] = [20, 19];
/** Open files a head-end needs for a useful connection pool (see ARCHITECTURE: ~20,000 per process). */
const WANTED_OPEN_FILES = 4096;

export function checkNodeVersion(version = process.versions.node): Check {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  const ok = major > MIN_NODE[0] || (major === MIN_NODE[0] && minor >= MIN_NODE[1]);
  return {
    name: 'node',
    status: ok ? 'ok' : 'fail',
    detail: ok ? `Node.js ${version}` : `Node.js ${version}; Gridmeter needs >= ${MIN_NODE.join('.')}`,
  };
}

async function checkOpenFiles(): Promise<Check> {
  try {
    const { stdout } = await promisify(execFile)('sh', ['-c', 'ulimit -Sn; ulimit -Hn']);
    const [soft = '?', hard = '?'] = stdout.trim().split(/\s+/);
    const softN = soft === 'unlimited' ? Number.POSITIVE_INFINITY : Number(soft);
    const ok = softN >= WANTED_OPEN_FILES;
    return {
      name: 'open files',
      status: ok ? 'ok' : 'warn',
      detail: `limit ${soft} (hard ${hard})${ok ? '' : `; connection pools want >= ${WANTED_OPEN_FILES}: ulimit -n`}`,
    };
  } catch (e) {
    return { name: 'open files', status: 'warn', detail: `could not read ulimit: ${(e as Error).message}` };
  }
}

async function checkPorts(ports: readonly number[]): Promise<Check[]> {
  return Promise.all(
    ports.map(async (port) => {
      const free = await portIsFree('127.0.0.1', port);
      return {
        name: `port ${port}`,
        status: free ? 'ok' : 'warn',
        detail: free ? 'free on 127.0.0.1' : 'in use on 127.0.0.1 (pass another port to the demo)',
      } satisfies Check;
    }),
  );
}

async function checkLoopbackRange(): Promise<Check> {
  // Virtual meters each listen on their own loopback address (127.a.b.c).
  const free = await portIsFree('127.0.3.7', 0);
  return {
    name: 'loopback /8',
    status: free ? 'ok' : 'warn',
    detail: free ? '127.0.0.0/8 addresses bindable (one per virtual meter)' : 'cannot bind 127.0.3.7',
  };
}

/** Runs every check; the machine is healthy when none has status `fail`. */
export async function runDoctor(options: DoctorOptions = {}): Promise<Check[]> {
  const host = options.host ?? '127.0.0.1';
  const required = new Set(options.require ?? []);
  const services = options.services ?? SERVICES;
  const unknown = [...required].filter((r) => !services.some((s) => s.name === r));
  if (unknown.length > 0) {
    throw new RangeError(
      `Unknown service ${unknown.join(', ')}; known: ${services.map((s) => s.name).join(', ')}`,
    );
  }
  const serviceChecks = services.map(async (s): Promise<Check> => {
    const r = await probe(host, s.port, s.hello, (b) => s.judge(b), options.timeoutMs);
    const status: CheckStatus = r.reachable ? 'ok' : required.has(s.name) ? 'fail' : 'warn';
    return { name: s.name, status, detail: `${r.detail} — ${s.role}` };
  });
  const [openFiles, loopback, ports, ...svc] = await Promise.all([
    checkOpenFiles(),
    checkLoopbackRange(),
    checkPorts(options.ports ?? [8080, 4059]),
    ...serviceChecks,
  ]);
  return [checkNodeVersion(), openFiles, loopback, ...ports, ...svc];
}

/** Renders checks as an aligned plain-text table. */
export function formatChecks(checks: readonly Check[]): string {
  const mark: Record<CheckStatus, string> = { ok: 'ok', warn: 'WARN', fail: 'FAIL' };
  const w0 = Math.max(5, ...checks.map((c) => c.name.length));
  const lines = [`${'check'.padEnd(w0)}  status  detail`, `${'-'.repeat(w0)}  ------  ${'-'.repeat(40)}`];
  for (const c of checks) lines.push(`${c.name.padEnd(w0)}  ${mark[c.status].padEnd(6)}  ${c.detail}`);
  return lines.join('\n');
}
