import {
  type CosemServerObject,
  DataAccessError,
  DataAccessResult,
  type DlmsData,
  pushObjectListConverter,
  sendDestinationAndMethodConverter,
  TransportService,
} from '@gridmeter/dlms';
import type { PushDestination } from '../fleet/push-sender.js';
import { fromData, sharedLogicalName } from './object-support.js';

/** The push setup a meter's alarms and power events use (IDIS push setup 0-0:25.9.0). */
export const PUSH_SETUP_LN = '0.0.25.9.0.255';

const PUSHED_OBJECTS = [
  { classId: 1, logicalName: sharedLogicalName('0.0.42.0.0.255'), attributeIndex: 2, dataIndex: 0 },
  { classId: 1, logicalName: sharedLogicalName('0.0.96.11.0.255'), attributeIndex: 2, dataIndex: 0 },
  { classId: 8, logicalName: sharedLogicalName('0.0.1.0.0.255'), attributeIndex: 2, dataIndex: 0 },
];

/** Where the meter's pushes go, and a way to push now. */
export interface PushControl {
  destination(): PushDestination | undefined;
  setDestination(d: PushDestination | undefined): void;
  pushNow(): void;
}

/**
 * Push setup (class 40 v0, IEC 62056-6-2 §4.4.7): push_object_list, send_destination_and_method
 * (writable: "host:port" over TCP or UDP — loopback addresses only, the simulator never sends
 * anywhere else), communication_window (always open), randomisation, retries, repetition delay,
 * and method 1 push, which sends a push at once.
 */
export class PushSetupObject implements CosemServerObject {
  readonly classId = 40;
  readonly version = 0;
  readonly logicalName = sharedLogicalName(PUSH_SETUP_LN);

  constructor(private readonly control: PushControl) {}

  get(attributeId: number): DlmsData {
    switch (attributeId) {
      case 2:
        return pushObjectListConverter.toData(PUSHED_OBJECTS);
      case 3: {
        const d = this.control.destination();
        return sendDestinationAndMethodConverter.toData({
          transportService: d?.transport === 'udp' ? TransportService.UDP : TransportService.TCP,
          destination: new TextEncoder().encode(d ? `${d.host}:${d.port}` : ''),
          message: 0,
        });
      }
      case 4:
        return { type: 'array', items: [] };
      case 5:
        return { type: 'long-unsigned', value: 0 };
      case 6:
        return { type: 'unsigned', value: 0 };
      case 7:
        return { type: 'long-unsigned', value: 0 };
      default:
        throw new DataAccessError(DataAccessResult.objectUndefined);
    }
  }

  set(attributeId: number, value: DlmsData): void {
    if (attributeId !== 3) throw new DataAccessError(DataAccessResult.readWriteDenied);
    const s = fromData(sendDestinationAndMethodConverter, value);
    if (s.transportService !== TransportService.TCP && s.transportService !== TransportService.UDP) {
      throw new DataAccessError(DataAccessResult.typeUnmatched, 'only TCP and UDP pushes are supported');
    }
    const text = new TextDecoder().decode(s.destination);
    if (text === '') {
      this.control.setDestination(undefined);
      return;
    }
    const m = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}):(\d{1,5})$/.exec(text);
    const port = m ? Number(m[2]) : 0;
    if (!m || port < 1 || port > 65535) {
      throw new DataAccessError(DataAccessResult.typeUnmatched, 'destination must be a loopback host:port');
    }
    this.control.setDestination({
      transport: s.transportService === TransportService.UDP ? 'udp' : 'tcp',
      host: m[1]!,
      port,
    });
  }

  action(methodId: number): undefined {
    if (methodId !== 1) throw new DataAccessError(DataAccessResult.objectUndefined);
    if (!this.control.destination())
      throw new DataAccessError(DataAccessResult.temporaryFailure, 'no destination');
    this.control.pushNow();
    return undefined;
  }
}
