import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DlmsData } from '../axdr/types.js';
import { objectListConverter, userListConverter } from './association.js';
import {
  dayProfileTableConverter,
  seasonProfileConverter,
  specialDaysEntriesConverter,
  weekProfileTableConverter,
} from './calendar.js';
import { attributeOf, type CosemType, type InterfaceClassName, methodOf } from './catalogue.js';
import {
  captureObjectDefinitionConverter,
  captureObjectsConverter,
  clockTimeConverter,
  monitoredValueConverter,
  registerMonitorActionsConverter,
  scalerUnitConverter,
} from './common.js';
import type { DataConverter } from './converter.js';
import { CosemTypeError } from './errors.js';
import {
  imageBlockTransferConverter,
  imageToActivateInfoConverter,
  imageTransferInitiateConverter,
  imageTransferStatusConverter,
} from './image-transfer.js';
import {
  emergencyProfileConverter,
  emergencyProfileGroupIdListConverter,
  limiterActionsConverter,
  thresholdConverter,
} from './limiter.js';
import {
  accountModeAndStatusConverter,
  creditStatusConverter,
  currencyConverter,
  currentCreditAmountConverter,
  unitChargeConverter,
} from './payment.js';
import {
  communicationWindowConverter,
  confirmationParametersConverter,
  pushObjectListConverter,
  repetitionDelayConverter,
  sendDestinationAndMethodConverter,
} from './push-setup.js';
import { keyTransferConverter, securityPolicyConverter, securitySuiteConverter } from './security-setup.js';

// ---- arbitraries, one per A-XDR type ----
const integer = fc.integer({ min: -128, max: 127 });
const long = fc.integer({ min: -32768, max: 32767 });
const unsigned = fc.integer({ min: 0, max: 255 });
const longUnsigned = fc.integer({ min: 0, max: 0xffff });
const doubleLong = fc.integer({ min: -0x80000000, max: 0x7fffffff });
const doubleLongUnsigned = fc.integer({ min: 0, max: 0xffffffff });
const octets = fc.uint8Array({ maxLength: 24 });
const ln = fc.uint8Array({ minLength: 6, maxLength: 6 });
const bytes = (n: number) => fc.uint8Array({ minLength: n, maxLength: n });
const list = <T>(a: fc.Arbitrary<T>) => fc.array(a, { maxLength: 5 });
const captureObject = fc.record({
  classId: longUnsigned,
  logicalName: ln,
  attributeIndex: integer,
  dataIndex: longUnsigned,
});
const valueDefinition = fc.record({ classId: longUnsigned, logicalName: ln, attributeIndex: integer });
const actionItem = fc.record({ scriptLogicalName: ln, scriptSelector: longUnsigned });

/** True when `data` has the shape of the catalogue's type description (checked independently of the converters). */
function conforms(data: DlmsData, type: CosemType): boolean {
  switch (type.kind) {
    case 'simple':
      return (
        data.type === type.type &&
        (type.size === undefined || (data.type === 'octet-string' && data.value.length === type.size))
      );
    case 'structure':
      return (
        data.type === 'structure' &&
        data.items.length === type.fields.length &&
        data.items.every((d, i) => conforms(d, (type.fields[i] as { type: CosemType }).type))
      );
    case 'array':
      return data.type === 'array' && data.items.every((d) => conforms(d, type.element));
    case 'choice':
      return type.of === undefined || type.of.includes(data.type);
  }
}

interface Case<T> {
  readonly converter: DataConverter<T>;
  readonly arbitrary: fc.Arbitrary<T>;
  /** Where the catalogue describes the value: [class, attribute name] or [class, 'method:name']. */
  readonly described: readonly [InterfaceClassName, string];
}
const c = <T>(
  converter: DataConverter<T>,
  arbitrary: fc.Arbitrary<T>,
  described: [InterfaceClassName, string],
): Case<T> => ({
  converter,
  arbitrary,
  described,
});

const CASES: readonly Case<never>[] = [
  c(scalerUnitConverter, fc.record({ scaler: integer, unit: unsigned }), ['Register', 'scaler_unit']),
  c(captureObjectDefinitionConverter, captureObject, ['ProfileGeneric', 'sort_object']),
  c(captureObjectsConverter, list(captureObject), ['ProfileGeneric', 'capture_objects']),
  c(clockTimeConverter, bytes(12), ['Clock', 'time']),
  c(monitoredValueConverter, valueDefinition, ['RegisterMonitor', 'monitored_value']),
  c(registerMonitorActionsConverter, list(fc.record({ actionUp: actionItem, actionDown: actionItem })), [
    'RegisterMonitor',
    'actions',
  ]),
  c(
    objectListConverter,
    list(
      fc.record({
        classId: longUnsigned,
        version: unsigned,
        logicalName: ln,
        accessRights: fc.record({
          attributeAccess: list(
            fc.record({
              attributeId: integer,
              accessMode: unsigned,
              accessSelectors: fc.option(list(integer), { nil: null }),
            }),
          ),
          methodAccess: list(fc.record({ methodId: integer, accessMode: unsigned })),
        }),
      }),
    ),
    ['AssociationLn', 'object_list'],
  ),
  c(
    userListConverter,
    list(fc.record({ userId: unsigned, userName: fc.string({ unit: fc.constantFrom(...'abcXYZ 019-') }) })),
    ['AssociationLn', 'user_list'],
  ),
  c(
    seasonProfileConverter,
    list(fc.record({ seasonProfileName: octets, seasonStart: bytes(12), weekName: octets })),
    ['ActivityCalendar', 'season_profile_active'],
  ),
  c(
    weekProfileTableConverter,
    list(
      fc.record({
        weekProfileName: octets,
        monday: unsigned,
        tuesday: unsigned,
        wednesday: unsigned,
        thursday: unsigned,
        friday: unsigned,
        saturday: unsigned,
        sunday: unsigned,
      }),
    ),
    ['ActivityCalendar', 'week_profile_table_passive'],
  ),
  c(
    dayProfileTableConverter,
    list(
      fc.record({
        dayId: unsigned,
        daySchedule: list(
          fc.record({ startTime: bytes(4), scriptLogicalName: ln, scriptSelector: longUnsigned }),
        ),
      }),
    ),
    ['ActivityCalendar', 'day_profile_table_active'],
  ),
  c(
    specialDaysEntriesConverter,
    list(fc.record({ index: longUnsigned, specialdayDate: bytes(5), dayId: unsigned })),
    ['SpecialDaysTable', 'entries'],
  ),
  c(imageTransferStatusConverter, fc.integer({ min: 0, max: 7 }), ['ImageTransfer', 'image_transfer_status']),
  c(
    imageToActivateInfoConverter,
    list(
      fc.record({
        imageToActivateSize: doubleLongUnsigned,
        imageToActivateIdentification: octets,
        imageToActivateSignature: octets,
      }),
    ),
    ['ImageTransfer', 'image_to_activate_info'],
  ),
  c(imageTransferInitiateConverter, fc.record({ imageIdentifier: octets, imageSize: doubleLongUnsigned }), [
    'ImageTransfer',
    'method:image_transfer_initiate',
  ]),
  c(
    imageBlockTransferConverter,
    fc.record({ imageBlockNumber: doubleLongUnsigned, imageBlockValue: octets }),
    ['ImageTransfer', 'method:image_block_transfer'],
  ),
  c(pushObjectListConverter, list(captureObject), ['PushSetup', 'push_object_list']),
  c(
    sendDestinationAndMethodConverter,
    fc.record({ transportService: unsigned, destination: octets, message: unsigned }),
    ['PushSetup', 'send_destination_and_method'],
  ),
  c(communicationWindowConverter, list(fc.record({ startTime: bytes(12), endTime: bytes(12) })), [
    'PushSetup',
    'communication_window',
  ]),
  c(
    repetitionDelayConverter,
    fc.record({
      repetitionDelayMin: longUnsigned,
      repetitionDelayExponent: longUnsigned,
      repetitionDelayMax: longUnsigned,
    }),
    ['PushSetup', 'repetition_delay'],
  ),
  c(
    confirmationParametersConverter,
    fc.record({ confirmationStartDate: bytes(12), confirmationIntervalSeconds: doubleLongUnsigned }),
    ['PushSetup', 'confirmation_parameters'],
  ),
  c(securityPolicyConverter, unsigned, ['SecuritySetup', 'security_policy']),
  c(securitySuiteConverter, fc.constantFrom(0, 1, 2), ['SecuritySetup', 'security_suite']),
  c(keyTransferConverter, list(fc.record({ keyId: fc.constantFrom(0, 1, 2, 3), keyWrapped: bytes(24) })), [
    'SecuritySetup',
    'method:key_transfer',
  ]),
  c(
    thresholdConverter,
    fc.oneof(
      longUnsigned.map((value): DlmsData => ({ type: 'long-unsigned', value })),
      doubleLong.map((value): DlmsData => ({ type: 'double-long', value })),
      fc
        .bigInt({ min: 0n, max: 2n ** 64n - 1n })
        .map((value): DlmsData => ({ type: 'long64-unsigned', value })),
    ) as fc.Arbitrary<never>,
    ['Limiter', 'threshold_normal'],
  ),
  c(
    emergencyProfileConverter,
    fc.record({
      emergencyProfileId: longUnsigned,
      emergencyActivationTime: bytes(12),
      emergencyDurationSeconds: doubleLongUnsigned,
    }),
    ['Limiter', 'emergency_profile'],
  ),
  c(emergencyProfileGroupIdListConverter, list(longUnsigned), ['Limiter', 'emergency_profile_group_id_list']),
  c(
    limiterActionsConverter,
    fc.record({ actionOverThreshold: actionItem, actionUnderThreshold: actionItem }),
    ['Limiter', 'actions'],
  ),
  c(
    accountModeAndStatusConverter,
    fc.record({ paymentMode: fc.constantFrom(1, 2), accountStatus: fc.constantFrom(1, 2, 3) }),
    ['Account', 'account_mode_and_status'],
  ),
  c(
    currencyConverter,
    fc.record({ currencyName: fc.string(), currencyScale: integer, currencyUnit: unsigned }),
    ['Account', 'currency'],
  ),
  c(currentCreditAmountConverter, doubleLong, ['Credit', 'current_credit_amount']),
  c(creditStatusConverter, fc.integer({ min: 0, max: 4 }), ['Credit', 'credit_status']),
  c(
    unitChargeConverter,
    fc.record({
      chargePerUnitScaling: fc.record({ commodityScale: integer, priceScale: integer }),
      commodity: valueDefinition,
      chargeTables: list(fc.record({ index: octets, chargePerUnit: long })),
    }),
    ['Charge', 'unit_charge_active'],
  ),
] as readonly Case<unknown>[] as readonly Case<never>[];

function describedType([cls, name]: readonly [InterfaceClassName, string]): CosemType {
  const type = name.startsWith('method:')
    ? methodOf(cls, name.slice(7))?.parameter
    : attributeOf(cls, name)?.type;
  if (type === undefined) throw new Error(`catalogue has no ${cls}.${name}`);
  return type;
}

describe('attribute converters', () => {
  it.each(CASES.map((k) => [k.converter.attribute, k] as const))(
    '%s: fromData(toData(x)) = x, and toData matches the catalogue type',
    (_, k) => {
      const type = describedType(k.described);
      fc.assert(
        fc.property(k.arbitrary, (value) => {
          const data = k.converter.toData(value);
          expect(conforms(data, type)).toBe(true);
          expect(k.converter.fromData(data)).toEqual(value);
        }),
        { numRuns: 60 },
      );
    },
  );

  it.each(CASES.map((k) => [k.converter.attribute, k] as const))(
    '%s: any Data of another shape gives a CosemTypeError naming the attribute',
    (_, k) => {
      const type = describedType(k.described);
      const anyData = fc.oneof(
        fc.constant<DlmsData>({ type: 'null-data' }),
        integer.map((value): DlmsData => ({ type: 'integer', value })),
        fc.boolean().map((value): DlmsData => ({ type: 'boolean', value })),
        octets.map((value): DlmsData => ({ type: 'octet-string', value })),
        fc.constant<DlmsData>({ type: 'structure', items: [{ type: 'unsigned', value: 1 }] }),
        fc.constant<DlmsData>({ type: 'array', items: [{ type: 'visible-string', value: 'x' }] }),
      );
      fc.assert(
        fc.property(anyData, (data) => {
          fc.pre(!conforms(data, type));
          try {
            k.converter.fromData(data);
            expect.unreachable('accepted a wrong shape');
          } catch (e) {
            expect(e).toBeInstanceOf(CosemTypeError);
            expect((e as CosemTypeError).name).toBe('CosemTypeError');
            expect((e as CosemTypeError).attribute).toBe(k.converter.attribute);
          }
        }),
        { numRuns: 40 },
      );
    },
  );
});

describe('converter details', () => {
  it('decodes the scaler_unit of an energy register (Wh × 10^-3)', () => {
    const data: DlmsData = {
      type: 'structure',
      items: [
        { type: 'integer', value: -3 },
        { type: 'enum', value: 30 },
      ],
    };
    expect(scalerUnitConverter.fromData(data)).toEqual({ scaler: -3, unit: 30 });
  });

  it('reports where inside the value the shape is wrong', () => {
    const entry = (attributeAccess: DlmsData): DlmsData => ({
      type: 'structure',
      items: [
        { type: 'long-unsigned', value: 8 },
        { type: 'unsigned', value: 0 },
        { type: 'octet-string', value: Uint8Array.of(0, 0, 1, 0, 0, 255) },
        { type: 'structure', items: [attributeAccess, { type: 'array', items: [] }] },
      ],
    });
    const goodItem: DlmsData = {
      type: 'structure',
      items: [{ type: 'integer', value: 1 }, { type: 'enum', value: 1 }, { type: 'null-data' }],
    };
    const badItem: DlmsData = {
      type: 'structure',
      items: [{ type: 'integer', value: 2 }, { type: 'unsigned', value: 1 }, { type: 'null-data' }],
    };
    const list: DlmsData = {
      type: 'array',
      items: [
        entry({ type: 'array', items: [goodItem] }),
        entry({ type: 'array', items: [goodItem, badItem] }),
      ],
    };
    try {
      objectListConverter.fromData(list);
      expect.unreachable();
    } catch (e) {
      const err = e as CosemTypeError;
      expect(err.path).toBe('[1].accessRights.attributeAccess[1].accessMode');
      expect(err.expected).toBe('enum');
      expect(err.actual).toBe('unsigned');
      expect(err.message).toBe(
        'Cannot convert object_list[1].accessRights.attributeAccess[1].accessMode: expected enum, got unsigned',
      );
    }
  });

  it('rejects a logical name or date-time of the wrong size', () => {
    const withLn = (n: number): DlmsData => ({
      type: 'structure',
      items: [
        { type: 'long-unsigned', value: 3 },
        { type: 'octet-string', value: new Uint8Array(n) },
        { type: 'integer', value: 2 },
        { type: 'long-unsigned', value: 0 },
      ],
    });
    expect(() => captureObjectDefinitionConverter.fromData(withLn(5))).toThrow(/octet-string of 6 bytes/);
    expect(() => clockTimeConverter.fromData({ type: 'octet-string', value: new Uint8Array(36) })).toThrow(
      CosemTypeError,
    );
    expect(() => clockTimeConverter.toData(new Uint8Array(11))).toThrow(RangeError);
  });

  it('rejects values outside their A-XDR range on the way out', () => {
    expect(() => scalerUnitConverter.toData({ scaler: 128, unit: 30 })).toThrow(RangeError);
    expect(() => currentCreditAmountConverter.toData(2 ** 31)).toThrow(RangeError);
    expect(() => imageTransferStatusConverter.toData(8 as never)).toThrow(RangeError);
  });

  it('accepts a compact-array where an array is expected', () => {
    const data: DlmsData = {
      type: 'compact-array',
      description: { type: 'simple', tag: 18 },
      items: [
        { type: 'long-unsigned', value: 1 },
        { type: 'long-unsigned', value: 2 },
      ],
    };
    expect(emergencyProfileGroupIdListConverter.fromData(data)).toEqual([1, 2]);
  });
});
