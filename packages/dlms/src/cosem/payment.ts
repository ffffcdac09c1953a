/**
 * Payment metering: Account (IEC 62056-6-2 §4.6.2), Credit (§4.6.3) and Charge (§4.6.4).
 * Money amounts are double-long in the currency's minor unit scaled by `currency_scale`.
 */
import { type ValueDefinition, valueDefinitionPart } from './common.js';
import { arrayPart, converter, type DataConverter, enumPart, P, structPart } from './converter.js';

/** Account payment_mode. */
export const PaymentMode = { credit_mode: 1, prepayment_mode: 2 } as const;
export type PaymentMode = (typeof PaymentMode)[keyof typeof PaymentMode];

/** Account account_status. */
export const AccountStatus = { new_inactive_account: 1, account_active: 2, account_closed: 3 } as const;
export type AccountStatus = (typeof AccountStatus)[keyof typeof AccountStatus];

/** account_mode_and_status. */
export interface AccountModeAndStatus {
  readonly paymentMode: PaymentMode;
  readonly accountStatus: AccountStatus;
}

/** Account `account_mode_and_status`; enum values outside the Blue Book's are rejected. */
export const accountModeAndStatusConverter: DataConverter<AccountModeAndStatus> = converter(
  'account_mode_and_status',
  structPart<AccountModeAndStatus>({
    paymentMode: enumPart(Object.values(PaymentMode)),
    accountStatus: enumPart(Object.values(AccountStatus)),
  }),
);

/** Account `available_credit` (and the other double-long money amounts). */
export const availableCreditConverter: DataConverter<number> = converter('available_credit', P.doubleLong);

/** currency: name, scale (amount × 10^scale) and the currency unit enumeration. */
export interface Currency {
  readonly currencyName: string;
  readonly currencyScale: number;
  readonly currencyUnit: number;
}

/** Account `currency`. */
export const currencyConverter: DataConverter<Currency> = converter(
  'currency',
  structPart<Currency>({ currencyName: P.utf8String, currencyScale: P.integer, currencyUnit: P.enum }),
);

/** Credit credit_type. */
export const CreditType = {
  token_credit: 0,
  reserved_credit: 1,
  emergency_credit: 2,
  time_based_credit: 3,
  consumption_based_credit: 4,
} as const;
export type CreditType = (typeof CreditType)[keyof typeof CreditType];

/** Credit credit_status. */
export const CreditStatus = {
  enabled: 0,
  selectable: 1,
  selected_invoked: 2,
  in_use: 3,
  exhausted: 4,
} as const;
export type CreditStatus = (typeof CreditStatus)[keyof typeof CreditStatus];

/** Credit `current_credit_amount` (double-long). */
export const currentCreditAmountConverter: DataConverter<number> = converter(
  'current_credit_amount',
  P.doubleLong,
);

/** Credit `credit_type`; values other than 0-4 are rejected. */
export const creditTypeConverter: DataConverter<CreditType> = converter(
  'credit_type',
  enumPart(Object.values(CreditType)),
);

/** Credit `credit_status`; values other than 0-4 are rejected. */
export const creditStatusConverter: DataConverter<CreditStatus> = converter(
  'credit_status',
  enumPart(Object.values(CreditStatus)),
);

/** Charge charge_type. */
export const ChargeType = {
  consumption_based_collection: 0,
  time_based_collection: 1,
  payment_event_based_collection: 2,
} as const;
export type ChargeType = (typeof ChargeType)[keyof typeof ChargeType];

/** Charge `charge_type`; values other than 0-2 are rejected. */
export const chargeTypeConverter: DataConverter<ChargeType> = converter(
  'charge_type',
  enumPart(Object.values(ChargeType)),
);

/** charge_table_element: the price per unit for one tariff index. */
export interface ChargeTableElement {
  readonly index: Uint8Array;
  readonly chargePerUnit: number;
}

/** unit_charge: prices per unit of the commodity attribute, scaled. */
export interface UnitCharge {
  readonly chargePerUnitScaling: { readonly commodityScale: number; readonly priceScale: number };
  readonly commodity: ValueDefinition;
  readonly chargeTables: readonly ChargeTableElement[];
}

/** Charge `unit_charge_active` / `unit_charge_passive`, and the parameter of `update_unit_charge`. */
export const unitChargeConverter: DataConverter<UnitCharge> = converter(
  'unit_charge',
  structPart<UnitCharge>({
    chargePerUnitScaling: structPart({ commodityScale: P.integer, priceScale: P.integer }),
    commodity: valueDefinitionPart,
    chargeTables: arrayPart(structPart<ChargeTableElement>({ index: P.octetString, chargePerUnit: P.long })),
  }),
);

/** Charge `total_amount_remaining` (double-long). */
export const totalAmountRemainingConverter: DataConverter<number> = converter(
  'total_amount_remaining',
  P.doubleLong,
);
