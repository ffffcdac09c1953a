/** Terminal output of the `gridmeter mdm` commands. */
import { isoSeconds, table } from '../headend/table.js';
import type { ExportReport } from './export.js';
import type { ImportReport } from './import.js';
import type { VeeRunReport } from './vee.js';

const n = (x: number) => Math.round(x).toLocaleString('en-US');
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const perSecond = (count: number, ms: number) => n(ms > 0 ? count / (ms / 1000) : 0);

/** The counts of an import, one per line. */
export function renderImport(file: string, store: string, r: ImportReport): string {
  const s = r.stats;
  return (
    `gridmeter mdm import: ${file} (${r.format}) into ${store}\n` +
    table(
      ['blocks', n(r.blocks)],
      [
        ['intervals', n(s.intervals)],
        ['inserted', n(s.inserted)],
        ['duplicates', n(s.duplicates)],
        ['corrected', n(s.corrected)],
        ['new meters', n(r.newMeters)],
        ['elapsed', seconds(r.elapsedMs)],
        ['rate', `${perSecond(s.intervals, r.elapsedMs)} intervals/s`],
      ],
    )
  );
}

/** One line: what an export wrote where. */
export function renderExport(out: string, format: string, r: ExportReport): string {
  return `gridmeter mdm export: ${n(r.intervals)} intervals of ${n(r.meters)} meters to ${out} (${format}) in ${seconds(r.elapsedMs)}\n`;
}

/** A summary line and the findings table of a VEE run. */
export function renderVee(meter: string, channel: string, r: VeeRunReport): string {
  const head =
    `gridmeter mdm vee: ${meter} ${channel}, run ${r.runId}\n` +
    `  days ${n(r.days)}, validated versions ${n(r.validatedVersions)}, estimated versions ${n(r.estimatedVersions)}, ` +
    `results ${n(r.results.length)}, ${seconds(r.elapsedMs)}\n`;
  if (r.results.length === 0) return `${head}  no findings\n`;
  const rows = r.results.map((v) => [
    isoSeconds(v.from),
    isoSeconds(v.to),
    v.ruleId,
    v.outcome,
    Object.entries(v.details ?? {})
      .filter(([k]) => k !== 'auditId')
      .map(([k, x]) => `${k}=${String(x)}`)
      .join(' '),
  ]);
  return head + table(['from', 'to', 'rule', 'outcome', 'details'], rows);
}
