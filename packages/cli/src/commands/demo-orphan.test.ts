/**
 * `npx gridmeter demo` runs the demo under npm, and npm exits on SIGTERM without passing it on: the
 * demo must notice that its parent went away and stop instead of serving on as an orphan.
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

describe('gridmeter demo under a parent that exits', () => {
  it('stops by itself when its parent process is killed', { timeout: 90_000 }, async () => {
    const demo = [
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
    // The shell stands in for npm: it starts the demo, says its pid, and waits for it.
    const sh = spawn('sh', ['-c', `${demo} & echo "demo pid $!"; wait`], {
      stdio: ['ignore', 'pipe', 'pipe'],
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
    sh.kill('SIGKILL'); // like npm exiting on SIGTERM: the demo is left without its parent
    // The demo's stdout is the same pipe: it closes once the demo has stopped and exited.
    await seen(/\nstopped\n/);
    const alive = () => {
      try {
        process.kill(demoPid!, 0);
        return true;
      } catch {
        return false;
      }
    };
    for (let i = 0; i < 100 && alive(); i++) await new Promise((r) => setTimeout(r, 100));
    expect(alive()).toBe(false);
  });
});
