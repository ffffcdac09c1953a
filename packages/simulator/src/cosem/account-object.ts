/**
 * Account (IEC 62056-6-2 §4.6.2, class_id 111 version 0) at 0.0.19.0.0.255 over a
 * {@link PrepaidAccount}: prepayment mode, always active. current_credit_in_use is the position
 * (from 0) in credit_reference_list; current_credit_status bits are, from bit 0: in_credit,
 * low_credit, next_credit_enabled, next_credit_selectable, next_credit_selected,
 * selectable_credit_in_use, out_of_credit, reserved. low_credit_threshold is read-write;
 * the account methods are not offered.
 */
import {
  AccountStatus,
  accountModeAndStatusConverter,
  availableCreditConverter,
  type CosemServerObject,
  CreditStatus,
  currencyConverter,
  type DlmsData,
  PaymentMode,
} from '@gridmeter/dlms';
import type { PrepaidAccount } from '../meter/prepayment.js';
import { CHARGE_LN } from './charge-object.js';
import { CREDIT_LN } from './credit-object.js';
import {
  dateTimeBytes,
  fromData,
  noSuchAttribute,
  readOnly,
  sharedLogicalName,
  simple,
} from './object-support.js';

/** Logical name of the Account (IEC 62056-6-1). */
export const ACCOUNT_LN = '0.0.19.0.0.255';

const doubleLong = simple('amount', 'double-long');
const ln = (name: string): DlmsData => ({ type: 'octet-string', value: sharedLogicalName(name) });

export interface AccountObjectOptions {
  readonly utcOffsetMinutes?: number;
  /** currency_name (default "EUR"); amounts are in its minor unit, currency_scale −2. */
  readonly currencyName?: string;
  readonly logicalName?: string;
}

/**
 * @example
 * new AccountObject(account, () => clock.now(), { currencyName: 'EUR' });
 */
export class AccountObject implements CosemServerObject {
  readonly classId = 111;
  readonly version = 0;
  readonly logicalName: Uint8Array;
  readonly methodIds: readonly number[] = [];
  readonly #options: AccountObjectOptions;

  constructor(
    readonly account: PrepaidAccount,
    readonly now: () => number,
    options: AccountObjectOptions = {},
  ) {
    this.logicalName = sharedLogicalName(options.logicalName ?? ACCOUNT_LN);
    this.#options = options;
  }

  get(attributeId: number): DlmsData {
    const a = this.account;
    const credits = a.hasEmergencyCredit ? [CREDIT_LN.token, CREDIT_LN.emergency] : [CREDIT_LN.token];
    switch (attributeId) {
      case 2:
        return accountModeAndStatusConverter.toData({
          paymentMode: PaymentMode.prepayment_mode,
          accountStatus: AccountStatus.account_active,
        });
      case 3:
        return {
          type: 'unsigned',
          value: a.tokenCredit > 0 || a.emergencyCreditStatus !== CreditStatus.in_use ? 0 : 1,
        };
      case 4:
        return { type: 'bit-string', value: this.#status() };
      case 5:
        return availableCreditConverter.toData(a.availableCredit);
      case 6:
        return doubleLong.toData(a.debt);
      case 7:
        return doubleLong.toData(0);
      case 8:
        return doubleLong.toData(a.debt + a.emergencyCreditLimit - a.emergencyCreditRemaining);
      case 9:
        return { type: 'array', items: credits.map(ln) };
      case 10:
        return { type: 'array', items: [ln(CHARGE_LN)] };
      case 11:
        return {
          type: 'array',
          items: credits.map((c) => ({
            type: 'structure',
            items: [ln(c), ln(CHARGE_LN), { type: 'bit-string', value: '000' }],
          })),
        };
      case 12:
        return {
          type: 'array',
          items: [{ type: 'structure', items: [ln(CREDIT_LN.token), { type: 'unsigned', value: 100 }] }],
        };
      case 13:
      case 14:
        return { type: 'octet-string', value: dateTimeBytes(undefined, this.#options.utcOffsetMinutes ?? 0) };
      case 15:
        // currency_unit 2: monetary.
        return currencyConverter.toData({
          currencyName: this.#options.currencyName ?? 'EUR',
          currencyScale: -2,
          currencyUnit: 2,
        });
      case 16:
        return doubleLong.toData(a.lowCreditThreshold);
      case 17:
        return doubleLong.toData(0);
      case 18:
        return { type: 'long-unsigned', value: 0 };
      case 19:
        return { type: 'double-long-unsigned', value: 0 };
      default:
        return noSuchAttribute(attributeId);
    }
  }

  set(attributeId: number, value: DlmsData): void {
    if (attributeId === 16) {
      this.account.lowCreditThreshold = fromData(doubleLong, value);
      return;
    }
    if (attributeId >= 2 && attributeId <= 19) readOnly(attributeId);
    noSuchAttribute(attributeId);
  }

  #status(): string {
    const a = this.account;
    const s = a.emergencyCreditStatus;
    const bits = [
      a.availableCredit > 0,
      a.availableCredit < a.lowCreditThreshold,
      a.hasEmergencyCredit && s === CreditStatus.enabled,
      a.hasEmergencyCredit && s === CreditStatus.selectable,
      a.hasEmergencyCredit && s === CreditStatus.selected_invoked,
      a.hasEmergencyCredit && s === CreditStatus.in_use,
      a.availableCredit <= 0,
      false,
    ];
    return bits.map((b) => (b ? '1' : '0')).join('');
  }
}
