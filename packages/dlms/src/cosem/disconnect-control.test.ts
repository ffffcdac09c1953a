import { describe, expect, it } from 'vitest';
import type { DlmsData } from '../axdr/types.js';
import {
  type ControlMode,
  type ControlState,
  controlModeConverter,
  controlStateConverter,
  type DisconnectTrigger,
  disconnectTransition,
  outputStateOf,
} from './disconnect-control.js';
import { CosemTypeError } from './errors.js';

/**
 * The Blue Book's Disconnect control state diagram and control_mode table (IEC 62056-6-2
 * §4.5.8), written out by hand as "from --trigger--> to" per mode. States: D disconnected (0),
 * C connected (1), R ready_for_reconnection (2).
 *   a remote_reconnect D→C   b remote_disconnect C→D   c remote_disconnect R→D
 *   d remote_reconnect D→R   e manual_reconnect R→C    f manual_disconnect C→R
 *   g local_disconnect C→R   h local_reconnect R→C
 * Mode 1: b c f g / d e; 2: b c f g / a e; 3: b c g / d e; 4: b c g / a e;
 * 5: b c f g / d e h; 6: b c g / d e h; 0: none.
 */
const EXPECTED: Record<ControlMode, readonly string[]> = {
  0: [],
  1: [
    'C remote_disconnect D',
    'R remote_disconnect D',
    'C manual_disconnect R',
    'C local_disconnect R',
    'D remote_reconnect R',
    'R manual_reconnect C',
  ],
  2: [
    'C remote_disconnect D',
    'R remote_disconnect D',
    'C manual_disconnect R',
    'C local_disconnect R',
    'D remote_reconnect C',
    'R manual_reconnect C',
  ],
  3: [
    'C remote_disconnect D',
    'R remote_disconnect D',
    'C local_disconnect R',
    'D remote_reconnect R',
    'R manual_reconnect C',
  ],
  4: [
    'C remote_disconnect D',
    'R remote_disconnect D',
    'C local_disconnect R',
    'D remote_reconnect C',
    'R manual_reconnect C',
  ],
  5: [
    'C remote_disconnect D',
    'R remote_disconnect D',
    'C manual_disconnect R',
    'C local_disconnect R',
    'D remote_reconnect R',
    'R manual_reconnect C',
    'R local_reconnect C',
  ],
  6: [
    'C remote_disconnect D',
    'R remote_disconnect D',
    'C local_disconnect R',
    'D remote_reconnect R',
    'R manual_reconnect C',
    'R local_reconnect C',
  ],
};

const STATE: Record<string, ControlState> = { D: 0, C: 1, R: 2 };
const TRIGGERS: readonly DisconnectTrigger[] = [
  'remote_disconnect',
  'remote_reconnect',
  'manual_disconnect',
  'manual_reconnect',
  'local_disconnect',
  'local_reconnect',
];

describe('disconnectTransition', () => {
  for (const mode of [0, 1, 2, 3, 4, 5, 6] as const) {
    it(`follows the Blue Book table for control_mode ${mode} in every state and trigger`, () => {
      const expected = new Map(
        EXPECTED[mode].map((row) => {
          const [from, trigger, to] = row.split(' ') as [string, string, string];
          return [`${STATE[from]} ${trigger}`, STATE[to]];
        }),
      );
      for (const state of [0, 1, 2] as const) {
        for (const trigger of TRIGGERS) {
          expect(disconnectTransition(state, mode, trigger), `${state} ${trigger}`).toBe(
            expected.get(`${state} ${trigger}`),
          );
        }
      }
    });
  }

  it('never leaves connected in mode 0 and rejects an unknown mode', () => {
    for (const trigger of TRIGGERS) expect(disconnectTransition(1, 0, trigger)).toBeUndefined();
    expect(() => disconnectTransition(1, 7 as ControlMode, 'remote_disconnect')).toThrow(RangeError);
  });

  it('closes the output only in the connected state', () => {
    expect([0, 1, 2].map((s) => outputStateOf(s as ControlState))).toEqual([false, true, false]);
  });
});

describe('control_state and control_mode converters', () => {
  it('accept the Blue Book values and reject others naming the attribute', () => {
    for (const v of [0, 1, 2]) expect(controlStateConverter.fromData({ type: 'enum', value: v })).toBe(v);
    for (const v of [0, 1, 2, 3, 4, 5, 6])
      expect(controlModeConverter.toData(v as ControlMode)).toEqual({ type: 'enum', value: v });
    const bad: DlmsData[] = [
      { type: 'enum', value: 3 },
      { type: 'unsigned', value: 1 },
      { type: 'null-data' },
    ];
    for (const d of bad) {
      try {
        controlStateConverter.fromData(d);
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(CosemTypeError);
        expect((e as CosemTypeError).name).toBe('CosemTypeError');
        expect((e as CosemTypeError).attribute).toBe('control_state');
      }
    }
    expect(() => controlModeConverter.fromData({ type: 'enum', value: 7 })).toThrow(CosemTypeError);
    expect(() => controlModeConverter.toData(7 as ControlMode)).toThrow(RangeError);
  });
});
