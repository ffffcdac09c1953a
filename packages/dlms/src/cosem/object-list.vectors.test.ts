import { describe, expect, it } from 'vitest';
import type { DlmsData } from '../axdr/types.js';
import { loadVectorFile } from '../test-support/vectors.js';
import { canRead, objectListConverter } from './association.js';
import { interfaceClass } from './catalogue.js';
import { formatLogicalName } from './logical-name.js';

/**
 * Third-party cross-check: GuruxDLMSServerExample (C) answered a GET of the Association LN
 * object_list (0.0.40.0.0.255 attribute 2) with block transfer; Gurux's own XML of each
 * GetResponsewithDataBlock carries the block's RawData. The blocks are joined here and read with
 * a minimal A-XDR reader local to this test (only the tags an object_list uses), independent of
 * the package's decoder.
 */
interface Capture {
  readonly sessions: readonly {
    readonly name: string;
    readonly messages: readonly { readonly dir: string; readonly gurux_xml?: string }[];
  }[];
}

function objectListBytes(): Uint8Array {
  const capture = loadVectorFile<Capture>('captures/loopback-sessions.json');
  const session = capture.sessions.find((s) => s.name.startsWith('gurux-c-client__gurux-c-server__wrapper'));
  if (session === undefined) throw new Error('capture session missing');
  const hex = session.messages
    .map((m) => /<GetResponsewithDataBlock>[\s\S]*<RawData Value="([0-9A-F]+)"/.exec(m.gurux_xml ?? '')?.[1])
    .filter((h): h is string => h !== undefined)
    .join('');
  return Uint8Array.from(hex.match(/../g) ?? [], (b) => Number.parseInt(b, 16));
}

function readData(bytes: Uint8Array): { data: DlmsData; end: number } {
  let at = 0;
  const byte = () => {
    const b = bytes[at++];
    if (b === undefined) throw new Error('ran past the end');
    return b;
  };
  const length = () => {
    const first = byte();
    if (first < 0x80) return first;
    let n = 0;
    for (let i = 0; i < (first & 0x7f); i++) n = n * 256 + byte();
    return n;
  };
  const read = (): DlmsData => {
    const tag = byte();
    switch (tag) {
      case 0:
        return { type: 'null-data' };
      case 1:
      case 2: {
        const items = Array.from({ length: length() }, read);
        return tag === 1 ? { type: 'array', items } : { type: 'structure', items };
      }
      case 3:
        return { type: 'boolean', value: byte() !== 0 };
      case 9: {
        const n = length();
        at += n;
        return { type: 'octet-string', value: bytes.slice(at - n, at) };
      }
      case 15:
        return { type: 'integer', value: (byte() << 24) >> 24 };
      case 17:
        return { type: 'unsigned', value: byte() };
      case 18:
        return { type: 'long-unsigned', value: byte() * 256 + byte() };
      case 22:
        return { type: 'enum', value: byte() };
      default:
        throw new Error(`tag ${tag} not expected in an object_list`);
    }
  };
  const data = read();
  return { data, end: at };
}

describe('object_list read from a Gurux server', () => {
  const bytes = objectListBytes();
  const { data, end } = readData(bytes);
  const list = objectListConverter.fromData(data);

  it('converts the whole reassembled object_list', () => {
    expect(end).toBe(bytes.length);
    expect(list).toHaveLength(52);
    expect(list[0]).toMatchObject({ classId: 15, version: 2 });
    expect(formatLogicalName(list[0]?.logicalName ?? new Uint8Array())).toBe('0.0.40.0.0.255');
    // This server gives the public client read access to every attribute, method access to none.
    for (const e of list) {
      expect(
        e.accessRights.attributeAccess.every((a) => canRead(a.accessMode) && a.accessSelectors === null),
      ).toBe(true);
      expect(e.accessRights.methodAccess.every((m) => m.accessMode === 0)).toBe(true);
    }
  });

  it('lists class versions the catalogue knows with the attribute and method counts it gives', () => {
    const known: string[] = [];
    const versionUnknown: string[] = [];
    const classUnknown = new Set<number>();
    for (const e of list) {
      const def = interfaceClass(e.classId);
      if (def === undefined) {
        classUnknown.add(e.classId);
        continue;
      }
      const view = interfaceClass(e.classId, e.version);
      if (view === undefined) {
        versionUnknown.push(`${def.name} v${e.version}`);
        continue;
      }
      known.push(`${view.name} v${view.version}`);
      expect(e.accessRights.attributeAccess.map((a) => a.attributeId)).toEqual(
        view.attributes.map((a) => a.index),
      );
      expect(e.accessRights.methodAccess.map((m) => m.methodId)).toEqual(view.methods.map((m) => m.index));
    }
    expect(new Set(known)).toEqual(
      new Set([
        'AssociationLn v2',
        'SecuritySetup v0',
        'Data v0',
        'Clock v0',
        'Register v0',
        'PushSetup v0',
        'ScriptTable v0',
        'ProfileGeneric v1',
        'SingleActionSchedule v0',
        'ImageTransfer v0',
        'ActivityCalendar v0',
        'DemandRegister v0',
        'RegisterMonitor v0',
        'Limiter v0',
        'Account v0',
      ]),
    );
    // Disconnect control is announced as version 1 (same 4 attributes and 2 methods as v0);
    // the catalogue models version 0 only.
    expect(versionUnknown).toEqual(['DisconnectControl v1']);
    // Classes outside the catalogue's scope (SAP assignment 17, IEC HDLC setup 23, …).
    expect([...classUnknown].sort((a, b) => a - b)).toEqual([
      6, 17, 19, 23, 27, 28, 29, 41, 42, 43, 44, 45, 48, 76, 77, 90, 91, 92, 100, 123, 151,
    ]);
  });
});
