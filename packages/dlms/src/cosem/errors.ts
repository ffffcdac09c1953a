import type { DlmsDataType } from '../axdr/types.js';

/**
 * A COSEM attribute or method parameter whose `Data` does not have the shape its interface class
 * gives it (IEC 62056-6-2 §4): a wrong CHOICE, a structure with the wrong number of elements, an
 * octet-string of the wrong size. `attribute` names the attribute (`scaler_unit`, `object_list`)
 * and `path` the element inside it (`[3].access_rights.attribute_access[1]`).
 *
 * @example
 * try { scalerUnitConverter.fromData(data); } catch (e) { if (e instanceof CosemTypeError) log(e.path); }
 */
export class CosemTypeError extends TypeError {
  override readonly name: string = 'CosemTypeError';
  /** The attribute or method parameter being converted, as the Blue Book spells it. */
  readonly attribute: string;
  /** Where inside the value the fault is; '' for the value itself. */
  readonly path: string;
  /** What the interface class expects there, e.g. 'long-unsigned' or 'structure of 2'. */
  readonly expected: string;
  /** What was found, e.g. the `Data` type or 'structure of 3'. */
  readonly actual: DlmsDataType | string;

  constructor(attribute: string, path: string, expected: string, actual: string, options?: ErrorOptions) {
    super(`Cannot convert ${attribute}${path}: expected ${expected}, got ${actual}`, options);
    this.attribute = attribute;
    this.path = path;
    this.expected = expected;
    this.actual = actual;
  }
}
