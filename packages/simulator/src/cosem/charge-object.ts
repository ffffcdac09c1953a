/**
 * Charge (IEC 62056-6-2 §4.6.4, class_id 113 version 0) at 0.0.19.20.0.255 over a
 * {@link PrepaidAccount}'s consumption-based charge. unit_charge prices the commodity Register
 * 1.0.1.8.0.255 (Wh) with commodity_scale −3, so `charge_per_unit × 10^price_scale` is the price
 * per kWh in minor currency units. A new price goes in with method 1 `update_unit_charge` (or a
 * SET of unit_charge_passive) and applies from method 2 `activate_passive_unit_charge`.
 */
import {
  ChargeType,
  type CosemServerObject,
  chargeTypeConverter,
  type DlmsData,
  type UnitCharge,
  unitChargeConverter,
} from '@gridmeter/dlms';
import type { PrepaidAccount } from '../meter/prepayment.js';
import {
  dateTimeBytes,
  fromData,
  noParameter,
  noSuchAttribute,
  noSuchMethod,
  readOnly,
  sharedLogicalName,
  simple,
} from './object-support.js';

/** Logical name of the Charge (IEC 62056-6-1). */
export const CHARGE_LN = '0.0.19.20.0.255';

const COMMODITY_SCALE = -3;
const doubleLong = simple('amount', 'double-long');

/** unit_charge for a price per kWh in minor units (up to 4 decimals, |charge_per_unit| ≤ 32767). */
export function unitChargeOf(pricePerKwh: number): UnitCharge {
  let k = 0;
  while (k < 4 && !Number.isInteger(Math.round(pricePerKwh * 10 ** k * 1e6) / 1e6)) k++;
  let chargePerUnit = Math.round(pricePerKwh * 10 ** k);
  while (Math.abs(chargePerUnit) > 32767 && k > -4) {
    k--;
    chargePerUnit = Math.round(pricePerKwh * 10 ** k);
  }
  return {
    chargePerUnitScaling: { commodityScale: COMMODITY_SCALE, priceScale: -k },
    commodity: { classId: 3, logicalName: sharedLogicalName('1.0.1.8.0.255'), attributeIndex: 2 },
    chargeTables: [{ index: new Uint8Array(0), chargePerUnit }],
  };
}

/** The price per kWh in minor units a unit_charge gives (its first charge table element). */
export function pricePerKwhOf(unitCharge: UnitCharge): number {
  const first = unitCharge.chargeTables[0];
  if (!first) return 0;
  const { commodityScale, priceScale } = unitCharge.chargePerUnitScaling;
  return first.chargePerUnit * 10 ** (priceScale - commodityScale + COMMODITY_SCALE);
}

/**
 * @example
 * new ChargeObject(account, () => clock.now(), { utcOffsetMinutes: 60 });
 */
export class ChargeObject implements CosemServerObject {
  readonly classId = 113;
  readonly version = 0;
  readonly logicalName: Uint8Array;
  readonly methodIds = [1, 2];
  readonly utcOffsetMinutes: number;
  unitChargePassive: UnitCharge;

  constructor(
    readonly account: PrepaidAccount,
    readonly now: () => number,
    options: { utcOffsetMinutes?: number; logicalName?: string } = {},
  ) {
    this.logicalName = sharedLogicalName(options.logicalName ?? CHARGE_LN);
    this.utcOffsetMinutes = options.utcOffsetMinutes ?? 0;
    this.unitChargePassive = unitChargeOf(account.pricePerKwh);
  }

  get(attributeId: number): DlmsData {
    const a = this.account;
    switch (attributeId) {
      case 2:
        return doubleLong.toData(a.totalAmountPaid);
      case 3:
        return chargeTypeConverter.toData(ChargeType.consumption_based_collection);
      case 4:
        return { type: 'unsigned', value: 1 };
      case 5:
        return unitChargeConverter.toData(unitChargeOf(a.pricePerKwh));
      case 6:
        return unitChargeConverter.toData(this.unitChargePassive);
      case 7:
        return { type: 'octet-string', value: dateTimeBytes(undefined, this.utcOffsetMinutes) };
      case 8:
        return { type: 'double-long-unsigned', value: 0 };
      case 9:
        return { type: 'bit-string', value: '00' };
      case 10:
        return { type: 'octet-string', value: dateTimeBytes(a.lastCollectionTime, this.utcOffsetMinutes) };
      case 11:
        return doubleLong.toData(a.lastCollectionAmount);
      case 12:
        return doubleLong.toData(0);
      case 13:
        return { type: 'long-unsigned', value: 0 };
      default:
        return noSuchAttribute(attributeId);
    }
  }

  set(attributeId: number, value: DlmsData): void {
    if (attributeId === 6) {
      this.unitChargePassive = fromData(unitChargeConverter, value);
      return;
    }
    if (attributeId >= 2 && attributeId <= 13) readOnly(attributeId);
    noSuchAttribute(attributeId);
  }

  action(methodId: number, parameters: DlmsData | undefined): undefined {
    if (methodId === 1) {
      this.unitChargePassive = fromData(unitChargeConverter, parameters);
    } else if (methodId === 2) {
      noParameter(parameters);
      this.account.setPrice(pricePerKwhOf(this.unitChargePassive), this.now());
    } else {
      noSuchMethod(methodId);
    }
    return undefined;
  }
}
