/**
 * `npx gridmeter demo` runs the demo under npm, and npm exits on SIGTERM without passing it on: the
 * demo must notice that npm went away and stop instead of serving on as an orphan. A shell with
 * npm's `npm_command` in the environment stands in for npm.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const MAIN = fileURLToPath(new URL('../main.ts', import.meta.url));
const SCRIPT = `import { main } from ${JSON.stringify(MAIN)};
process.exitCode = await main(['node', 'gridmeter', ...process.argv.slice(1)]);`;

let parent: ChildProcess | undefined;
let demoPid: number | undefined;

afterEach(() => {
  parent?.kill('SIGKILL');
  if (demoPid !== undefined) {
    try {
      process.kill(demoPid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});

const DEMO = [
  process.execPath,
  '--import',
  'tsx',
  '--conditions=source',
  '--input-type=module',
  '-e',
  SCRIPT,
  'demo',
  '--meters',
  '10',
  '--history-days',
  '1',
  '--port',
  '0',
  '--dlms-port',
  '0',
]
  .map((a) => `'${a.replace(/'/g, `'\\''`)}'`)
  .join(' ');

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/**
 * Starts the demo from a shell (which says the demo's pid and waits for it), waits until the
 * console is served, then kills the shell. `seen` resolves once the output matches a pattern.
 */
async function demoLosingItsParent(env: NodeJS.ProcessEnv) {
  const sh = spawn('sh', ['-c', `${DEMO} & echo "demo pid $!"; wait`], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env,
  });
  parent = sh;
  let out = '';
  const seen = (pattern: RegExp) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (pattern.test(out)) resolve();
      };
      sh.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        check();
      });
      sh.stderr!.on('data', (d: Buffer) => {
        out += d.toString();
      });
      sh.stdout!.on('close', () =>
        pattern.test(out) ? resolve() : reject(new Error(`no ${pattern}:\n${out}`)),
      );
      check();
    });
  await seen(/console: +http/);
  demoPid = Number(/demo pid (\d+)/.exec(out)?.[1]);
  expect(demoPid).toBeGreaterThan(0);
  sh.kill('SIGKILL');
  return { pid: demoPid, seen, output: () => out };
}

describe('gridmeter demo when the process that started it exits', () => {
  it('stops by itself when npm started it and is killed', { timeout: 90_000 }, async () => {
    // The shell stands in for npm (npm sets npm_command): killed like npm exiting on SIGTERM.
    const demo = await demoLosingItsParent({ ...process.env, npm_command: 'exec' });
    // The demo's stdout is the same pipe: it closes once the demo has stopped and exited.
    await demo.seen(/\nstopped\n/);
    for (let i = 0; i < 100 && alive(demo.pid); i++) await new Promise((r) => setTimeout(r, 100));
    expect(alive(demo.pid)).toBe(false);
  });

  it('keeps running when started otherwise (nohup, a service manager)', { timeout: 90_000 }, async () => {
    const env = { ...process.env };
    delete env.npm_command;
    const demo = await demoLosingItsParent(env);
    await new Promise((r) => setTimeout(r, 3_000)); // three of its once-a-second parent checks
    expect(alive(demo.pid)).toBe(true);
    expect(demo.output()).not.toMatch(/\nstopped\n/);
    process.kill(demo.pid, 'SIGINT');
    await demo.seen(/\nstopped\n/);
  });
});
