/** `--meter-map FILE`: the meter id each id in an import file stands for. */
import { readFileSync } from 'node:fs';
import { type MeterId, meterId } from '@gridmeter/domain';
import { MdmRunError } from './errors.js';

/**
 * Reads a two-column CSV, `source_id,meter_id` (that header line is optional): the NMI of a NEM12
 * file, the customer id of an SGSC file or the meter id of an interval CSV on the left, the meter
 * id to store under on the right. Throws {@link MdmRunError} naming the line of a bad row.
 */
export function readMeterMap(path: string): Map<string, MeterId> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new MdmRunError(`Cannot read --meter-map ${path}: ${(e as Error).message}`, { cause: e });
  }
  const map = new Map<string, MeterId>();
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.replace(/^\uFEFF/, '').trim();
    if (line === '' || (i === 0 && line === 'source_id,meter_id')) return;
    const cells = line.split(',').map((c) => c.trim());
    if (cells.length !== 2 || cells[0] === '') {
      throw new MdmRunError(
        `--meter-map ${path} line ${i + 1}: expected "source_id,meter_id", got "${line}"`,
      );
    }
    try {
      map.set(cells[0]!, meterId(cells[1]!));
    } catch (e) {
      throw new MdmRunError(`--meter-map ${path} line ${i + 1}, meter_id: ${(e as Error).message}`, {
        cause: e,
      });
    }
  });
  return map;
}
