/**
 * An OBIS code (IEC 62056-61): six value groups A–F, each 0–255, naming a COSEM object.
 * A is the medium (1 electricity, 7 gas, 8 water…), B the channel, C the quantity (1 active
 * import, 2 active export…), D the processing (8 time integral…), E the rate or tariff, F the
 * billing period (255 = current / not used).
 *
 * Parses the display form `A-B:C.D.E*F` (F may be written `&F`, or left out for 255) and the
 * dotted logical-name form `A.B.C.D.E.F`; formats back to either.
 *
 * @example
 * const total = ObisCode.parse('1-0:1.8.0*255');
 * total.toString();          // "1-0:1.8.0*255"
 * total.toDotted();          // "1.0.1.8.0.255"
 * ObisCode.parse('1.0.1.8.0.255').equals(total); // true
 */
export class ObisCode {
  readonly a: number;
  readonly b: number;
  readonly c: number;
  readonly d: number;
  readonly e: number;
  readonly f: number;

  private constructor(groups: readonly number[]) {
    [this.a, this.b, this.c, this.d, this.e, this.f] = groups as [
      number,
      number,
      number,
      number,
      number,
      number,
    ];
  }

  /** Builds a code from its six groups; `RangeError` if any group is not an integer 0–255. */
  static of(a: number, b: number, c: number, d: number, e: number, f = 255): ObisCode {
    const groups = [a, b, c, d, e, f];
    groups.forEach((g, i) => {
      if (!Number.isInteger(g) || g < 0 || g > 255) {
        throw new RangeError(`OBIS value group ${'ABCDEF'[i]} must be an integer 0-255, got ${g}`);
      }
    });
    return new ObisCode(groups);
  }

  /** Parses either textual form; throws `RangeError` naming what is wrong. */
  static parse(text: string): ObisCode {
    const s = text.trim();
    const display = /^(\d{1,3})-(\d{1,3}):(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:[*&](\d{1,3}))?$/.exec(s);
    const dotted = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
    const m = display ?? dotted;
    if (!m) {
      throw new RangeError(`Malformed OBIS code "${text}": expected A-B:C.D.E*F or A.B.C.D.E.F`);
    }
    const groups = m.slice(1).map((g) => (g === undefined ? 255 : Number(g)));
    const bad = groups.findIndex((g) => g > 255);
    if (bad >= 0) {
      throw new RangeError(
        `Malformed OBIS code "${text}": value group ${'ABCDEF'[bad]} is ${groups[bad]} (max 255)`,
      );
    }
    return new ObisCode(groups);
  }

  /** Like {@link parse} but returns `undefined` instead of throwing. */
  static tryParse(text: string): ObisCode | undefined {
    try {
      return ObisCode.parse(text);
    } catch {
      return undefined;
    }
  }

  /** The 6-byte logical name as COSEM carries it in an octet-string. */
  static fromBytes(bytes: Uint8Array): ObisCode {
    if (bytes.length !== 6) throw new RangeError(`A logical name is 6 bytes, got ${bytes.length}`);
    return new ObisCode(Array.from(bytes));
  }

  toBytes(): Uint8Array {
    return Uint8Array.of(this.a, this.b, this.c, this.d, this.e, this.f);
  }

  /** `A-B:C.D.E*F`, the form printed on meters and in the Blue Book. */
  toString(): string {
    return `${this.a}-${this.b}:${this.c}.${this.d}.${this.e}*${this.f}`;
  }

  /** `A.B.C.D.E.F`, the logical-name form many tools print. */
  toDotted(): string {
    return `${this.a}.${this.b}.${this.c}.${this.d}.${this.e}.${this.f}`;
  }

  toJSON(): string {
    return this.toString();
  }

  equals(other: ObisCode): boolean {
    return (
      this.a === other.a &&
      this.b === other.b &&
      this.c === other.c &&
      this.d === other.d &&
      this.e === other.e &&
      this.f === other.f
    );
  }

  /** The same code with value group E (the tariff rate) replaced. */
  withRate(e: number): ObisCode {
    return ObisCode.of(this.a, this.b, this.c, this.d, e, this.f);
  }
}

/** Well-known OBIS codes used across Gridmeter (IEC 62056-61 / DLMS UA Blue Book). */
export const Obis = {
  clock: ObisCode.of(0, 0, 1, 0, 0),
  logicalDeviceName: ObisCode.of(0, 0, 42, 0, 0),
  activeEnergyImportTotal: ObisCode.of(1, 0, 1, 8, 0),
  activeEnergyExportTotal: ObisCode.of(1, 0, 2, 8, 0),
  reactiveEnergyImportTotal: ObisCode.of(1, 0, 3, 8, 0),
  reactiveEnergyExportTotal: ObisCode.of(1, 0, 4, 8, 0),
  loadProfile1: ObisCode.of(1, 0, 99, 1, 0),
  dailyBillingProfile: ObisCode.of(1, 0, 98, 2, 0),
  monthlyBillingProfile: ObisCode.of(0, 0, 98, 1, 0),
  standardEventLog: ObisCode.of(0, 0, 99, 98, 0),
  fraudDetectionLog: ObisCode.of(0, 0, 99, 98, 1),
  disconnectorControlLog: ObisCode.of(0, 0, 99, 98, 2),
  powerQualityLog: ObisCode.of(0, 0, 99, 98, 4),
  firmwareEventLog: ObisCode.of(0, 0, 99, 98, 5),
  powerFailureEventLog: ObisCode.of(1, 0, 99, 97, 0),
  disconnectControl: ObisCode.of(0, 0, 96, 3, 10),
  activityCalendar: ObisCode.of(0, 0, 13, 0, 0),
} as const;
