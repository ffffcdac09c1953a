/** One CSV record with the 1-based line it starts on. */
export interface CsvRow {
  readonly line: number;
  readonly fields: readonly string[];
}

/**
 * Splits RFC 4180 CSV text into records: fields separated by commas, quoted fields may hold commas,
 * line breaks and doubled quotes; LF or CRLF line ends; empty lines are skipped. An unterminated
 * quote is reported as a record with `error` set.
 */
export function* parseCsv(text: string): Generator<CsvRow & { readonly error?: string }> {
  let line = 1;
  let at = 0;
  const n = text.length;
  while (at < n) {
    const start = line;
    const fields: string[] = [];
    let field = '';
    let quoted = false;
    let error: string | undefined;
    for (;;) {
      if (at >= n) {
        if (quoted) error = 'a quoted field is not closed';
        fields.push(field);
        break;
      }
      const c = text[at]!;
      if (quoted) {
        if (c === '"') {
          if (text[at + 1] === '"') {
            field += '"';
            at += 2;
            continue;
          }
          quoted = false;
        } else {
          if (c === '\n') line++;
          field += c;
        }
        at++;
        continue;
      }
      if (c === '"' && field === '') {
        quoted = true;
        at++;
      } else if (c === ',') {
        fields.push(field);
        field = '';
        at++;
      } else if (c === '\n' || (c === '\r' && text[at + 1] === '\n')) {
        at += c === '\r' ? 2 : 1;
        line++;
        fields.push(field);
        break;
      } else {
        field += c;
        at++;
      }
    }
    if (fields.length === 1 && fields[0] === '' && error === undefined) continue;
    yield error === undefined ? { line: start, fields } : { line: start, fields, error };
  }
}
