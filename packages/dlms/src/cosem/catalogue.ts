/**
 * The COSEM interface classes Gridmeter speaks (IEC 62056-6-2, DLMS UA 1000-1 "Blue Book"), as
 * data: class_id, version, attributes and methods with their types, spelled as the standard
 * spells them. Clause numbers follow IEC 62056-6-2:2017 (Blue Book edition 12); later editions
 * renumber some clauses but keep the class definitions used here.
 */
import type { DlmsDataType } from '../axdr/types.js';

/**
 * The type of an attribute or method parameter (IEC 62056-6-2 §4.1.5). `simple` is one `Data`
 * CHOICE; `size` fixes an octet-string's length and `meaning` says what the bytes hold.
 * A method parameter fixed by the standard (`data ::= integer (0)`) has `value`.
 */
export type CosemType =
  | {
      readonly kind: 'simple';
      readonly type: DlmsDataType;
      readonly size?: number;
      readonly meaning?: 'logical-name' | 'date-time' | 'date' | 'time';
      readonly value?: number;
    }
  | { readonly kind: 'structure'; readonly name: string; readonly fields: readonly CosemField[] }
  | { readonly kind: 'array'; readonly element: CosemType }
  /** A CHOICE decided by the instantiation (e.g. Data.value, a threshold); `of` lists the allowed types when the standard restricts them. */
  | { readonly kind: 'choice'; readonly name: string; readonly of?: readonly DlmsDataType[] };

/** One named element of a structure type. */
export interface CosemField {
  readonly name: string;
  readonly type: CosemType;
}

/** One attribute of an interface class. `static` values change only when configured; `dynamic` ones by the process. */
export interface AttributeDefinition {
  readonly index: number;
  readonly name: string;
  readonly type: CosemType;
  readonly kind: 'static' | 'dynamic';
  /** First class version that has this attribute, when not the first version modelled. */
  readonly since?: number;
  /** The attribute's type in versions before `beforeVersion`, when it changed. */
  readonly earlierType?: { readonly beforeVersion: number; readonly type: CosemType };
}

/** One method of an interface class and the type of its `data` parameter. */
export interface MethodDefinition {
  readonly index: number;
  readonly name: string;
  readonly parameter: CosemType;
  /** First class version that has this method, when not the first version modelled. */
  readonly since?: number;
}

/** The interface class names, as the Blue Book spells them. */
export type InterfaceClassName =
  | 'Data'
  | 'Register'
  | 'ExtendedRegister'
  | 'DemandRegister'
  | 'ProfileGeneric'
  | 'Clock'
  | 'ScriptTable'
  | 'SpecialDaysTable'
  | 'AssociationLn'
  | 'ImageTransfer'
  | 'ActivityCalendar'
  | 'RegisterMonitor'
  | 'SingleActionSchedule'
  | 'PushSetup'
  | 'SecuritySetup'
  | 'DisconnectControl'
  | 'Limiter'
  | 'Account'
  | 'Credit'
  | 'Charge';

/** One interface class at one version. */
export interface InterfaceClassDefinition {
  readonly classId: number;
  readonly version: number;
  readonly name: InterfaceClassName;
  /** The clause of IEC 62056-6-2:2017 that defines the class. */
  readonly clause: string;
  /** Every version this catalogue can describe (the derived views drop later attributes/methods). */
  readonly versions: readonly number[];
  readonly attributes: readonly AttributeDefinition[];
  readonly methods: readonly MethodDefinition[];
}

/** class_id of every class in the catalogue (IEC 62056-6-2 §4.2 list of interface classes). */
export const ClassId = {
  Data: 1,
  Register: 3,
  ExtendedRegister: 4,
  DemandRegister: 5,
  ProfileGeneric: 7,
  Clock: 8,
  ScriptTable: 9,
  SpecialDaysTable: 11,
  AssociationLn: 15,
  ImageTransfer: 18,
  ActivityCalendar: 20,
  RegisterMonitor: 21,
  SingleActionSchedule: 22,
  PushSetup: 40,
  SecuritySetup: 64,
  DisconnectControl: 70,
  Limiter: 71,
  Account: 111,
  Credit: 112,
  Charge: 113,
} as const satisfies Record<InterfaceClassName, number>;
export type ClassId = (typeof ClassId)[keyof typeof ClassId];

// ---- type vocabulary (IEC 62056-6-2 §4.1.5, §4.1.6) ----

const simple = (type: DlmsDataType): CosemType => ({ kind: 'simple', type });
const T = {
  integer: simple('integer'),
  long: simple('long'),
  unsigned: simple('unsigned'),
  longUnsigned: simple('long-unsigned'),
  doubleLong: simple('double-long'),
  doubleLongUnsigned: simple('double-long-unsigned'),
  enum: simple('enum'),
  boolean: simple('boolean'),
  bitString: simple('bit-string'),
  octetString: simple('octet-string'),
  visibleString: simple('visible-string'),
  utf8String: simple('utf8-string'),
  logicalName: { kind: 'simple', type: 'octet-string', size: 6, meaning: 'logical-name' },
  /** date-time as octet-string (12) (§4.1.6.1). */
  dateTime: { kind: 'simple', type: 'octet-string', size: 12, meaning: 'date-time' },
  /** date as octet-string (5) (§4.1.6.1). */
  date: { kind: 'simple', type: 'octet-string', size: 5, meaning: 'date' },
  /** time as octet-string (4) (§4.1.6.1). */
  time: { kind: 'simple', type: 'octet-string', size: 4, meaning: 'time' },
  /** `data ::= integer (0)`: the parameter of methods that take none. */
  zero: { kind: 'simple', type: 'integer', value: 0 },
} as const satisfies Record<string, CosemType>;

const struct = (name: string, ...fields: [string, CosemType][]): CosemType => ({
  kind: 'structure',
  name,
  fields: fields.map(([n, type]) => ({ name: n, type })),
});
const arrayOf = (element: CosemType): CosemType => ({ kind: 'array', element });
const choice = (name: string, of?: readonly DlmsDataType[]): CosemType =>
  of === undefined ? { kind: 'choice', name } : { kind: 'choice', name, of };

const attr = (
  index: number,
  name: string,
  type: CosemType,
  kind: 'static' | 'dynamic',
  extra: Pick<AttributeDefinition, 'since' | 'earlierType'> = {},
): AttributeDefinition => ({ index, name, type, kind, ...extra });
const method = (index: number, name: string, parameter: CosemType, since?: number): MethodDefinition =>
  since === undefined ? { index, name, parameter } : { index, name, parameter, since };
const logicalNameAttr = attr(1, 'logical_name', T.logicalName, 'static');

// ---- shared structure types ----

/** scal_unit_type (§4.3.2). */
export const ScalerUnitType = struct('scal_unit_type', ['scaler', T.integer], ['unit', T.enum]);
/** capture_object_definition (§4.3.6), also push_object_list's element (§4.4.7). */
export const CaptureObjectDefinitionType = struct(
  'capture_object_definition',
  ['class_id', T.longUnsigned],
  ['logical_name', T.logicalName],
  ['attribute_index', T.integer],
  ['data_index', T.longUnsigned],
);
/** value_definition (§4.5.6, §4.5.9). */
const ValueDefinitionType = struct(
  'value_definition',
  ['class_id', T.longUnsigned],
  ['logical_name', T.logicalName],
  ['attribute_index', T.integer],
);
/** action_item / script (§4.5.6, §4.5.7): a Script table and the script to run. */
const ActionItemType = struct(
  'action_item',
  ['script_logical_name', T.logicalName],
  ['script_selector', T.longUnsigned],
);
/** Thresholds and monitored values: a simple numeric CHOICE. */
const NUMERIC: readonly DlmsDataType[] = [
  'integer',
  'long',
  'unsigned',
  'long-unsigned',
  'double-long',
  'double-long-unsigned',
  'long64',
  'long64-unsigned',
  'float32',
  'float64',
];
const ObjectListElementType = struct(
  'object_list_element',
  ['class_id', T.longUnsigned],
  ['version', T.unsigned],
  ['logical_name', T.logicalName],
  [
    'access_rights',
    struct(
      'access_right',
      [
        'attribute_access',
        arrayOf(
          struct(
            'attribute_access_item',
            ['attribute_id', T.integer],
            ['access_mode', T.enum],
            ['access_selectors', choice('access_selectors', ['null-data', 'array'])],
          ),
        ),
      ],
      [
        'method_access',
        arrayOf(struct('method_access_item', ['method_id', T.integer], ['access_mode', T.enum])),
      ],
    ),
  ],
);
const UserListEntryType = struct('user_list_entry', ['user_id', T.unsigned], ['user_name', T.visibleString]);
const SeasonType = struct(
  'season',
  ['season_profile_name', T.octetString],
  ['season_start', T.dateTime],
  ['week_name', T.octetString],
);
const WeekProfileType = struct(
  'week_profile',
  ['week_profile_name', T.octetString],
  ['monday', T.unsigned],
  ['tuesday', T.unsigned],
  ['wednesday', T.unsigned],
  ['thursday', T.unsigned],
  ['friday', T.unsigned],
  ['saturday', T.unsigned],
  ['sunday', T.unsigned],
);
const DayProfileType = struct(
  'day_profile',
  ['day_id', T.unsigned],
  [
    'day_schedule',
    arrayOf(
      struct(
        'day_profile_action',
        ['start_time', T.time],
        ['script_logical_name', T.logicalName],
        ['script_selector', T.longUnsigned],
      ),
    ),
  ],
);
const SpecDayEntryType = struct(
  'spec_day_entry',
  ['index', T.longUnsigned],
  ['specialday_date', T.date],
  ['day_id', T.unsigned],
);
const CertificateIdentificationType = struct(
  'certificate_identification',
  ['certificate_identification_type', T.enum],
  ['certificate_identification_options', choice('certificate_identification_options', ['structure'])],
);
const UnitChargeType = struct(
  'unit_charge',
  [
    'charge_per_unit_scaling',
    struct('charge_per_unit_scaling', ['commodity_scale', T.integer], ['price_scale', T.integer]),
  ],
  ['commodity', ValueDefinitionType],
  [
    'charge_tables',
    arrayOf(struct('charge_table_element', ['index', T.octetString], ['charge_per_unit', T.long])),
  ],
);

// ---- the classes ----

const CLASSES: readonly InterfaceClassDefinition[] = [
  // §4.3.1 Data (class_id 1, version 0)
  {
    classId: 1,
    version: 0,
    name: 'Data',
    clause: '4.3.1',
    versions: [0],
    attributes: [logicalNameAttr, attr(2, 'value', choice('value'), 'dynamic')],
    methods: [],
  },
  // §4.3.2 Register (class_id 3, version 0)
  {
    classId: 3,
    version: 0,
    name: 'Register',
    clause: '4.3.2',
    versions: [0],
    attributes: [
      logicalNameAttr,
      attr(2, 'value', choice('value'), 'dynamic'),
      attr(3, 'scaler_unit', ScalerUnitType, 'static'),
    ],
    methods: [method(1, 'reset', T.zero)],
  },
  // §4.3.3 Extended register (class_id 4, version 0)
  {
    classId: 4,
    version: 0,
    name: 'ExtendedRegister',
    clause: '4.3.3',
    versions: [0],
    attributes: [
      logicalNameAttr,
      attr(2, 'value', choice('value'), 'dynamic'),
      attr(3, 'scaler_unit', ScalerUnitType, 'static'),
      attr(4, 'status', choice('status'), 'dynamic'),
      attr(5, 'capture_time', T.dateTime, 'dynamic'),
    ],
    methods: [method(1, 'reset', T.zero)],
  },
  // §4.3.4 Demand register (class_id 5, version 0)
  {
    classId: 5,
    version: 0,
    name: 'DemandRegister',
    clause: '4.3.4',
    versions: [0],
    attributes: [
      logicalNameAttr,
      attr(2, 'current_average_value', choice('current_average_value'), 'dynamic'),
      attr(3, 'last_average_value', choice('last_average_value'), 'dynamic'),
      attr(4, 'scaler_unit', ScalerUnitType, 'static'),
      attr(5, 'status', choice('status'), 'dynamic'),
      attr(6, 'capture_time', T.dateTime, 'dynamic'),
      attr(7, 'start_time_current', T.dateTime, 'dynamic'),
      attr(8, 'period', T.doubleLongUnsigned, 'static'),
      attr(9, 'number_of_periods', T.longUnsigned, 'static'),
    ],
    methods: [method(1, 'reset', T.zero), method(2, 'next_period', T.zero)],
  },
  // §4.3.6 Profile generic (class_id 7, version 1)
  {
    classId: 7,
    version: 1,
    name: 'ProfileGeneric',
    clause: '4.3.6',
    versions: [1],
    attributes: [
      logicalNameAttr,
      attr(2, 'buffer', arrayOf(choice('entry', ['structure'])), 'dynamic'),
      attr(3, 'capture_objects', arrayOf(CaptureObjectDefinitionType), 'static'),
      attr(4, 'capture_period', T.doubleLongUnsigned, 'static'),
      attr(5, 'sort_method', T.enum, 'static'),
      attr(6, 'sort_object', CaptureObjectDefinitionType, 'static'),
      attr(7, 'entries_in_use', T.doubleLongUnsigned, 'dynamic'),
      attr(8, 'profile_entries', T.doubleLongUnsigned, 'static'),
    ],
    methods: [method(1, 'reset', T.zero), method(2, 'capture', T.zero)],
  },
  // §4.5.1 Clock (class_id 8, version 0)
  {
    classId: 8,
    version: 0,
    name: 'Clock',
    clause: '4.5.1',
    versions: [0],
    attributes: [
      logicalNameAttr,
      attr(2, 'time', T.dateTime, 'dynamic'),
      attr(3, 'time_zone', T.long, 'static'),
      attr(4, 'status', T.unsigned, 'dynamic'),
      attr(5, 'daylight_savings_begin', T.dateTime, 'static'),
      attr(6, 'daylight_savings_end', T.dateTime, 'static'),
      attr(7, 'daylight_savings_deviation', T.integer, 'static'),
      attr(8, 'daylight_savings_enabled', T.boolean, 'static'),
      attr(9, 'clock_base', T.enum, 'static'),
    ],
    methods: [
      method(1, 'adjust_to_quarter', T.zero),
      method(2, 'adjust_to_measuring_period', T.zero),
      method(3, 'adjust_to_minute', T.zero),
      method(4, 'adjust_to_preset_time', T.zero),
      method(
        5,
        'preset_adjusting_time',
        struct(
          'preset_adjusting_time',
          ['preset_time', T.dateTime],
          ['validity_interval_start', T.dateTime],
          ['validity_interval_end', T.dateTime],
        ),
      ),
      method(6, 'shift_time', T.long),
    ],
  },
  // §4.5.2 Script table (class_id 9, version 0)
  {
    classId: 9,
    version: 0,
    name: 'ScriptTable',
    clause: '4.5.2',
    versions: [0],
    attributes: [
      logicalNameAttr,
      attr(
        2,
        'scripts',
        arrayOf(
          struct(
            'script',
            ['script_identifier', T.longUnsigned],
            [
              'actions',
              arrayOf(
                struct(
                  'action_specification',
                  ['service_id', T.enum],
                  ['class_id', T.longUnsigned],
                  ['logical_name', T.logicalName],
                  ['index', T.integer],
                  ['parameter', choice('parameter')],
                ),
              ),
            ],
          ),
        ),
        'static',
      ),
    ],
    methods: [method(1, 'execute', T.longUnsigned)],
  },
  // §4.5.4 Special days table (class_id 11, version 0)
  {
    classId: 11,
    version: 0,
    name: 'SpecialDaysTable',
    clause: '4.5.4',
    versions: [0],
    attributes: [logicalNameAttr, attr(2, 'entries', arrayOf(SpecDayEntryType), 'static')],
    methods: [method(1, 'insert', SpecDayEntryType), method(2, 'delete', T.longUnsigned)],
  },
  // §4.4.3 Association LN (class_id 15, version 2; version 3 keeps these attributes and methods
  // and reads access_mode as a bit map, see AccessModeBit)
  {
    classId: 15,
    version: 2,
    name: 'AssociationLn',
    clause: '4.4.3',
    versions: [1, 2],
    attributes: [
      logicalNameAttr,
      attr(2, 'object_list', arrayOf(ObjectListElementType), 'static'),
      attr(
        3,
        'associated_partners_id',
        struct('associated_partners_type', ['client_SAP', T.integer], ['server_SAP', T.longUnsigned]),
        'static',
      ),
      attr(
        4,
        'application_context_name',
        choice('application_context_name', ['octet-string', 'structure']),
        'static',
      ),
      attr(
        5,
        'xDLMS_context_info',
        struct(
          'xDLMS_context_type',
          ['conformance', T.bitString],
          ['max_receive_pdu_size', T.longUnsigned],
          ['max_send_pdu_size', T.longUnsigned],
          ['dlms_version_number', T.unsigned],
          ['quality_of_service', T.integer],
          ['cyphering_info', T.octetString],
        ),
        'static',
      ),
      attr(
        6,
        'authentication_mechanism_name',
        choice('authentication_mechanism_name', ['octet-string', 'structure']),
        'static',
      ),
      attr(7, 'secret', T.octetString, 'static'),
      attr(8, 'association_status', T.enum, 'dynamic'),
      attr(9, 'security_setup_reference', T.logicalName, 'static'),
      attr(10, 'user_list', arrayOf(UserListEntryType), 'static', { since: 2 }),
      attr(11, 'current_user', UserListEntryType, 'dynamic', { since: 2 }),
    ],
    methods: [
      method(1, 'reply_to_HLS_authentication', T.octetString),
      method(2, 'change_HLS_secret', T.octetString),
      method(3, 'add_object', ObjectListElementType),
      method(4, 'remove_object', ObjectListElementType),
      method(5, 'add_user', UserListEntryType, 2),
      method(6, 'remove_user', UserListEntryType, 2),
    ],
  },
  // §4.4.5 Image transfer (class_id 18, version 0)
  {
    classId: 18,
    version: 0,
    name: 'ImageTransfer',
    clause: '4.4.5',
    versions: [0],
    attributes: [
      logicalNameAttr,
      attr(2, 'image_block_size', T.doubleLongUnsigned, 'static'),
      attr(3, 'image_transferred_blocks_status', T.bitString, 'dynamic'),
      attr(4, 'image_first_not_transferred_block_number', T.doubleLongUnsigned, 'dynamic'),
      attr(5, 'image_transfer_enabled', T.boolean, 'static'),
      attr(6, 'image_transfer_status', T.enum, 'dynamic'),
      attr(
        7,
        'image_to_activate_info',
        arrayOf(
          struct(
            'image_to_activate_info_element',
            ['image_to_activate_size', T.doubleLongUnsigned],
            ['image_to_activate_identification', T.octetString],
            ['image_to_activate_signature', T.octetString],
          ),
        ),
        'dynamic',
      ),
    ],
    methods: [
      method(
        1,
        'image_transfer_initiate',
        struct(
          'image_transfer_initiate',
          ['image_identifier', T.octetString],
          ['image_size', T.doubleLongUnsigned],
        ),
      ),
      method(
        2,
        'image_block_transfer',
        struct(
          'image_block_transfer',
          ['image_block_number', T.doubleLongUnsigned],
          ['image_block_value', T.octetString],
        ),
      ),
      method(3, 'image_verify', T.zero),
      method(4, 'image_activate', T.zero),
    ],
  },
  // §4.5.5 Activity calendar (class_id 20, version 0)
  {
    classId: 20,
    version: 0,
    name: 'ActivityCalendar',
    clause: '4.5.5',
    versions: [0],
    attributes: [
      logicalNameAttr,
      attr(2, 'calendar_name_active', T.octetString, 'static'),
      attr(3, 'season_profile_active', arrayOf(SeasonType), 'static'),
      attr(4, 'week_profile_table_active', arrayOf(WeekProfileType), 'static'),
      attr(5, 'day_profile_table_active', arrayOf(DayProfileType), 'static'),
      attr(6, 'calendar_name_passive', T.octetString, 'static'),
      attr(7, 'season_profile_passive', arrayOf(SeasonType), 'static'),
      attr(8, 'week_profile_table_passive', arrayOf(WeekProfileType), 'static'),
      attr(9, 'day_profile_table_passive', arrayOf(DayProfileType), 'static'),
      attr(10, 'activate_passive_calendar_time', T.dateTime, 'static'),
    ],
    methods: [method(1, 'activate_passive_calendar', T.zero)],
  },
  // §4.5.6 Register monitor (class_id 21, version 0)
  {
    classId: 21,
    version: 0,
    name: 'RegisterMonitor',
    clause: '4.5.6',
    versions: [0],
    attributes: [
      logicalNameAttr,
      attr(2, 'thresholds', arrayOf(choice('threshold', NUMERIC)), 'static'),
      attr(3, 'monitored_value', ValueDefinitionType, 'static'),
      attr(
        4,
        'actions',
        arrayOf(struct('action_set', ['action_up', ActionItemType], ['action_down', ActionItemType])),
        'static',
      ),
    ],
    methods: [],
  },
  // §4.5.7 Single action schedule (class_id 22, version 0)
  {
    classId: 22,
    version: 0,
    name: 'SingleActionSchedule',
    clause: '4.5.7',
    versions: [0],
    attributes: [
      logicalNameAttr,
      attr(2, 'executed_script', ActionItemType, 'static'),
      attr(3, 'type', T.enum, 'static'),
      attr(
        4,
        'execution_time',
        arrayOf(struct('execution_time_date', ['time', T.time], ['date', T.date])),
        'static',
      ),
    ],
    methods: [],
  },
  // §4.4.7 Push setup (class_id 40, version 2; attributes 8-10 since version 1, 11-13 and
  // method reset since version 2)
  {
    classId: 40,
    version: 2,
    name: 'PushSetup',
    clause: '4.4.7',
    versions: [0, 1, 2],
    attributes: [
      logicalNameAttr,
      attr(2, 'push_object_list', arrayOf(CaptureObjectDefinitionType), 'static'),
      attr(
        3,
        'send_destination_and_method',
        struct(
          'send_destination_and_method',
          ['transport_service', T.enum],
          ['destination', T.octetString],
          ['message', T.enum],
        ),
        'static',
      ),
      attr(
        4,
        'communication_window',
        arrayOf(struct('window_element', ['start_time', T.dateTime], ['end_time', T.dateTime])),
        'static',
      ),
      attr(5, 'randomisation_start_interval', T.longUnsigned, 'static'),
      attr(6, 'number_of_retries', T.unsigned, 'static'),
      attr(
        7,
        'repetition_delay',
        struct(
          'repetition_delay',
          ['repetition_delay_min', T.longUnsigned],
          ['repetition_delay_exponent', T.longUnsigned],
          ['repetition_delay_max', T.longUnsigned],
        ),
        'static',
        { earlierType: { beforeVersion: 2, type: T.longUnsigned } },
      ),
      attr(8, 'port_reference', T.logicalName, 'static', { since: 1 }),
      attr(9, 'push_client_SAP', T.integer, 'static', { since: 1 }),
      attr(
        10,
        'push_protection_parameters',
        arrayOf(
          struct(
            'protection_parameters_element',
            ['protection_type', T.enum],
            ['protection_options', choice('protection_options', ['structure'])],
          ),
        ),
        'static',
        { since: 1 },
      ),
      attr(11, 'push_operation_method', T.enum, 'static', { since: 2 }),
      attr(
        12,
        'confirmation_parameters',
        struct(
          'confirmation_parameters',
          ['confirmation_start_date', T.dateTime],
          ['confirmation_interval', T.doubleLongUnsigned],
        ),
        'static',
        { since: 2 },
      ),
      attr(13, 'last_confirmation_date_time', T.dateTime, 'dynamic', { since: 2 }),
    ],
    methods: [method(1, 'push', T.zero), method(2, 'reset', T.zero, 2)],
  },
  // §4.4.6 Security setup (class_id 64, version 1; attribute 6 and methods 3-8 since version 1,
  // method 2 was named global_key_transfer in version 0)
  {
    classId: 64,
    version: 1,
    name: 'SecuritySetup',
    clause: '4.4.6',
    versions: [0, 1],
    attributes: [
      logicalNameAttr,
      attr(2, 'security_policy', T.enum, 'static'),
      attr(3, 'security_suite', T.enum, 'static'),
      attr(4, 'client_system_title', T.octetString, 'dynamic'),
      attr(5, 'server_system_title', T.octetString, 'static'),
      attr(
        6,
        'certificates',
        arrayOf(
          struct(
            'certificate_info',
            ['certificate_entity', T.enum],
            ['certificate_type', T.enum],
            ['serial_number', T.octetString],
            ['issuer', T.octetString],
            ['subject', T.octetString],
            ['subject_alt_name', T.octetString],
          ),
        ),
        'static',
        { since: 1 },
      ),
    ],
    methods: [
      method(1, 'security_activate', T.enum),
      method(
        2,
        'key_transfer',
        arrayOf(struct('key_data', ['key_id', T.enum], ['key_wrapped', T.octetString])),
      ),
      method(
        3,
        'key_agreement',
        arrayOf(struct('key_agreement_data', ['key_id', T.enum], ['key_ciphered_data', T.octetString])),
        1,
      ),
      method(4, 'generate_key_pair', T.enum, 1),
      method(5, 'generate_certificate_request', T.enum, 1),
      method(6, 'import_certificate', T.octetString, 1),
      method(7, 'export_certificate', CertificateIdentificationType, 1),
      method(8, 'remove_certificate', CertificateIdentificationType, 1),
    ],
  },
  // §4.5.8 Disconnect control (class_id 70, version 0)
  {
    classId: 70,
    version: 0,
    name: 'DisconnectControl',
    clause: '4.5.8',
    versions: [0],
    attributes: [
      logicalNameAttr,
      attr(2, 'output_state', T.boolean, 'dynamic'),
      attr(3, 'control_state', T.enum, 'dynamic'),
      attr(4, 'control_mode', T.enum, 'static'),
    ],
    methods: [method(1, 'remote_disconnect', T.zero), method(2, 'remote_reconnect', T.zero)],
  },
  // §4.5.9 Limiter (class_id 71, version 0)
  {
    classId: 71,
    version: 0,
    name: 'Limiter',
    clause: '4.5.9',
    versions: [0],
    attributes: [
      logicalNameAttr,
      attr(2, 'monitored_value', ValueDefinitionType, 'static'),
      attr(3, 'threshold_active', choice('threshold', NUMERIC), 'dynamic'),
      attr(4, 'threshold_normal', choice('threshold', NUMERIC), 'static'),
      attr(5, 'threshold_emergency', choice('threshold', NUMERIC), 'static'),
      attr(6, 'min_over_threshold_duration', T.doubleLongUnsigned, 'static'),
      attr(7, 'min_under_threshold_duration', T.doubleLongUnsigned, 'static'),
      attr(
        8,
        'emergency_profile',
        struct(
          'emergency_profile',
          ['emergency_profile_id', T.longUnsigned],
          ['emergency_activation_time', T.dateTime],
          ['emergency_duration', T.doubleLongUnsigned],
        ),
        'static',
      ),
      attr(9, 'emergency_profile_group_id_list', arrayOf(T.longUnsigned), 'static'),
      attr(10, 'emergency_profile_active', T.boolean, 'dynamic'),
      attr(
        11,
        'actions',
        struct(
          'action',
          ['action_over_threshold', ActionItemType],
          ['action_under_threshold', ActionItemType],
        ),
        'static',
      ),
    ],
    methods: [],
  },
  // §4.6.2 Account (class_id 111, version 0)
  {
    classId: 111,
    version: 0,
    name: 'Account',
    clause: '4.6.2',
    versions: [0],
    attributes: [
      logicalNameAttr,
      attr(
        2,
        'account_mode_and_status',
        struct('account_mode_and_status', ['payment_mode', T.enum], ['account_status', T.enum]),
        'dynamic',
      ),
      attr(3, 'current_credit_in_use', T.unsigned, 'dynamic'),
      attr(4, 'current_credit_status', T.bitString, 'dynamic'),
      attr(5, 'available_credit', T.doubleLong, 'dynamic'),
      attr(6, 'amount_to_clear', T.doubleLong, 'dynamic'),
      attr(7, 'clearance_threshold', T.doubleLong, 'static'),
      attr(8, 'aggregated_debt', T.doubleLong, 'dynamic'),
      attr(9, 'credit_reference_list', arrayOf(T.logicalName), 'static'),
      attr(10, 'charge_reference_list', arrayOf(T.logicalName), 'static'),
      attr(
        11,
        'credit_charge_configuration',
        arrayOf(
          struct(
            'credit_charge_configuration',
            ['credit_reference', T.logicalName],
            ['charge_reference', T.logicalName],
            ['collection_configuration', T.bitString],
          ),
        ),
        'static',
      ),
      attr(
        12,
        'token_gateway_configuration',
        arrayOf(
          struct(
            'token_gateway_configuration',
            ['credit_reference', T.logicalName],
            ['token_proportion', T.unsigned],
          ),
        ),
        'static',
      ),
      attr(13, 'account_activation_time', T.dateTime, 'static'),
      attr(14, 'account_closure_time', T.dateTime, 'static'),
      attr(
        15,
        'currency',
        struct(
          'currency',
          ['currency_name', T.utf8String],
          ['currency_scale', T.integer],
          ['currency_unit', T.enum],
        ),
        'static',
      ),
      attr(16, 'low_credit_threshold', T.doubleLong, 'static'),
      attr(17, 'next_credit_available_threshold', T.doubleLong, 'static'),
      attr(18, 'max_provision', T.longUnsigned, 'static'),
      attr(19, 'max_provision_period', T.doubleLongUnsigned, 'static'),
    ],
    methods: [
      method(1, 'activate_account', T.zero),
      method(2, 'close_account', T.zero),
      method(3, 'reset_account', T.zero),
    ],
  },
  // §4.6.3 Credit (class_id 112, version 0)
  {
    classId: 112,
    version: 0,
    name: 'Credit',
    clause: '4.6.3',
    versions: [0],
    attributes: [
      logicalNameAttr,
      attr(2, 'current_credit_amount', T.doubleLong, 'dynamic'),
      attr(3, 'credit_type', T.enum, 'static'),
      attr(4, 'priority', T.unsigned, 'static'),
      attr(5, 'warning_threshold', T.doubleLong, 'static'),
      attr(6, 'limit', T.doubleLong, 'static'),
      attr(7, 'credit_configuration', T.bitString, 'static'),
      attr(8, 'credit_status', T.enum, 'dynamic'),
      attr(9, 'preset_credit_amount', T.doubleLong, 'static'),
      attr(10, 'credit_available_threshold', T.doubleLong, 'static'),
      attr(11, 'period', T.dateTime, 'static'),
    ],
    methods: [
      method(1, 'update_amount', T.doubleLong),
      method(2, 'set_amount_to_value', T.doubleLong),
      method(3, 'invoke_credit', T.zero),
    ],
  },
  // §4.6.4 Charge (class_id 113, version 0)
  {
    classId: 113,
    version: 0,
    name: 'Charge',
    clause: '4.6.4',
    versions: [0],
    attributes: [
      logicalNameAttr,
      attr(2, 'total_amount_paid', T.doubleLong, 'dynamic'),
      attr(3, 'charge_type', T.enum, 'static'),
      attr(4, 'priority', T.unsigned, 'static'),
      attr(5, 'unit_charge_active', UnitChargeType, 'static'),
      attr(6, 'unit_charge_passive', UnitChargeType, 'static'),
      attr(7, 'unit_charge_activation_time', T.dateTime, 'static'),
      attr(8, 'period', T.doubleLongUnsigned, 'static'),
      attr(9, 'charge_configuration', T.bitString, 'static'),
      attr(10, 'last_collection_time', T.dateTime, 'dynamic'),
      attr(11, 'last_collection_amount', T.doubleLong, 'dynamic'),
      attr(12, 'total_amount_remaining', T.doubleLong, 'dynamic'),
      attr(13, 'proportion', T.longUnsigned, 'static'),
    ],
    methods: [
      method(1, 'update_unit_charge', UnitChargeType),
      method(2, 'activate_passive_unit_charge', T.zero),
      method(3, 'collect', T.zero),
      method(4, 'update_total_amount_remaining', T.doubleLong),
      method(5, 'set_total_amount_remaining', T.doubleLong),
    ],
  },
];

/** Every interface class in the catalogue, at the version it models, ordered by class_id. */
export const INTERFACE_CLASSES: readonly InterfaceClassDefinition[] = CLASSES;

const byId = new Map(CLASSES.map((c) => [c.classId, c]));
const byName = new Map(CLASSES.map((c) => [c.name, c]));

function classOf(cls: number | InterfaceClassName): InterfaceClassDefinition | undefined {
  return typeof cls === 'number' ? byId.get(cls) : byName.get(cls);
}

/**
 * The definition of an interface class by class_id or Blue Book name; with `version`, the view of
 * that version (attributes and methods it did not have yet are left out), or `undefined` when the
 * class or that version is not in the catalogue.
 *
 * @example
 * interfaceClass(7)?.attributes.length; // 8 (Profile generic v1)
 * interfaceClass('PushSetup', 0)?.attributes.length; // 7
 */
export function interfaceClass(
  cls: number | InterfaceClassName,
  version?: number,
): InterfaceClassDefinition | undefined {
  const def = classOf(cls);
  if (def === undefined || version === undefined || version === def.version) return def;
  if (!def.versions.includes(version)) return undefined;
  const has = (since: number | undefined) => (since ?? 0) <= version;
  return {
    ...def,
    version,
    attributes: def.attributes
      .filter((a) => has(a.since))
      .map((a) =>
        a.earlierType !== undefined && version < a.earlierType.beforeVersion
          ? { ...a, type: a.earlierType.type }
          : a,
      ),
    methods: def.methods.filter((m) => has(m.since)),
  };
}

/**
 * An attribute by class and index or name (current version of the class).
 *
 * @example
 * attributeOf('ProfileGeneric', 'capture_period')?.index; // 4
 */
export function attributeOf(
  cls: number | InterfaceClassName,
  attribute: number | string,
): AttributeDefinition | undefined {
  const def = classOf(cls);
  return def?.attributes.find((a) =>
    typeof attribute === 'number' ? a.index === attribute : a.name === attribute,
  );
}

/**
 * A method by class and index or name (current version of the class).
 *
 * @example
 * methodOf(ClassId.DisconnectControl, 1)?.name; // 'remote_disconnect'
 */
export function methodOf(
  cls: number | InterfaceClassName,
  method: number | string,
): MethodDefinition | undefined {
  const def = classOf(cls);
  return def?.methods.find((m) => (typeof method === 'number' ? m.index === method : m.name === method));
}
