/** A progress bar for collection rounds: redrawn in place on a terminal, every 10 % otherwise. */

const WIDTH = 30;

/** `[██████░░░░…]  450/1000  45 %` */
export function progressBar(done: number, total: number): string {
  const share = total === 0 ? 1 : done / total;
  const full = Math.round(share * WIDTH);
  return `[${'█'.repeat(full)}${'░'.repeat(WIDTH - full)}] ${done}/${total} ${Math.floor(share * 100)} %`;
}

/**
 * An `onProgress(done, total)` callback that prints `label` and a bar: on a terminal it redraws one
 * line (`\r`) and ends it when done; elsewhere (pipes, logs, tests) it prints a line every 10 %.
 *
 * @example
 * await headEnd.collect(ids, ['profile'], progress((s) => process.stdout.write(s), 'backfill', true));
 */
export function progress(
  write: (text: string) => void,
  label: string,
  tty: boolean,
): (done: number, total: number) => void {
  let lastTenth = -1;
  let lastDraw = 0;
  return (done, total) => {
    if (tty) {
      const now = Date.now();
      if (done < total && now - lastDraw < 100) return;
      lastDraw = now;
      write(`\r${label} ${progressBar(done, total)}${done === total ? '\n' : ''}`);
      return;
    }
    const tenth = total === 0 ? 10 : Math.floor((done / total) * 10);
    if (tenth === lastTenth) return;
    lastTenth = tenth;
    write(`${label} ${progressBar(done, total)}\n`);
  };
}
