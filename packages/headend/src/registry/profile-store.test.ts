import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILTIN_PROFILES } from './builtin-profiles.js';
import { ProfileError } from './errors.js';
import { MeterProfileStore } from './profile-store.js';

const minimal = { id: 'acme-e1', clock: { classId: 8, obis: '0-0:1.0.0*255', attributeId: 2 } };

describe('MeterProfileStore', () => {
  it('starts with the built-in profiles, each valid as data', () => {
    const store = new MeterProfileStore();
    expect(store.list().map((p) => p.id)).toEqual([
      'gridmeter-sim-electricity',
      'gridmeter-sim-electricity-3p',
      'gridmeter-sim-water',
      'gridmeter-sim-gas',
      'idis-electricity',
    ]);
    // Built-ins survive a JSON round trip and validate again: they are data, not code.
    const again = new MeterProfileStore({ builtins: false });
    again.loadJson(JSON.stringify({ profiles: BUILTIN_PROFILES }));
    expect(again.list()).toEqual(store.list());
  });

  it('describes the simulator electricity meter as the simulator builds it', () => {
    const p = new MeterProfileStore().require('gridmeter-sim-electricity');
    expect(p.clock).toEqual({ classId: 8, obis: '0.0.1.0.0.255', attributeId: 2 });
    expect(p.loadProfile).toEqual({
      obis: '1.0.99.1.0.255',
      intervalSeconds: 900,
      clockColumn: 0,
      statusColumn: 1,
      channels: [
        { column: 2, channel: '1-0:1.8.0*255', unit: 30, scaler: 0 },
        { column: 3, channel: '1-0:2.8.0*255', unit: 30, scaler: 0 },
      ],
    });
    expect(p.registers.map((r) => r.obis)).toEqual([
      '1.0.1.8.0.255',
      '1.0.1.8.1.255',
      '1.0.1.8.2.255',
      '1.0.1.8.3.255',
      '1.0.1.8.4.255',
      '1.0.2.8.0.255',
      '1.0.2.8.1.255',
      '1.0.2.8.2.255',
      '1.0.2.8.3.255',
      '1.0.2.8.4.255',
      '1.0.1.6.0.255',
      '0.0.96.3.10.255',
    ]);
    expect(p.registers.at(-2)).toMatchObject({ classId: 4, attributeId: 2 });
    expect(p.registers.at(-1)).toMatchObject({ classId: 70, attributeId: 3 });
    expect(p.dailyBilling).toEqual({ obis: '1.0.98.2.0.255' });
    expect(p.eventLogs.map((e) => [e.obis, e.log])).toEqual([
      ['0.0.99.98.0.255', 'standard'],
      ['0.0.99.98.1.255', 'fraud'],
      ['0.0.99.98.2.255', 'disconnect'],
      ['0.0.99.98.4.255', 'power-quality'],
      ['0.0.99.98.5.255', 'firmware'],
      ['1.0.99.97.0.255', 'power-failure'],
    ]);
    expect(p.instantaneous.map((r) => r.obis)).toEqual([
      '1.0.32.7.0.255',
      '1.0.31.7.0.255',
      '1.0.21.7.0.255',
    ]);
    expect(new MeterProfileStore().require('gridmeter-sim-electricity-3p').instantaneous).toHaveLength(9);
  });

  it('gives water volume in litres as m³ with scaler -3', () => {
    const water = new MeterProfileStore().require('gridmeter-sim-water');
    expect(water.registers[0]).toMatchObject({ obis: '8.0.1.0.0.255', unit: 13, scaler: -3 });
    expect(water.loadProfile?.channels).toEqual([
      { column: 2, channel: '8-0:1.0.0*255', unit: 13, scaler: -3 },
    ]);
    expect(new MeterProfileStore().require('gridmeter-sim-gas').registers[0]?.obis).toBe('7.0.3.0.0.255');
  });

  it('loads profiles from a JSON file and normalises OBIS codes', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gm-profiles-'));
    try {
      const path = join(dir, 'profiles.json');
      await writeFile(path, JSON.stringify({ profiles: [minimal] }));
      const store = new MeterProfileStore();
      await store.loadFile(path);
      expect(store.require('acme-e1').clock.obis).toBe('0.0.1.0.0.255');
      expect(store.require('acme-e1').registers).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it.each([
    [
      'a bad OBIS code',
      { ...minimal, clock: { ...minimal.clock, obis: '0.0.1.0.0' } },
      /profiles\[0\]: Profile "acme-e1": clock.obis must be an OBIS code/,
    ],
    [
      'a fractional scaler',
      {
        ...minimal,
        loadProfile: {
          obis: '1.0.99.1.0.255',
          intervalSeconds: 900,
          clockColumn: 0,
          channels: [{ column: 1, channel: '1-0:1.8.0*255', unit: 30, scaler: 1.5 }],
        },
      },
      /loadProfile.channels\[0\].scaler must be an integer in \[-128, 127\], got 1.5/,
    ],
    [
      'two columns in one place',
      {
        ...minimal,
        loadProfile: {
          obis: '1.0.99.1.0.255',
          intervalSeconds: 900,
          clockColumn: 0,
          channels: [{ column: 0, channel: '1-0:1.8.0*255', unit: 30, scaler: 0 }],
        },
      },
      /loadProfile.channels\[0\].column uses column 0, as clockColumn does/,
    ],
    [
      'an unknown event log',
      { ...minimal, eventLogs: [{ obis: '0.0.99.98.0.255', log: 'misc', clockColumn: 0, codeColumn: 1 }] },
      /eventLogs\[0\].log must be one of standard/,
    ],
    ['a misspelt field', { ...minimal, quirk: {} }, /profile.quirk is not a known field/],
    [
      'an invoke-id over 15',
      { ...minimal, quirks: { fixedInvokeId: 16 } },
      /quirks.fixedInvokeId must be an integer in \[0, 15\]/,
    ],
    ['a missing clock', { id: 'acme-e1' }, /clock must be an object/],
    [
      'a duplicate id',
      { ...minimal, id: 'idis-electricity' },
      /Profile "idis-electricity" is already defined/,
    ],
  ])('rejects %s, naming the field', (_, profile, message) => {
    const store = new MeterProfileStore();
    expect(() => store.loadJson(JSON.stringify([profile]), 'profiles.json')).toThrow(ProfileError);
    expect(() => store.loadJson(JSON.stringify([profile]), 'profiles.json')).toThrow(message);
    expect(store.has('acme-e1')).toBe(false);
  });

  it('reports a file that is not JSON or has no profile list', () => {
    const store = new MeterProfileStore();
    expect(() => store.loadJson('{', 'p.json')).toThrow(/p.json: not valid JSON/);
    expect(() => store.loadJson('{"x":1}', 'p.json')).toThrow(/expected \{ "profiles": \[ … \] \}/);
    expect(() => store.require('nope')).toThrow(
      /Unknown meter profile "nope" \(known: gridmeter-sim-electricity/,
    );
  });
});
