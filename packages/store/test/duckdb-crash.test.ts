import { type ChildProcess, fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DuckDbReadingStore } from '../src/index.js';
import { BATCH_INTERVALS, crashBatch, crashRange } from './crash-batches.js';

const KILLS = 5;
const writer = fileURLToPath(new URL('./crash-writer.ts', import.meta.url));

/** Runs the writer until it has acknowledged a few batches, then SIGKILLs it at a random moment. */
function runAndKill(path: string, first: number, acked: Set<number>): Promise<number> {
  return new Promise((resolve, reject) => {
    let highest = first - 1;
    const child: ChildProcess = fork(writer, [path, String(first)], {
      execArgv: ['--conditions=source', '--import', 'tsx'],
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.on('message', (m: { type: string; k?: number }) => {
      if (m.type === 'ready') {
        setTimeout(() => child.kill('SIGKILL'), 300 + Math.random() * 900);
      } else if (m.type === 'ack' && m.k !== undefined) {
        acked.add(m.k);
        highest = Math.max(highest, m.k);
      }
    });
    child.on('exit', (_code, signal) => {
      if (signal === 'SIGKILL') resolve(highest);
      else reject(new Error(`Crash writer exited on its own (${String(_code)}): ${stderr}`));
    });
  });
}

describe('DuckDB crash safety', () => {
  it(`loses no acknowledged write and stores none twice across ${KILLS} SIGKILLs`, {
    timeout: 60_000,
  }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gridmeter-crash-'));
    const path = join(dir, 'crash.duckdb');
    const acked = new Set<number>();
    try {
      let next = 0;
      for (let i = 0; i < KILLS; i++) {
        // Each run re-writes the last 3 batches (acknowledged or not): they must come out as duplicates.
        const highest = await runAndKill(path, next - 3, acked);
        next = highest + 1;
      }
      expect(acked.size).toBeGreaterThan(KILLS);
      const store = await DuckDbReadingStore.open({ path });
      try {
        const attempted = Math.max(...acked) + 2;
        for (let k = 0; k < attempted; k++) {
          const versions = await store.readIntervalVersions(crashRange(k));
          if (!acked.has(k)) {
            // A write cut by the kill is all or nothing.
            expect([0, BATCH_INTERVALS]).toContain(versions.length);
            continue;
          }
          expect(versions).toHaveLength(BATCH_INTERVALS);
          expect(versions.every((v) => v.version === 1)).toBe(true);
          expect(versions.map((v) => v.value)).toEqual(crashBatch(k).values.map((v) => v.value));
        }
      } finally {
        await store.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
