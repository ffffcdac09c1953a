/** `gridmeter headend read <meter>`: an on-demand read, printing what was collected. */
import { InProcessBus } from '@gridmeter/domain';
import { type CollectionJob, PoolWorkError } from '@gridmeter/headend';
import { BusCapture } from './capture.js';
import { HeadendFailedError } from './errors.js';
import type { TargetSpec } from './options.js';
import { readJson, readTable } from './render-read.js';
import { openTarget } from './target.js';
import { createHeadEnd } from './wire.js';

/** Reads one meter now and returns the report in `format`; a failed read is a {@link HeadendFailedError}. */
export async function readMeter(
  target: TargetSpec,
  meterId: string,
  jobs: readonly CollectionJob[],
  format: 'json' | 'table',
): Promise<string> {
  const registry = await openTarget(target);
  registry.require(meterId);
  const bus = new InProcessBus();
  const captured = new BusCapture(bus);
  const headEnd = createHeadEnd(registry, { bus, concurrency: 1 });
  const started = performance.now();
  try {
    const result = await headEnd.read(meterId, jobs);
    const report = { result, elapsedMs: performance.now() - started, captured };
    return format === 'json' ? readJson(report) : readTable(report);
  } catch (error) {
    if (error instanceof PoolWorkError) {
      throw new HeadendFailedError(
        `cannot read ${meterId}: ${error.reason} after ${error.attempts} attempt(s): ${error.message}`,
        { cause: error },
      );
    }
    throw error;
  } finally {
    await headEnd.close();
  }
}
