import type { IntervalBlock } from '@gridmeter/domain';

/** A running import: iterate it once for the blocks; `report` fills as it goes. */
export interface ImportRun<R> extends AsyncIterable<IntervalBlock> {
  readonly report: R;
}

export function importRun<R>(report: R, run: () => AsyncGenerator<IntervalBlock>): ImportRun<R> {
  let started = false;
  return {
    report,
    [Symbol.asyncIterator]() {
      if (started) throw new Error('An import can be iterated only once');
      started = true;
      return run();
    },
  };
}
