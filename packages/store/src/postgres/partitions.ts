/** One monthly partition of `interval_version`: `[from, to)` in epoch ms (UTC months). */
export interface MonthPartition {
  readonly suffix: string;
  readonly from: number;
  readonly to: number;
}

/** The UTC months covering epoch ms `from`..`to` (both inclusive). */
export function monthsCovering(from: number, to: number): MonthPartition[] {
  const out: MonthPartition[] = [];
  const d = new Date(from);
  let y = d.getUTCFullYear();
  let m = d.getUTCMonth();
  for (;;) {
    const start = Date.UTC(y, m, 1);
    if (start > to) break;
    const end = Date.UTC(y, m + 1, 1);
    const yy = y < 0 ? `n${String(-y).padStart(4, '0')}` : String(y).padStart(4, '0');
    out.push({ suffix: `${yy}m${String(m + 1).padStart(2, '0')}`, from: start, to: end });
    m++;
    if (m === 12) {
      m = 0;
      y++;
    }
  }
  return out;
}
