import {
  cosemDateTimeFromBytes,
  cosemDateTimeToEpochMs,
  cosemTimeToBytes,
  logicalName,
} from '@gridmeter/dlms';
import { TestClock } from '@gridmeter/domain';
import { describe, expect, it } from 'vitest';
import { CommandVerificationError, UnsupportedCommandError } from '../errors.js';
import type { CalendarDefinition } from '../ports.js';
import { FakeMeter } from '../test-support/fake-meter.js';
import { programCalendar } from './program-calendar.js';
import { readNow } from './read-now.js';
import { reconnect } from './reconnect.js';
import { setClock } from './set-clock.js';
import { topUp } from './top-up.js';

const T0 = Date.UTC(2026, 10, 8, 9);
const ctx = (clock: TestClock) => ({ clock, signal: new AbortController().signal });

const CALENDAR: CalendarDefinition = {
  calendarName: 'NEW-TOU',
  seasonProfile: [],
  weekProfileTable: [],
  dayProfileTable: [
    {
      dayId: 1,
      daySchedule: [
        {
          startTime: cosemTimeToBytes({ hour: 0, minute: 0, second: 0, hundredths: 0 }),
          scriptLogicalName: logicalName('0.0.10.0.100.255'),
          scriptSelector: 4,
        },
      ],
    },
  ],
  specialDays: [{ index: 1, specialdayDate: Uint8Array.of(0xff, 0xff, 12, 25, 0xff), dayId: 1 }],
};

describe('executors', () => {
  it('reconnect reports ready_for_reconnection when the meter waits for the customer', async () => {
    const clock = new TestClock(T0);
    const m = new FakeMeter(() => clock.now());
    m.controlState = 0;
    m.reconnectTo = 2;
    expect(await reconnect(m.session(), { kind: 'reconnect' }, ctx(clock))).toEqual({
      detail: 'control_state ready_for_reconnection',
      data: { controlState: 'ready_for_reconnection' },
    });
  });

  it('set-clock writes the time in the meter time zone and reads it back', async () => {
    const clock = new TestClock(T0);
    const m = new FakeMeter(() => clock.now());
    m.clockOffsetMs = 93_000;
    const to = T0 + 3_600_000;
    const out = await setClock(m.session(), { kind: 'set-clock', to }, ctx(clock));
    expect(m.clockOffsetMs).toBe(to - T0);
    expect(out.data).toMatchObject({ setTo: to, readBack: to, offsetMs: 0 });
    await setClock(m.session(), { kind: 'set-clock' }, ctx(clock));
    expect(m.clockOffsetMs).toBe(0);
  });

  it('program-calendar writes the passive tables, special days and a future activation time', async () => {
    const clock = new TestClock(T0);
    const m = new FakeMeter(() => clock.now());
    const activateAt = T0 + 86_400_000;
    const out = await programCalendar(
      m.session(),
      { kind: 'program-calendar', tariffId: 'RES-TOU', activateAt },
      { ...ctx(clock), calendarFor: async (id) => (id === 'RES-TOU' ? CALENDAR : undefined) },
    );
    const at = m.activationTime;
    expect(at.type === 'octet-string' && cosemDateTimeToEpochMs(cosemDateTimeFromBytes(at.value))).toBe(
      activateAt,
    );
    expect(m.specialDays.type === 'array' && m.specialDays.items).toHaveLength(1);
    expect(out.data).toMatchObject({ calendarName: 'NEW-TOU', activatedNow: false, specialDays: 1 });
    expect(m.calls.filter((c) => c.startsWith('set 20/')).map((c) => c.split('/').at(-1))).toEqual([
      '6',
      '7',
      '8',
      '9',
      '10',
    ]);
  });

  it('program-calendar activates at once when activateAt has passed, and refuses an unknown tariff', async () => {
    const clock = new TestClock(T0);
    const m = new FakeMeter(() => clock.now());
    const out = await programCalendar(
      m.session(),
      { kind: 'program-calendar', tariffId: 'RES-TOU', activateAt: T0 },
      { ...ctx(clock), calendarFor: async () => CALENDAR },
    );
    expect(new TextDecoder().decode(m.activeCalendarName)).toBe('NEW-TOU');
    expect(out.detail).toBe('calendar NEW-TOU active now');
    await expect(
      programCalendar(
        m.session(),
        { kind: 'program-calendar', tariffId: 'X', activateAt: T0 },
        { ...ctx(clock), calendarFor: async () => undefined },
      ),
    ).rejects.toThrow(UnsupportedCommandError);
  });

  it('top-up calls update_amount and requires the credit to grow', async () => {
    const clock = new TestClock(T0);
    const m = new FakeMeter(() => clock.now());
    const out = await topUp(m.session(), { kind: 'top-up', amountMinor: 2_500, currency: 'EUR' }, ctx(clock));
    expect(m.tokenCredit).toBe(3_500);
    expect(out.data).toEqual({ before: 1_000, after: 3_500, amountMinor: 2_500, currency: 'EUR' });
    m.action = async () => undefined; // a meter that accepts and ignores the top-up
    await expect(
      topUp(m.session(), { kind: 'top-up', amountMinor: 1, currency: 'EUR' }, ctx(clock)),
    ).rejects.toThrow(CommandVerificationError);
  });

  it('read-now returns the registers scaled by their scaler_unit or the profile scaler', async () => {
    const clock = new TestClock(T0);
    const m = new FakeMeter(() => clock.now());
    const regs = await readNow(m.session(), { kind: 'read-now', what: 'registers' }, ctx(clock));
    expect(regs.data).toEqual({
      what: 'registers',
      values: [
        {
          channel: '1-0:1.8.0*255',
          obis: '1.0.1.8.0.255',
          raw: 123_456,
          scaler: 0,
          unit: 30,
          value: 123_456,
        },
      ],
    });
    const inst = await readNow(m.session(), { kind: 'read-now', what: 'instantaneous' }, ctx(clock));
    expect(inst.data).toMatchObject({ values: [{ raw: 2301, scaler: -1, value: 230.1 }] });
    expect(m.calls).not.toContain('get 3/1.0.32.7.0.255/3');
  });
});
