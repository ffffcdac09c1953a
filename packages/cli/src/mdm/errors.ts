/** A `gridmeter mdm` command line that cannot be run (bad option, bad store spec); exit 2. */
export class MdmUsageError extends Error {
  override readonly name = 'MdmUsageError';
}

/** A `gridmeter mdm` run that failed on its data (nothing stored for the range, unreadable map); exit 1. */
export class MdmRunError extends Error {
  override readonly name = 'MdmRunError';
}
