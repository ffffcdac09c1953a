/** `gridmeter headend collect`: one collection round with progress and a KPI summary. */
import { existsSync } from 'node:fs';
import { InProcessBus } from '@gridmeter/domain';
import type { CollectionJob } from '@gridmeter/headend';
import { HeadendFailedError } from './errors.js';
import type { TargetSpec } from './options.js';
import { progress } from './progress.js';
import { roundReport } from './round-report.js';
import { openTarget } from './target.js';
import { createHeadEnd } from './wire.js';

/** What `collect` runs with, already checked. */
export interface CollectSettings {
  readonly target: TargetSpec;
  readonly group?: string;
  readonly jobs: readonly CollectionJob[];
  readonly concurrency: number;
  /** Collection state file: loaded when present, saved after the round. */
  readonly stateFile?: string;
  readonly tty: boolean;
}

/** Runs one round over the registry's (or group's) active meters, printing progress and the summary. */
export async function collectRound(settings: CollectSettings, write: (text: string) => void): Promise<void> {
  const registry = await openTarget(settings.target);
  const meterIds = registry
    .list({ state: 'active', ...(settings.group === undefined ? {} : { group: settings.group }) })
    .map((m) => m.id);
  if (meterIds.length === 0) {
    throw new HeadendFailedError(
      `no active meters${settings.group === undefined ? '' : ` in group ${settings.group}`} to collect`,
    );
  }
  const headEnd = createHeadEnd(registry, { bus: new InProcessBus(), concurrency: settings.concurrency });
  try {
    if (settings.stateFile !== undefined && existsSync(settings.stateFile)) {
      headEnd.state.load(settings.stateFile);
      write(`continuing from ${settings.stateFile} (${headEnd.state.size} meters)\n`);
    }
    write(
      `collecting ${settings.jobs.join(',')} from ${meterIds.length} meters, ${settings.concurrency} at once\n`,
    );
    const round = await headEnd.collect(meterIds, settings.jobs, progress(write, 'collect', settings.tty));
    write(roundReport(round, headEnd, meterIds));
    if (settings.stateFile !== undefined) {
      headEnd.state.save(settings.stateFile);
      write(`  state:        saved to ${settings.stateFile} (${headEnd.state.size} meters)\n`);
    }
  } finally {
    await headEnd.close();
  }
}
