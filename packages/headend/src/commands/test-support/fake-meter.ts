/**
 * A meter in memory for the commands' unit tests: answers `get`/`set`/`action` on the objects the
 * executors use (Disconnect control, Limiter, Clock, Activity calendar, Special days, Credit,
 * Image transfer, firmware version, registers) the way the Blue Book says, and records every call.
 */
import {
  ActionResult,
  cosemDateTimeFromBytes,
  cosemDateTimeFromDate,
  cosemDateTimeToBytes,
  cosemDateTimeToEpochMs,
  DataAccessResult,
  type DlmsData,
  DlmsServiceError,
} from '@gridmeter/dlms';
import type { MeterProfile } from '../../registry/types.js';
import type { CommandSession, CosemClient } from '../ports.js';

type Ref = { readonly classId: number; readonly logicalName: string | Uint8Array };
const ln = (r: Ref) => (typeof r.logicalName === 'string' ? r.logicalName : r.logicalName.join('.'));

/** A profile with one register and one instantaneous value. */
export const FAKE_PROFILE: MeterProfile = {
  id: 'fake',
  clock: { classId: 8, obis: '0.0.1.0.0.255', attributeId: 2 },
  registers: [{ classId: 3, obis: '1.0.1.8.0.255', attributeId: 2, channel: '1-0:1.8.0*255' }],
  instantaneous: [
    { classId: 3, obis: '1.0.32.7.0.255', attributeId: 2, channel: '1-0:32.7.0*255', scaler: -1, unit: 35 },
  ],
  eventLogs: [],
};

/** Thrown by the fake when it "drops the connection". */
export class FakeConnectionLost extends Error {
  override readonly name = 'FakeConnectionLost';
}

export class FakeMeter implements CosemClient {
  readonly calls: string[] = [];
  controlState = 1;
  /** Where remote_reconnect leads from disconnected: 1 connected (control_mode 2, 4) or 2 ready (1, 3, 5, 6). */
  reconnectTo = 1;
  thresholdNormalW = 25_000;
  /** Meter time minus true time. */
  clockOffsetMs = 0;
  deviation = -60;
  activeCalendarName = new TextEncoder().encode('OLD');
  passive: Record<number, DlmsData> = {};
  activationTime: DlmsData = { type: 'octet-string', value: new Uint8Array(12).fill(0xff) };
  specialDays: DlmsData = { type: 'array', items: [] };
  tokenCredit = 1_000;
  registers: Record<string, { value: number; scaler: number; unit: number }> = {
    '1.0.1.8.0.255': { value: 123_456, scaler: 0, unit: 30 },
    '1.0.32.7.0.255': { value: 2301, scaler: -1, unit: 35 },
  };
  // Image transfer
  imageBlockSize = 64;
  imageTransferEnabled = true;
  imageStatus = 0;
  transfer: { id: Uint8Array; size: number; image: Uint8Array; got: boolean[] } | undefined;
  verified = false;
  versions: Record<string, string> = { metrology: '1.0.0', communication: '1.0.0' };
  /** Returns [module, version] of a good image, undefined for a corrupt one. */
  acceptImage: (image: Uint8Array) => [string, string] | undefined = () => ['communication', '2.0.0'];
  /** Drop the connection after this many more blocks (once). */
  dropAfterBlocks: number | undefined;
  blocksReceived: number[] = [];

  constructor(readonly now: () => number) {}

  /** A session over this meter. */
  session(): CommandSession & { closed: boolean } {
    const s = {
      client: this,
      profile: FAKE_PROFILE,
      closed: false,
      close: async () => {
        s.closed = true;
      },
    };
    return s;
  }

  async get(a: Ref & { attributeId: number }): Promise<DlmsData> {
    const name = ln(a);
    this.calls.push(`get ${a.classId}/${name}/${a.attributeId}`);
    const id = a.attributeId;
    switch (name) {
      case '0.0.96.3.10.255':
        if (id === 3) return { type: 'enum', value: this.controlState };
        break;
      case '0.0.17.0.0.255':
        if (id === 4) return { type: 'double-long-unsigned', value: this.thresholdNormalW };
        break;
      case '0.0.1.0.0.255':
        if (id === 2) return this.#dateTime(this.now() + this.clockOffsetMs);
        if (id === 3) return { type: 'long', value: this.deviation };
        break;
      case '0.0.13.0.0.255':
        if (id === 2) return { type: 'octet-string', value: this.activeCalendarName };
        if (id >= 6 && id <= 9) return this.passive[id] ?? { type: 'array', items: [] };
        if (id === 10) return this.activationTime;
        break;
      case '0.0.11.0.0.255':
        if (id === 2) return this.specialDays;
        break;
      case '0.0.19.10.0.255':
        if (id === 2) return { type: 'double-long', value: this.tokenCredit };
        break;
      case '0.0.44.0.0.255':
        return this.#imageAttribute(id);
      default: {
        const r = this.registers[name];
        if (r && id === 2) return { type: 'double-long-unsigned', value: r.value };
        if (r && id === 3)
          return {
            type: 'structure',
            items: [
              { type: 'integer', value: r.scaler },
              { type: 'enum', value: r.unit },
            ],
          };
        const module = Object.entries(VERSION_LN).find(([, l]) => l === name)?.[0];
        if (module && id === 2)
          return { type: 'octet-string', value: new TextEncoder().encode(this.versions[module]) };
      }
    }
    throw new DlmsServiceError('get', DataAccessResult.objectUndefined, `${name}/${id}`);
  }

  async getProfile(): Promise<DlmsData> {
    return { type: 'array', items: [] };
  }

  async set(a: Ref & { attributeId: number }, value: DlmsData): Promise<void> {
    const name = ln(a);
    this.calls.push(`set ${a.classId}/${name}/${a.attributeId}`);
    const id = a.attributeId;
    if (name === '0.0.17.0.0.255' && id === 4 && value.type === 'double-long-unsigned') {
      this.thresholdNormalW = value.value;
      return;
    }
    if (name === '0.0.1.0.0.255' && id === 2 && value.type === 'octet-string') {
      this.clockOffsetMs = cosemDateTimeToEpochMs(cosemDateTimeFromBytes(value.value)) - this.now();
      return;
    }
    if (name === '0.0.13.0.0.255' && id >= 6 && id <= 9) {
      this.passive[id] = value;
      return;
    }
    if (name === '0.0.13.0.0.255' && id === 10) {
      this.activationTime = value;
      return;
    }
    if (name === '0.0.11.0.0.255' && id === 2) {
      this.specialDays = value;
      return;
    }
    throw new DlmsServiceError('set', DataAccessResult.readWriteDenied, `${name}/${id}`);
  }

  async action(m: Ref & { methodId: number }, p?: DlmsData): Promise<DlmsData | undefined> {
    const name = ln(m);
    this.calls.push(`action ${m.classId}/${name}/${m.methodId}`);
    const refuse = () => {
      throw new DlmsServiceError('action', ActionResult.otherReason, `${name}/${m.methodId}`);
    };
    if (name === '0.0.96.3.10.255') {
      if (m.methodId === 1) this.controlState = 0;
      else if (m.methodId === 2 && this.controlState === 0) this.controlState = this.reconnectTo;
      return undefined;
    }
    if (name === '0.0.13.0.0.255' && m.methodId === 1) {
      const passiveName = this.passive[6];
      if (passiveName?.type === 'octet-string') this.activeCalendarName = new Uint8Array(passiveName.value);
      return undefined;
    }
    if (name === '0.0.19.10.0.255' && m.methodId === 1 && p?.type === 'double-long') {
      if (p.value <= 0) refuse();
      this.tokenCredit += p.value;
      return undefined;
    }
    if (name === '0.0.44.0.0.255') return this.#imageAction(m.methodId, p, refuse);
    return refuse();
  }

  #dateTime(ms: number): DlmsData {
    return {
      type: 'octet-string',
      value: cosemDateTimeToBytes(cosemDateTimeFromDate(new Date(ms), this.deviation, 0)),
    };
  }

  #imageAttribute(id: number): DlmsData {
    const t = this.transfer;
    switch (id) {
      case 2:
        return { type: 'double-long-unsigned', value: this.imageBlockSize };
      case 3:
        return { type: 'bit-string', value: t ? t.got.map((g) => (g ? '1' : '0')).join('') : '' };
      case 4: {
        const i = t ? t.got.indexOf(false) : 0;
        return { type: 'double-long-unsigned', value: t && i === -1 ? t.got.length : Math.max(0, i) };
      }
      case 5:
        return { type: 'boolean', value: this.imageTransferEnabled };
      case 6:
        return { type: 'enum', value: this.imageStatus };
      case 7:
        return {
          type: 'array',
          items:
            t && this.verified
              ? [
                  {
                    type: 'structure',
                    items: [
                      { type: 'double-long-unsigned', value: t.size },
                      { type: 'octet-string', value: t.id },
                      { type: 'octet-string', value: new Uint8Array(32) },
                    ],
                  },
                ]
              : [],
        };
      default:
        throw new DlmsServiceError('get', DataAccessResult.objectUndefined, `image transfer/${id}`);
    }
  }

  #imageAction(method: number, p: DlmsData | undefined, refuse: () => never): undefined {
    if (method === 1 && p?.type === 'structure') {
      const [idData, sizeData] = p.items;
      if (idData?.type !== 'octet-string' || sizeData?.type !== 'double-long-unsigned') return refuse();
      const t = this.transfer;
      const same =
        t && t.size === sizeData.value && t.id.join() === idData.value.join() && this.imageStatus === 1;
      if (!same) {
        const blocks = Math.ceil(sizeData.value / this.imageBlockSize);
        this.transfer = {
          id: idData.value,
          size: sizeData.value,
          image: new Uint8Array(sizeData.value),
          got: Array(blocks).fill(false),
        };
        this.verified = false;
        this.imageStatus = 1;
      }
      return undefined;
    }
    const t = this.transfer;
    if (!t) return refuse();
    if (method === 2 && p?.type === 'structure') {
      const [n, data] = p.items;
      if (n?.type !== 'double-long-unsigned' || data?.type !== 'octet-string') return refuse();
      const expected = Math.min(this.imageBlockSize, t.size - n.value * this.imageBlockSize);
      if (data.value.length !== expected) return refuse();
      if (this.dropAfterBlocks !== undefined && this.dropAfterBlocks-- <= 0) {
        this.dropAfterBlocks = undefined;
        throw new FakeConnectionLost('connection lost during block transfer');
      }
      t.image.set(data.value, n.value * this.imageBlockSize);
      t.got[n.value] = true;
      this.blocksReceived.push(n.value);
      this.imageStatus = 1;
      this.verified = false;
      return undefined;
    }
    if (method === 3 || (method === 4 && !this.verified)) {
      const accepted = t.got.every(Boolean) ? this.acceptImage(t.image) : undefined;
      if (!accepted) {
        this.imageStatus = 4;
        return refuse();
      }
      this.verified = true;
      this.imageStatus = 3;
      if (method === 3) return undefined;
    }
    if (method === 4) {
      const [module, version] = this.acceptImage(t.image) ?? refuse();
      this.versions[module] = version;
      this.imageStatus = 6;
      return undefined;
    }
    return refuse();
  }
}

const VERSION_LN: Record<string, string> = { metrology: '1.0.0.2.0.255', communication: '0.0.0.2.1.255' };
