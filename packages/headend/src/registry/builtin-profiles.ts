import type { EventLogSpec, MeterProfile, RegisterSpec } from './types.js';

/** DLMS unit codes used here (IEC 62056-6-2 Table 4). */
const Unit = { W: 27, Wh: 30, A: 33, V: 35, m3: 13, count: 255 } as const;

const CLOCK = { classId: 8, obis: '0.0.1.0.0.255', attributeId: 2 } as const;

/** IDIS event logs (0-0:99.98.e, power failures 1-0:99.97.0): column 0 clock, column 1 event code. */
const EVENT_LOGS: readonly EventLogSpec[] = [
  { obis: '0.0.99.98.0.255', log: 'standard', clockColumn: 0, codeColumn: 1 },
  { obis: '0.0.99.98.1.255', log: 'fraud', clockColumn: 0, codeColumn: 1 },
  { obis: '0.0.99.98.2.255', log: 'disconnect', clockColumn: 0, codeColumn: 1 },
  { obis: '0.0.99.98.4.255', log: 'power-quality', clockColumn: 0, codeColumn: 1 },
  { obis: '0.0.99.98.5.255', log: 'firmware', clockColumn: 0, codeColumn: 1 },
  { obis: '1.0.99.97.0.255', log: 'power-failure', clockColumn: 0, codeColumn: 1 },
];

/** Active energy import (C = 1) and export (C = 2), total (E = 0) and rates 1–4: class 3, Wh. */
const ENERGY_REGISTERS: readonly RegisterSpec[] = [1, 2].flatMap((c) =>
  [0, 1, 2, 3, 4].map((rate) => ({
    classId: 3,
    obis: `1.0.${c}.8.${rate}.255`,
    attributeId: 2,
    channel: `1-0:${c}.8.${rate}*255`,
    unit: Unit.Wh,
    scaler: 0,
  })),
);

/** Maximum demand of active import (class 4 extended register, value in W). */
const MAX_DEMAND: RegisterSpec = {
  classId: 4,
  obis: '1.0.1.6.0.255',
  attributeId: 2,
  channel: '1-0:1.6.0*255',
  unit: Unit.W,
  scaler: 0,
};

/**
 * The supply relay: Disconnect control (class 70) control_state, an enum (IEC 62056-6-2 §4.5.8:
 * 0 disconnected, 1 connected, 2 ready for reconnection), read with the registers so that the
 * head-end always knows each meter's supply state.
 */
export const DISCONNECT_CONTROL_STATE: RegisterSpec = {
  classId: 70,
  obis: '0.0.96.3.10.255',
  attributeId: 3,
  channel: '0-0:96.3.10*255',
  unit: Unit.count,
};

/**
 * Instantaneous voltage (C = 32/52/72, 0.1 V), current (31/51/71, 0.01 A) and active power import
 * (21/41/61, W) of the first `phases` phases (IEC 62056-61 value group D = 7).
 */
function instantaneous(phases: 1 | 3): RegisterSpec[] {
  const quantities = [
    { c: [32, 52, 72], scaler: -1, unit: Unit.V },
    { c: [31, 51, 71], scaler: -2, unit: Unit.A },
    { c: [21, 41, 61], scaler: 0, unit: Unit.W },
  ];
  return quantities.flatMap((q) =>
    q.c.slice(0, phases).map((c) => ({
      classId: 3,
      obis: `1.0.${c}.7.0.255`,
      attributeId: 2,
      channel: `1-0:${c}.7.0*255`,
      unit: q.unit,
      scaler: q.scaler,
    })),
  );
}

/** Load profile 1 of the electricity meters: clock, AMR status, cumulative import and export (Wh). */
const ELECTRICITY_LOAD_PROFILE = {
  obis: '1.0.99.1.0.255',
  intervalSeconds: 900,
  clockColumn: 0,
  statusColumn: 1,
  channels: [
    { column: 2, channel: '1-0:1.8.0*255', unit: Unit.Wh, scaler: 0 },
    { column: 3, channel: '1-0:2.8.0*255', unit: Unit.Wh, scaler: 0 },
  ],
} as const;

function simElectricity(id: string, phases: 1 | 3): MeterProfile {
  return {
    id,
    description: `Gridmeter simulator electricity meter, ${phases === 1 ? 'single' : 'three'}-phase (IDIS objects; deviation per Blue Book)`,
    clock: CLOCK,
    loadProfile: ELECTRICITY_LOAD_PROFILE,
    registers: [...ENERGY_REGISTERS, MAX_DEMAND, DISCONNECT_CONTROL_STATE],
    dailyBilling: { obis: '1.0.98.2.0.255' },
    eventLogs: EVENT_LOGS,
    instantaneous: instantaneous(phases),
    quirks: { deviationConvention: 'utc-minus-local' },
  };
}

/** Battery voltage of water and gas meters (0-0:96.6.3, 0.01 V). */
const BATTERY_VOLTAGE: RegisterSpec = {
  classId: 3,
  obis: '0.0.96.6.3.255',
  attributeId: 2,
  channel: '0-0:96.6.3*255',
  unit: Unit.V,
  scaler: -2,
};

/** A simulator water (8-0:1.0.0) or gas (7-0:3.0.0) meter: volume in litres = m³ with scaler −3. */
function simVolume(medium: 'water' | 'gas'): MeterProfile {
  const obis = medium === 'water' ? '8.0.1.0.0.255' : '7.0.3.0.0.255';
  const channel = medium === 'water' ? '8-0:1.0.0*255' : '7-0:3.0.0*255';
  return {
    id: `gridmeter-sim-${medium}`,
    description: `Gridmeter simulator ${medium} meter (volume in litres, battery powered)`,
    clock: CLOCK,
    loadProfile: {
      obis: '1.0.99.1.0.255',
      intervalSeconds: 900,
      clockColumn: 0,
      statusColumn: 1,
      channels: [{ column: 2, channel, unit: Unit.m3, scaler: -3 }],
    },
    registers: [{ classId: 3, obis, attributeId: 2, channel, unit: Unit.m3, scaler: -3 }],
    eventLogs: EVENT_LOGS,
    instantaneous: [BATTERY_VOLTAGE],
    quirks: { deviationConvention: 'utc-minus-local' },
  };
}

/**
 * A generic IDIS electricity meter: the same objects as the simulator's, scaler_unit read from the
 * meter (no scaler/unit given), and every quirk filled in as an example of what a manufacturer
 * profile may say.
 */
const IDIS_ELECTRICITY: MeterProfile = {
  id: 'idis-electricity',
  description:
    'Generic IDIS package 2 electricity meter; scaler_unit read from the meter; quirks are examples (one invoke-id, 1024-byte PDUs, deviation as local minus UTC)',
  clock: CLOCK,
  loadProfile: {
    obis: '1.0.99.1.0.255',
    intervalSeconds: 900,
    clockColumn: 0,
    statusColumn: 1,
    channels: ELECTRICITY_LOAD_PROFILE.channels,
  },
  registers: [...ENERGY_REGISTERS, MAX_DEMAND].map(({ scaler: _s, unit: _u, ...r }) => r),
  dailyBilling: { obis: '1.0.98.2.0.255' },
  eventLogs: EVENT_LOGS,
  instantaneous: instantaneous(3).map(({ scaler: _s, unit: _u, ...r }) => r),
  quirks: { fixedInvokeId: 1, maxReceivePduSize: 1024, deviationConvention: 'local-minus-utc' },
};

/**
 * The profiles every {@link MeterProfileStore} starts with, as plain data:
 * `gridmeter-sim-electricity` (single-phase), `gridmeter-sim-electricity-3p` (commercial, industrial
 * and transformer check meters), `gridmeter-sim-water`, `gridmeter-sim-gas`, `idis-electricity`.
 */
export const BUILTIN_PROFILES: readonly MeterProfile[] = [
  simElectricity('gridmeter-sim-electricity', 1),
  simElectricity('gridmeter-sim-electricity-3p', 3),
  simVolume('water'),
  simVolume('gas'),
  IDIS_ELECTRICITY,
];
