import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CliModule } from './cli-module.js';
import { main } from './main.js';
import { createProgram } from './program.js';

afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = undefined;
});

describe('gridmeter command', () => {
  it('prints the package version for --version', async () => {
    const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const code = await main(['node', 'gridmeter', '--version']);
    expect(code).toBe(0);
    expect(out.mock.calls.map((c) => String(c[0])).join('')).toMatch(/^\d+\.\d+\.\d+\n$/);
  });

  it('exits non-zero on an unknown command', async () => {
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    expect(await main(['node', 'gridmeter', 'no-such-command'])).not.toBe(0);
  });

  it('lets a module add subcommands', async () => {
    const calls: string[] = [];
    const mod: CliModule = {
      name: 'demo-module',
      register(program) {
        program.command('hello <who>').action((who: string) => void calls.push(who));
      },
    };
    await createProgram([mod]).parseAsync(['node', 'gridmeter', 'hello', 'meter']);
    expect(calls).toEqual(['meter']);
  });

  it('refuses two modules with one name', () => {
    const mod: CliModule = { name: 'x', register() {} };
    expect(() => createProgram([mod, mod])).toThrow(/registered twice/);
  });

  it('runs doctor and prints its table', async () => {
    const lines: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((s: unknown) => void lines.push(String(s)));
    const code = await main(['node', 'gridmeter', 'doctor', '--json']);
    const checks = JSON.parse(lines[0]!) as Array<{ name: string; status: string }>;
    expect(checks.map((c) => c.name)).toEqual(
      expect.arrayContaining(['node', 'open files', 'postgres', 'nats']),
    );
    expect(code).toBe(checks.some((c) => c.status === 'fail') ? 1 : 0);
  });
});

describe('subcommand parse errors', () => {
  it('come back as an exit code instead of ending the process', async () => {
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const exit = vi.spyOn(process, 'exit').mockImplementation((() => {
      throw new Error('process.exit called');
    }) as never);
    expect(await main(['node', 'gridmeter', 'doctor', '--bogus'])).toBe(1);
    expect(exit).not.toHaveBeenCalled();
  });
});
