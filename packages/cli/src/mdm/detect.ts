/** Telling an interval data file's format from its first line. */
import { closeSync, openSync, readSync } from 'node:fs';
import { INTERVAL_CSV_HEADER, SGSC_CSV_HEADER } from '@gridmeter/mdm';

/** The formats `gridmeter mdm import` reads: NEM12 (MDFF), Gridmeter's interval CSV, SGSC CSV. */
export type ImportFormat = 'nem12' | 'csv' | 'sgsc';

/**
 * The format whose signature the first non-blank line carries: a NEM12 100 header record
 * ("100,NEM12,…"), the interval CSV header or the SGSC header; `undefined` when none matches.
 */
export function formatOfFirstLine(line: string): ImportFormat | undefined {
  const l = line.replace(/^\uFEFF/, '').trim();
  if (/^100,NEM12,/i.test(l)) return 'nem12';
  if (l === INTERVAL_CSV_HEADER) return 'csv';
  if (l.toLowerCase().replace(/\s+/g, '') === SGSC_CSV_HEADER) return 'sgsc';
  return undefined;
}

/** The first non-blank line among the first 64 KiB of a file ('' for an empty file). */
export function firstLineOf(path: string): string {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(65_536);
    const n = readSync(fd, buf, 0, buf.length, 0);
    const text = buf.subarray(0, n).toString('utf8');
    return text.split(/\r?\n/).find((l) => l.trim() !== '') ?? '';
  } finally {
    closeSync(fd);
  }
}
