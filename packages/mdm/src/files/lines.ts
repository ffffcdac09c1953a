/**
 * Text given to the importers: a whole file as one string, or its lines one by one (as
 * `node:readline` yields them). Use {@link splitLines} to turn a byte or text stream into lines.
 */
export type LineSource = string | Iterable<string> | AsyncIterable<string>;

/** Yields the lines of `source` without their line terminators ("\n" or "\r\n"). */
export async function* linesOf(source: LineSource): AsyncGenerator<string> {
  if (typeof source === 'string') {
    let from = 0;
    while (from < source.length) {
      const nl = source.indexOf('\n', from);
      const end = nl < 0 ? source.length : nl;
      yield stripCr(source.slice(from, end));
      from = end + 1;
    }
    return;
  }
  for await (const line of source) yield stripCr(line);
}

/**
 * Splits a stream of chunks (a `fs.createReadStream`, a fetch body) into lines, decoding UTF-8.
 *
 * @example parseNem12(splitLines(createReadStream('nem12.csv')))
 */
export async function* splitLines(chunks: AsyncIterable<string | Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let rest = '';
  for await (const chunk of chunks) {
    rest += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    let nl = rest.indexOf('\n');
    let from = 0;
    while (nl >= 0) {
      yield stripCr(rest.slice(from, nl));
      from = nl + 1;
      nl = rest.indexOf('\n', from);
    }
    rest = rest.slice(from);
  }
  rest += decoder.decode();
  if (rest.length > 0) yield stripCr(rest);
}

function stripCr(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}
