import {
  ActionResult,
  type ApduTransport,
  type AssociationPolicy,
  ControlState,
  conformance,
  cosemDateTimeFromDate,
  cosemDateTimeToBytes,
  DlmsClient,
  DlmsServer,
  DlmsServiceError,
  dayProfileTableConverter,
  ImageTransferStatus,
  imageToActivateInfoConverter,
  seasonProfileConverter,
  weekProfileTableConverter,
} from '@gridmeter/dlms';
import { describe, expect, it } from 'vitest';
import { TouCalendar } from '../meter/calendar.js';
import { defaultTouCalendar } from '../meter/default-calendar.js';
import type { MeterEvent } from '../meter/event-codes.js';
import { buildFirmwareImage } from '../meter/firmware-image.js';
import { ImageTransfer } from '../meter/image-transfer.js';
import { Limiter } from '../meter/limiter.js';
import { PrepaidAccount } from '../meter/prepayment.js';
import { Relay } from '../meter/relay.js';
import { AccountObject } from './account-object.js';
import { ActivityCalendarObject } from './activity-calendar-object.js';
import { ChargeObject } from './charge-object.js';
import { CreditObject } from './credit-object.js';
import { DisconnectControlObject } from './disconnect-control-object.js';
import { FirmwareVersionObject, ImageTransferObject } from './image-transfer-object.js';
import { LimiterObject } from './limiter-object.js';
import { SpecialDaysTableObject } from './special-days-object.js';

const OFFSET = 60;
const START = Date.UTC(2026, 0, 12, 12); // Monday 13:00 local

const MANAGEMENT: AssociationPolicy = {
  clientSap: 1,
  name: 'management',
  authentication: 'none',
  conformance: conformance([
    'blockTransferWithGetOrRead',
    'blockTransferWithSetOrWrite',
    'blockTransferWithAction',
    'get',
    'set',
    'action',
  ]),
  attributeAccess: () => 'read-write',
  methodAccess: () => true,
};

function meter() {
  let now = START;
  const clock = () => now;
  const events: MeterEvent[] = [];
  const onEvent = (e: MeterEvent) => events.push(e);
  const calendar = new TouCalendar({ utcOffsetMinutes: OFFSET, active: defaultTouCalendar(), onEvent });
  const relay = new Relay({ controlMode: 1, onEvent });
  const imageTransfer = new ImageTransfer({ imageBlockSize: 48, onEvent });
  const account = new PrepaidAccount({
    creditMinor: 100,
    pricePerKwh: 25,
    lowCreditThreshold: 50,
    onEvent,
    requestDisconnect: (at) => relay.localDisconnect(at, 'prepayment'),
    requestReconnect: (at) => relay.localReconnect(at, 'prepayment'),
  });
  const limiter = new Limiter({ thresholdNormalW: 5000, onEvent });
  const server = new DlmsServer({
    systemTitle: new TextEncoder().encode('GMT00001'),
    associations: [MANAGEMENT],
    objects: [
      new ActivityCalendarObject(calendar, clock),
      new SpecialDaysTableObject(calendar.specialDays, clock),
      new DisconnectControlObject(relay, clock),
      new ImageTransferObject(imageTransfer, clock),
      new FirmwareVersionObject(imageTransfer, 'metrology'),
      new AccountObject(account, clock),
      new CreditObject(account, 'token', clock),
      new ChargeObject(account, clock, { utcOffsetMinutes: OFFSET }),
      new LimiterObject(limiter, clock, { utcOffsetMinutes: OFFSET }),
    ],
  });
  const session = server.openSession(1);
  const transport: ApduTransport = {
    async request(apdu) {
      const response = await session.handle(apdu);
      if (!response) throw new Error('no response');
      return response;
    },
    close: async () => {},
  };
  const client = new DlmsClient(transport, {});
  return {
    client,
    calendar,
    relay,
    imageTransfer,
    account,
    limiter,
    events,
    advance: (ms: number) => (now += ms),
  };
}

const cal = (attributeId: number) => ({ classId: 20, logicalName: '0.0.13.0.0.255', attributeId });
const zero = { type: 'integer', value: 0 } as const;

describe('meter function COSEM objects through DlmsServer/DlmsClient', () => {
  it('programs the passive calendar with SET, activates it with ACTION and reads it back as active', async () => {
    const m = meter();
    await m.client.associate();
    const tables = defaultTouCalendar('WINTER-ONLY');
    const winterOnly = { ...tables, seasonProfile: tables.seasonProfile.slice(1) };
    await m.client.set(cal(6), { type: 'octet-string', value: winterOnly.calendarName });
    await m.client.set(cal(7), seasonProfileConverter.toData(winterOnly.seasonProfile));
    await m.client.set(cal(8), weekProfileTableConverter.toData(winterOnly.weekProfileTable));
    await m.client.set(cal(9), dayProfileTableConverter.toData(winterOnly.dayProfileTable));
    expect(await m.client.get(cal(6))).toEqual({ type: 'octet-string', value: winterOnly.calendarName });
    const t = m.advance(60_000);
    await m.client.action({ classId: 20, logicalName: '0.0.13.0.0.255', methodId: 1 }, zero);
    expect(await m.client.get(cal(2))).toEqual({
      type: 'octet-string',
      value: new TextEncoder().encode('WINTER-ONLY'),
    });
    expect(seasonProfileConverter.fromData(await m.client.get(cal(3)))).toEqual(winterOnly.seasonProfile);
    // July is winter now: the weekday peak starts at 16:00 local.
    expect(m.calendar.rateAt(Date.UTC(2026, 6, 15, 15, 30))).toBe(3);
    expect(m.calendar.rateAt(t - 1)).toBe(2);
    expect(m.events.map((e) => e.code)).toEqual([19, 19, 19, 19, 9]);
    await expect(m.client.set(cal(7), { type: 'integer', value: 1 })).rejects.toMatchObject({ code: 12 });
    await expect(m.client.set(cal(3), seasonProfileConverter.toData([]))).rejects.toMatchObject({ code: 3 });
  });

  it('activates the passive calendar at activate_passive_calendar_time written with SET', async () => {
    const m = meter();
    await m.client.associate();
    await m.client.set(cal(6), { type: 'octet-string', value: new TextEncoder().encode('NEXT') });
    const T = START + 3_600_000;
    await m.client.set(cal(10), {
      type: 'octet-string',
      value: cosemDateTimeToBytes(cosemDateTimeFromDate(new Date(T), -OFFSET)),
    });
    m.advance(2 * 3_600_000);
    expect(await m.client.get(cal(2))).toEqual({
      type: 'octet-string',
      value: new TextEncoder().encode('NEXT'),
    });
    expect(m.events.at(-1)).toEqual({ at: T, code: 9, log: 'standard' });
  });

  it('inserts and deletes special days', async () => {
    const m = meter();
    await m.client.associate();
    const sd = { classId: 11, logicalName: '0.0.11.0.0.255' };
    const entry = {
      type: 'structure',
      items: [
        { type: 'long-unsigned', value: 4 },
        { type: 'octet-string', value: Uint8Array.of(0xff, 0xff, 5, 1, 0xff) },
        { type: 'unsigned', value: 2 },
      ],
    } as const;
    await m.client.action({ ...sd, methodId: 1 }, entry);
    expect(await m.client.get({ ...sd, attributeId: 2 })).toEqual({ type: 'array', items: [entry] });
    await m.client.action({ ...sd, methodId: 2 }, { type: 'long-unsigned', value: 4 });
    expect(await m.client.get({ ...sd, attributeId: 2 })).toEqual({ type: 'array', items: [] });
  });

  it('disconnects and reconnects through Disconnect control', async () => {
    const m = meter();
    await m.client.associate();
    const dc = { classId: 70, logicalName: '0.0.96.3.10.255' };
    await m.client.action({ ...dc, methodId: 1 }, zero);
    expect(await m.client.get({ ...dc, attributeId: 2 })).toEqual({ type: 'boolean', value: false });
    await m.client.set({ ...dc, attributeId: 4 }, { type: 'enum', value: 2 });
    m.advance(1000);
    await m.client.action({ ...dc, methodId: 2 }, zero);
    expect(await m.client.get({ ...dc, attributeId: 3 })).toEqual({
      type: 'enum',
      value: ControlState.connected,
    });
    expect(m.relay.connectedAt(START)).toBe(false);
    expect(m.events.map((e) => e.code)).toEqual([62, 63]);
    await expect(m.client.set({ ...dc, attributeId: 4 }, { type: 'enum', value: 7 })).rejects.toMatchObject({
      code: 12,
    });
  });

  it('runs a full image transfer with ACTIONs and small blocks, then a corrupt one', async () => {
    const m = meter();
    await m.client.associate();
    const it = { classId: 18, logicalName: '0.0.44.0.0.255' };
    const upload = async (image: Uint8Array, name: string) => {
      const blockSize = await m.client.get({ ...it, attributeId: 2 });
      expect(blockSize).toEqual({ type: 'double-long-unsigned', value: 48 });
      await m.client.action(
        { ...it, methodId: 1 },
        {
          type: 'structure',
          items: [
            { type: 'octet-string', value: new TextEncoder().encode(name) },
            { type: 'double-long-unsigned', value: image.length },
          ],
        },
      );
      for (let i = 0; i * 48 < image.length; i++) {
        await m.client.action(
          { ...it, methodId: 2 },
          {
            type: 'structure',
            items: [
              { type: 'double-long-unsigned', value: i },
              { type: 'octet-string', value: image.subarray(i * 48, (i + 1) * 48) },
            ],
          },
        );
      }
    };
    const image = buildFirmwareImage({
      module: 'metrology',
      version: '2.1.0',
      body: new Uint8Array(500).fill(3),
    });
    await upload(image, 'metrology-2.1.0');
    const blocks = Math.ceil(image.length / 48);
    expect(await m.client.get({ ...it, attributeId: 3 })).toEqual({
      type: 'bit-string',
      value: '1'.repeat(blocks),
    });
    expect(await m.client.get({ ...it, attributeId: 4 })).toEqual({
      type: 'double-long-unsigned',
      value: blocks,
    });
    await m.client.action({ ...it, methodId: 3 }, zero);
    const info = imageToActivateInfoConverter.fromData(await m.client.get({ ...it, attributeId: 7 }));
    expect(info[0]?.imageToActivateSize).toBe(image.length);
    await m.client.action({ ...it, methodId: 4 }, zero);
    expect(await m.client.get({ ...it, attributeId: 6 })).toEqual({
      type: 'enum',
      value: ImageTransferStatus.image_activation_successful,
    });
    expect(await m.client.get({ classId: 1, logicalName: '1.0.0.2.0.255', attributeId: 2 })).toEqual({
      type: 'octet-string',
      value: new TextEncoder().encode('2.1.0'),
    });

    const corrupt = buildFirmwareImage({ module: 'metrology', version: '6.6.6' });
    corrupt[20] = (corrupt[20] as number) ^ 1;
    await upload(corrupt, 'metrology-6.6.6');
    const failure = await m.client.action({ ...it, methodId: 3 }, zero).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(DlmsServiceError);
    expect((failure as DlmsServiceError).code).toBe(ActionResult.otherReason);
    expect(await m.client.get({ ...it, attributeId: 6 })).toEqual({
      type: 'enum',
      value: ImageTransferStatus.image_verification_failed,
    });
    expect(m.imageTransfer.version('metrology')).toBe('2.1.0');
    expect(m.events.map((e) => e.code)).toEqual([17, 18, 232]);
  });

  it('tops up credit with Credit update_amount and reads Account, Credit and Charge', async () => {
    const m = meter();
    await m.client.associate();
    m.account.charge(m.advance(3_600_000), 4000); // 100 cents: exhausted, relay to ready_for_reconnection
    expect(m.relay.controlState).toBe(ControlState.ready_for_reconnection);
    const account = (attributeId: number) =>
      m.client.get({ classId: 111, logicalName: '0.0.19.0.0.255', attributeId });
    expect(await account(5)).toEqual({ type: 'double-long', value: 0 });
    await m.client.action(
      { classId: 112, logicalName: '0.0.19.10.0.255', methodId: 1 },
      { type: 'double-long', value: 700 },
    );
    expect(await account(5)).toEqual({ type: 'double-long', value: 700 });
    expect(await m.client.get({ classId: 112, logicalName: '0.0.19.10.0.255', attributeId: 2 })).toEqual({
      type: 'double-long',
      value: 700,
    });
    expect(await m.client.get({ classId: 113, logicalName: '0.0.19.20.0.255', attributeId: 2 })).toEqual({
      type: 'double-long',
      value: 100,
    });
    expect(await account(4)).toEqual({ type: 'bit-string', value: '10000000' });
    // Mode 1: the customer's button press reconnects.
    m.relay.pressButton(m.advance(1000));
    expect(m.relay.outputState).toBe(true);
    expect(m.events.map((e) => e.code)).toEqual([231, 230, 64, 61]);
  });

  it('changes the price with Charge update_unit_charge and activate_passive_unit_charge', async () => {
    const m = meter();
    await m.client.associate();
    const charge = { classId: 113, logicalName: '0.0.19.20.0.255' };
    const unitCharge = await m.client.get({ ...charge, attributeId: 5 });
    expect(unitCharge).toMatchObject({ type: 'structure' });
    const newPrice = {
      type: 'structure',
      items: [
        {
          type: 'structure',
          items: [
            { type: 'integer', value: -3 },
            { type: 'integer', value: -1 },
          ],
        },
        {
          type: 'structure',
          items: [
            { type: 'long-unsigned', value: 3 },
            { type: 'octet-string', value: Uint8Array.of(1, 0, 1, 8, 0, 255) },
            { type: 'integer', value: 2 },
          ],
        },
        {
          type: 'array',
          items: [
            {
              type: 'structure',
              items: [
                { type: 'octet-string', value: new Uint8Array(0) },
                { type: 'long', value: 315 },
              ],
            },
          ],
        },
      ],
    } as const;
    await m.client.action({ ...charge, methodId: 1 }, newPrice);
    await m.client.action({ ...charge, methodId: 2 }, zero);
    expect(m.account.pricePerKwh).toBeCloseTo(31.5);
  });

  it('writes Limiter thresholds (event 67) and reads threshold_active', async () => {
    const m = meter();
    await m.client.associate();
    const lim = { classId: 71, logicalName: '0.0.17.0.0.255' };
    await m.client.set({ ...lim, attributeId: 4 }, { type: 'double-long-unsigned', value: 3000 });
    expect(await m.client.get({ ...lim, attributeId: 3 })).toEqual({
      type: 'double-long-unsigned',
      value: 3000,
    });
    await m.client.set({ ...lim, attributeId: 6 }, { type: 'double-long-unsigned', value: 30 });
    expect(m.limiter.minOverThresholdDurationSeconds).toBe(30);
    expect(m.events.map((e) => e.code)).toEqual([67]);
    await expect(
      m.client.set({ ...lim, attributeId: 3 }, { type: 'double-long-unsigned', value: 1 }),
    ).rejects.toMatchObject({ code: 3 });
  });
});
