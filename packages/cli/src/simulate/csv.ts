/** RFC 4180 CSV: a header from the first row's keys, values quoted when they need it. */
export function toCsv(
  rows: readonly Readonly<Record<string, unknown>>[],
  columns?: readonly string[],
): string {
  const first = rows[0];
  const header = columns ?? (first ? Object.keys(first) : []);
  const lines = [header.map(csvField).join(',')];
  for (const row of rows) lines.push(header.map((c) => csvField(row[c])).join(','));
  return `${lines.join('\n')}\n`;
}

/** One CSV field: lists joined with ';', objects as JSON, quoted when holding , " or a line break. */
export function csvField(value: unknown): string {
  const text =
    value === undefined || value === null
      ? ''
      : Array.isArray(value) && value.every((v) => typeof v !== 'object')
        ? value.join(';')
        : typeof value === 'object'
          ? JSON.stringify(value)
          : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
