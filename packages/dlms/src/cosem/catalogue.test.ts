import { describe, expect, it } from 'vitest';
import { attributeOf, ClassId, INTERFACE_CLASSES, interfaceClass, methodOf } from './catalogue.js';

/**
 * Attribute and method counts of each class at the version modelled, written from the Blue Book
 * class tables (IEC 62056-6-2 §4.3-§4.6), not from the catalogue.
 */
const EXPECTED: readonly [
  name: string,
  classId: number,
  version: number,
  attributes: number,
  methods: number,
][] = [
  ['Data', 1, 0, 2, 0],
  ['Register', 3, 0, 3, 1],
  ['ExtendedRegister', 4, 0, 5, 1],
  ['DemandRegister', 5, 0, 9, 2],
  ['ProfileGeneric', 7, 1, 8, 2],
  ['Clock', 8, 0, 9, 6],
  ['ScriptTable', 9, 0, 2, 1],
  ['SpecialDaysTable', 11, 0, 2, 2],
  ['AssociationLn', 15, 2, 11, 6],
  ['ImageTransfer', 18, 0, 7, 4],
  ['ActivityCalendar', 20, 0, 10, 1],
  ['RegisterMonitor', 21, 0, 4, 0],
  ['SingleActionSchedule', 22, 0, 4, 0],
  ['PushSetup', 40, 2, 13, 2],
  ['SecuritySetup', 64, 1, 6, 8],
  ['DisconnectControl', 70, 0, 4, 2],
  ['Limiter', 71, 0, 11, 0],
  ['Account', 111, 0, 19, 3],
  ['Credit', 112, 0, 11, 3],
  ['Charge', 113, 0, 13, 5],
];

describe('interface class catalogue', () => {
  it.each(EXPECTED)(
    'has %s (class_id %i, version %i) with %i attributes and %i methods',
    (name, id, v, na, nm) => {
      const def = interfaceClass(id);
      expect(def?.name).toBe(name);
      expect(def?.version).toBe(v);
      expect(def?.attributes).toHaveLength(na);
      expect(def?.methods).toHaveLength(nm);
      expect(interfaceClass(name as keyof typeof ClassId)).toBe(def);
      expect(ClassId[name as keyof typeof ClassId]).toBe(id);
    },
  );

  it('holds exactly the required classes', () => {
    expect(INTERFACE_CLASSES.map((c) => c.classId).sort((a, b) => a - b)).toEqual(EXPECTED.map((e) => e[1]));
  });

  it.each(INTERFACE_CLASSES.map((c) => [c.name, c] as const))(
    '%s: attribute 1 is logical_name, octet-string (6)',
    (_, def) => {
      expect(def.attributes[0]).toMatchObject({
        index: 1,
        name: 'logical_name',
        kind: 'static',
        type: { kind: 'simple', type: 'octet-string', size: 6 },
      });
    },
  );

  it.each(INTERFACE_CLASSES.map((c) => [c.name, c] as const))(
    '%s: indices run 1..n without gaps, names unique',
    (_, def) => {
      expect(def.attributes.map((a) => a.index)).toEqual(def.attributes.map((_a, i) => i + 1));
      expect(def.methods.map((m) => m.index)).toEqual(def.methods.map((_m, i) => i + 1));
      expect(new Set(def.attributes.map((a) => a.name)).size).toBe(def.attributes.length);
      expect(new Set(def.methods.map((m) => m.name)).size).toBe(def.methods.length);
      expect(def.clause).toMatch(/^4\.[3-6]\.\d+$/);
    },
  );

  it('names attributes and methods as the Blue Book does', () => {
    expect(interfaceClass('ProfileGeneric')?.attributes.map((a) => a.name)).toEqual([
      'logical_name',
      'buffer',
      'capture_objects',
      'capture_period',
      'sort_method',
      'sort_object',
      'entries_in_use',
      'profile_entries',
    ]);
    expect(interfaceClass('Clock')?.methods.map((m) => m.name)).toEqual([
      'adjust_to_quarter',
      'adjust_to_measuring_period',
      'adjust_to_minute',
      'adjust_to_preset_time',
      'preset_adjusting_time',
      'shift_time',
    ]);
    expect(interfaceClass('ImageTransfer')?.methods.map((m) => m.name)).toEqual([
      'image_transfer_initiate',
      'image_block_transfer',
      'image_verify',
      'image_activate',
    ]);
    expect(methodOf('AssociationLn', 1)?.name).toBe('reply_to_HLS_authentication');
    expect(methodOf('ActivityCalendar', 1)?.name).toBe('activate_passive_calendar');
    expect(methodOf('PushSetup', 'push')?.index).toBe(1);
    expect(methodOf('SecuritySetup', 'key_transfer')?.index).toBe(2);
    expect(methodOf(70, 'remote_reconnect')?.index).toBe(2);
    expect(methodOf(ClassId.Register, 'reset')?.parameter).toEqual({
      kind: 'simple',
      type: 'integer',
      value: 0,
    });
  });

  it('looks attributes up by index and by name', () => {
    expect(attributeOf(3, 3)?.name).toBe('scaler_unit');
    expect(attributeOf('Register', 'scaler_unit')?.type).toMatchObject({
      kind: 'structure',
      fields: [
        { name: 'scaler', type: { type: 'integer' } },
        { name: 'unit', type: { type: 'enum' } },
      ],
    });
    expect(attributeOf('Clock', 'time')?.type).toEqual({
      kind: 'simple',
      type: 'octet-string',
      size: 12,
      meaning: 'date-time',
    });
    expect(attributeOf(7, 'capture_objects')?.kind).toBe('static');
    expect(attributeOf(7, 'buffer')?.kind).toBe('dynamic');
    expect(attributeOf(3, 4)).toBeUndefined();
    expect(attributeOf(9999, 1)).toBeUndefined();
    expect(methodOf(1, 1)).toBeUndefined();
    expect(interfaceClass(2)).toBeUndefined();
  });

  it('derives the views of earlier versions where the Blue Book added attributes', () => {
    const counts = (id: number, v: number) => {
      const def = interfaceClass(id, v);
      return def && [def.version, def.attributes.length, def.methods.length];
    };
    expect(counts(40, 0)).toEqual([0, 7, 1]);
    expect(counts(40, 1)).toEqual([1, 10, 1]);
    expect(counts(40, 2)).toEqual([2, 13, 2]);
    expect(counts(64, 0)).toEqual([0, 5, 2]);
    expect(counts(15, 1)).toEqual([1, 9, 4]);
    expect(interfaceClass(40, 0)?.attributes[6]?.type).toEqual({ kind: 'simple', type: 'long-unsigned' });
    expect(interfaceClass(40, 2)?.attributes[6]?.type).toMatchObject({ kind: 'structure' });
    expect(interfaceClass(40, 3)).toBeUndefined();
    expect(interfaceClass(7, 0)).toBeUndefined();
  });
});
