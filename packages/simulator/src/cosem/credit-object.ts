/**
 * Credit (IEC 62056-6-2 §4.6.3, class_id 112 version 0) over a {@link PrepaidAccount}: the token
 * credit at 0.0.19.10.0.255 and the emergency credit at 0.0.19.10.1.255. A top-up is method 1
 * `update_amount` (double-long, minor units) on the token credit; method 3 `invoke_credit` on the
 * emergency credit is the customer selecting it. Other attributes are read-only.
 */
import {
  ActionResult,
  type CosemServerObject,
  CreditStatus,
  CreditType,
  creditStatusConverter,
  creditTypeConverter,
  DataAccessError,
  type DlmsData,
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

/** Logical names of the token and emergency Credit objects (IEC 62056-6-1 0.0.19.10.e.255). */
export const CREDIT_LN = { token: '0.0.19.10.0.255', emergency: '0.0.19.10.1.255' } as const;

const amount = simple('amount', 'double-long');

/**
 * @example
 * new CreditObject(account, 'token', () => clock.now());
 */
export class CreditObject implements CosemServerObject {
  readonly classId = 112;
  readonly version = 0;
  readonly logicalName: Uint8Array;
  readonly methodIds = [1, 3];

  constructor(
    readonly account: PrepaidAccount,
    readonly credit: 'token' | 'emergency',
    readonly now: () => number,
    name: string = CREDIT_LN[credit],
  ) {
    this.logicalName = sharedLogicalName(name);
  }

  get(attributeId: number): DlmsData {
    const a = this.account;
    const token = this.credit === 'token';
    switch (attributeId) {
      case 2:
        return amount.toData(token ? a.tokenCredit : a.emergencyCreditRemaining);
      case 3:
        return creditTypeConverter.toData(token ? CreditType.token_credit : CreditType.emergency_credit);
      case 4:
        return { type: 'unsigned', value: token ? 1 : 2 };
      case 5:
        return amount.toData(token ? a.lowCreditThreshold : 0);
      case 6:
        return amount.toData(token ? 0 : a.emergencyCreditLimit);
      case 7:
        // credit_configuration bits: visual indication, confirmation for selection, pay back, resettable, tokens.
        return { type: 'bit-string', value: token ? '00001' : '01100' };
      case 8:
        return creditStatusConverter.toData(
          token
            ? a.tokenCredit > 0
              ? CreditStatus.in_use
              : CreditStatus.exhausted
            : a.emergencyCreditStatus,
        );
      case 9:
        return amount.toData(token ? 0 : a.emergencyCreditLimit);
      case 10:
        return amount.toData(token ? 0 : a.lowCreditThreshold);
      case 11:
        return { type: 'octet-string', value: dateTimeBytes(undefined, 0) };
      default:
        return noSuchAttribute(attributeId);
    }
  }

  set(attributeId: number): void {
    if (attributeId >= 2 && attributeId <= 11) readOnly(attributeId);
    noSuchAttribute(attributeId);
  }

  action(methodId: number, parameters: DlmsData | undefined): undefined {
    if (methodId === 1 && this.credit === 'token') {
      const value = fromData(amount, parameters);
      if (value <= 0)
        throw new DataAccessError(ActionResult.otherReason, `update_amount ${value} must be positive`);
      this.account.topUp(this.now(), value);
      return undefined;
    }
    if (methodId === 3 && this.credit === 'emergency') {
      noParameter(parameters);
      if (!this.account.invokeEmergencyCredit(this.now())) {
        throw new DataAccessError(ActionResult.otherReason, 'the emergency credit is not selectable');
      }
      return undefined;
    }
    if (methodId === 1 || methodId === 3) {
      throw new DataAccessError(
        ActionResult.readWriteDenied,
        `method ${methodId} is not for the ${this.credit} credit`,
      );
    }
    return noSuchMethod(methodId);
  }
}
