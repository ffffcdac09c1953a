import { type CosemServerObject, DataAccessError, DataAccessResult, type DlmsData } from '@gridmeter/dlms';
import { MAX_DEMAND_AT, MAX_DEMAND_W, type Quantity, slot } from '../meter/registers.js';
import type { VirtualMeter } from '../meter/virtual-meter.js';
import type { InstantaneousValues } from '../metrology/types.js';
import { dateTimeData, scalerUnit } from './cosem-time.js';
import { sharedLogicalName } from './object-support.js';

/** DLMS unit codes (IEC 62056-6-2 Table 4). */
const UNIT = { W: 27, var: 29, Wh: 30, varh: 32, A: 33, V: 35, Hz: 44, m3: 13, count: 255 } as const;

/** How a register's value is typed on the wire. */
export type EnergyWidth = 'double-long-unsigned' | 'long64-unsigned';

function energyData(value: number, width: EnergyWidth): DlmsData {
  return width === 'long64-unsigned'
    ? { type: 'long64-unsigned', value: BigInt(Math.round(value)) }
    : // IDIS registers are double-long-unsigned and roll over at 2^32.
      { type: 'double-long-unsigned', value: Math.round(value) % 2 ** 32 };
}

/**
 * An energy register (class 3) of the meter: active/reactive import/export, total or one TOU rate,
 * e.g. 1-0:1.8.2 = active import in rate 2. Reads the meter's registers at the simulated now.
 */
export class EnergyRegisterObject implements CosemServerObject {
  readonly classId = 3;
  readonly version = 0;
  readonly logicalName: Uint8Array;

  constructor(
    private readonly meter: VirtualMeter,
    private readonly now: () => number,
    private readonly quantity: Quantity,
    private readonly rate: number,
    private readonly width: EnergyWidth,
  ) {
    this.logicalName = sharedLogicalName(`1.0.${quantity + 1}.8.${rate}.255`);
  }

  get(attributeId: number): DlmsData {
    if (attributeId === 2) {
      return energyData(this.meter.registersAt(this.now())[slot(this.quantity, this.rate)]!, this.width);
    }
    if (attributeId === 3) return scalerUnit(0, this.quantity < 2 ? UNIT.Wh : UNIT.varh);
    throw new DataAccessError(DataAccessResult.objectUndefined);
  }

  action(methodId: number): undefined {
    // Method 1 reset: cumulative energy registers of a billing meter are not resettable.
    throw new DataAccessError(
      methodId === 1 ? DataAccessResult.readWriteDenied : DataAccessResult.objectUndefined,
    );
  }
}

/** A volume register (class 3) of a water (8-0:1.0.0) or gas (7-0:3.0.0) meter, in litres (m³ scaler −3). */
export class VolumeRegisterObject implements CosemServerObject {
  readonly classId = 3;
  readonly version = 0;
  readonly logicalName: Uint8Array;

  constructor(
    private readonly meter: VirtualMeter,
    private readonly now: () => number,
    medium: 'water' | 'gas',
  ) {
    this.logicalName = sharedLogicalName(medium === 'water' ? '8.0.1.0.0.255' : '7.0.3.0.0.255');
  }

  get(attributeId: number): DlmsData {
    if (attributeId === 2) {
      return { type: 'double-long-unsigned', value: this.meter.registersAt(this.now())[0]! % 2 ** 32 };
    }
    if (attributeId === 3) return scalerUnit(-3, UNIT.m3);
    throw new DataAccessError(DataAccessResult.objectUndefined);
  }
}

/**
 * Maximum demand of active import in the current billing period (class 4 extended register,
 * 1-0:1.6.0): value (W), scaler_unit, status, capture_time (when the maximum occurred).
 */
export class MaxDemandObject implements CosemServerObject {
  readonly classId = 4;
  readonly version = 0;
  readonly logicalName = sharedLogicalName('1.0.1.6.0.255');

  constructor(
    private readonly meter: VirtualMeter,
    private readonly now: () => number,
    private readonly utcOffsetMinutes: number,
  ) {}

  get(attributeId: number): DlmsData {
    const regs = this.meter.registersAt(this.now());
    switch (attributeId) {
      case 2:
        return { type: 'double-long-unsigned', value: regs[MAX_DEMAND_W]! };
      case 3:
        return scalerUnit(0, UNIT.W);
      case 4:
        return { type: 'unsigned', value: 0 };
      case 5: {
        const at = regs[MAX_DEMAND_AT]!;
        return at > 0
          ? dateTimeData(this.meter.meterTime(at), this.utcOffsetMinutes)
          : { type: 'octet-string', value: new Uint8Array(12).fill(0xff) };
      }
      default:
        throw new DataAccessError(DataAccessResult.objectUndefined);
    }
  }
}

/** Which instantaneous quantity an object shows (IDIS OBIS C groups, value group D = 7). */
export type InstantaneousQuantity =
  | 'voltage'
  | 'current'
  | 'active-power'
  | 'reactive-power'
  | 'power-factor'
  | 'frequency';

const INSTANTANEOUS: Record<InstantaneousQuantity, { c: readonly number[]; scaler: number; unit: number }> = {
  // C per phase L1, L2, L3 (IEC 62056-61): voltage 32/52/72, current 31/51/71, P+ 21/41/61, Q+ 23/43/63, PF 33/53/73
  voltage: { c: [32, 52, 72], scaler: -1, unit: UNIT.V },
  current: { c: [31, 51, 71], scaler: -2, unit: UNIT.A },
  'active-power': { c: [21, 41, 61], scaler: 0, unit: UNIT.W },
  'reactive-power': { c: [23, 43, 63], scaler: 0, unit: UNIT.var },
  'power-factor': { c: [33, 53, 73], scaler: -3, unit: UNIT.count },
  frequency: { c: [14], scaler: -2, unit: UNIT.Hz },
};

/** One instantaneous value (class 3, value group D = 7), e.g. 1-0:32.7.0 voltage L1 in 0.1 V. */
export class InstantaneousObject implements CosemServerObject {
  readonly classId = 3;
  readonly version = 0;
  readonly logicalName: Uint8Array;

  constructor(
    private readonly values: (t: number) => InstantaneousValues,
    private readonly now: () => number,
    private readonly quantity: InstantaneousQuantity,
    private readonly phase: number,
  ) {
    this.logicalName = sharedLogicalName(`1.0.${INSTANTANEOUS[quantity].c[phase]}.7.0.255`);
  }

  get(attributeId: number): DlmsData {
    const spec = INSTANTANEOUS[this.quantity];
    if (attributeId === 3) return scalerUnit(spec.scaler, spec.unit);
    if (attributeId !== 2) throw new DataAccessError(DataAccessResult.objectUndefined);
    const v = this.values(this.now());
    const raw =
      this.quantity === 'voltage'
        ? v.voltageV[this.phase]
        : this.quantity === 'current'
          ? v.currentA[this.phase]
          : this.quantity === 'active-power'
            ? v.activePowerW[this.phase]
            : this.quantity === 'reactive-power'
              ? v.reactivePowerVar[this.phase]
              : this.quantity === 'power-factor'
                ? v.powerFactor[this.phase]
                : v.frequencyHz;
    const scaled = Math.round((raw ?? 0) / 10 ** spec.scaler);
    if (this.quantity === 'power-factor')
      return { type: 'long', value: Math.max(-1000, Math.min(1000, scaled)) };
    if (this.quantity === 'active-power' || this.quantity === 'reactive-power') {
      return { type: 'double-long', value: Math.max(-(2 ** 31), Math.min(2 ** 31 - 1, scaled)) };
    }
    return { type: 'long-unsigned', value: Math.max(0, Math.min(65535, scaled)) };
  }
}

/** Instantaneous objects a meter with `phases` phases has. */
export function instantaneousObjects(
  values: (t: number) => InstantaneousValues,
  now: () => number,
  phases: 1 | 3,
): InstantaneousObject[] {
  return instantaneousObjectThunks(values, now, phases).map((build) => build());
}

/** {@link instantaneousObjects}, each as a function that builds it (for servers that build objects on first use). */
export function instantaneousObjectThunks(
  values: (t: number) => InstantaneousValues,
  now: () => number,
  phases: 1 | 3,
): (() => InstantaneousObject)[] {
  const out: (() => InstantaneousObject)[] = [];
  for (const q of ['voltage', 'current', 'active-power', 'reactive-power', 'power-factor'] as const) {
    for (let p = 0; p < phases; p++) out.push(() => new InstantaneousObject(values, now, q, p));
  }
  out.push(() => new InstantaneousObject(values, now, 'frequency', 0));
  return out;
}

/** Battery voltage of a water or gas meter (class 3, 0-0:96.6.3), in 0.01 V. */
export class BatteryVoltageObject implements CosemServerObject {
  readonly classId = 3;
  readonly version = 0;
  readonly logicalName = sharedLogicalName('0.0.96.6.3.255');

  constructor(
    private readonly voltageV: () => number,
    readonly now: () => number,
  ) {}

  get(attributeId: number): DlmsData {
    if (attributeId === 2)
      return { type: 'long-unsigned', value: Math.max(0, Math.round(this.voltageV() * 100)) };
    if (attributeId === 3) return scalerUnit(-2, UNIT.V);
    throw new DataAccessError(DataAccessResult.objectUndefined);
  }
}
