import { CodecError, toHex } from '@gridmeter/codec';
import {
  type Apdu,
  ApduTag,
  type CipheredApdu,
  type DataNotification,
  DlmsSecurityError,
  type DlmsSecurityReason,
  decipherApdu,
  decodeApdu,
  decodeCipheredApdu,
  type EventNotificationRequest,
  InvocationCounterGuard,
  isCipheredApduTag,
  isCipheredTag,
  type SecurityKeys,
  SYSTEM_TITLE_LENGTH,
} from '@gridmeter/dlms';
import { type Clock, type MeterEvent, meterId, systemClock } from '@gridmeter/domain';
import type { MeterRecord } from '../registry/types.js';
import { parsePushNotification, pushEventLog } from './notification.js';
import type { PushRegistry, PushRejectReason, PushSender } from './types.js';

/** The outcome of one push: its events, or why it was rejected. */
export type PushResult =
  | { readonly ok: true; readonly meterId: string; readonly events: readonly MeterEvent[] }
  | {
      readonly ok: false;
      readonly reason: PushRejectReason;
      readonly message: string;
      readonly meterId?: string;
      readonly systemTitle?: string;
    };

/** Options of {@link PushProcessor}. */
export interface PushProcessorOptions {
  readonly registry: PushRegistry;
  /** Receipt time of pushes that carry none; the system clock by default. */
  readonly clock?: Clock;
}

type Notification = DataNotification | EventNotificationRequest;

const SECURITY_REASONS: Readonly<Record<DlmsSecurityReason, PushRejectReason>> = {
  'authentication-failed': 'authentication-failed',
  replay: 'replay',
  'counter-exhausted': 'replay',
  'key-unwrap-failed': 'missing-key',
  'missing-key': 'missing-key',
  unsupported: 'unsupported-security',
};

class Rejection {
  constructor(
    readonly reason: PushRejectReason,
    readonly message: string,
  ) {}
}

/**
 * Turns one pushed APDU into domain {@link MeterEvent}s, sans I/O. A general-glo-ciphered push
 * (IEC 62056-5-3 §9.2.7: it carries the sender's system title) is deciphered with the keys of the
 * meter the registry holds for that title and must authenticate, with a fresh invocation counter
 * per meter; a glo-event-notification-request is deciphered the same way for the meter at the
 * source address. A plain push is accepted only from the meter at the source address, and only
 * when that meter's association uses no security; the same holds for a ciphered push without
 * authentication. Never throws: every failure is a {@link PushResult} with a reason.
 *
 * @example
 * const processor = new PushProcessor({ registry });
 * const result = processor.process(frame.apdu, { transport: 'udp', address: '127.1.0.7', port: 40001 });
 * if (result.ok) for (const e of result.events) publish(e);
 */
export class PushProcessor {
  readonly #registry: PushRegistry;
  readonly #clock: Clock;
  /** Replay guards, one per meter id (the last accepted invocation counter per key). */
  readonly #guards = new Map<string, InvocationCounterGuard>();

  constructor(options: PushProcessorOptions) {
    this.#registry = options.registry;
    this.#clock = options.clock ?? systemClock;
  }

  /** Handles one APDU (the payload of one wrapper frame) from `sender`. */
  process(apdu: Uint8Array, sender: PushSender): PushResult {
    let meter: MeterRecord | undefined;
    let systemTitle: string | undefined;
    try {
      const tag = apdu[0];
      if (tag === undefined) throw new Rejection('malformed-apdu', 'Empty APDU');
      const receivedAt = this.#clock.now();
      let notification: Notification;
      if (isCipheredApduTag(tag)) {
        const ciphered = decodeEnvelope(apdu);
        if (ciphered.type !== 'service-specific-ciphering') systemTitle = toHex(ciphered.systemTitle);
        meter = this.#cipheredSender(ciphered, sender);
        notification = this.#decipher(apdu, ciphered, meter);
      } else {
        notification = asNotification(decodePlain(apdu));
        meter = this.#meterAt(sender.address, 'plain');
        if (meter.association.security !== 'none') {
          throw new Rejection(
            'unauthenticated',
            `Plain push from ${sender.address}: meter ${meter.id} requires security '${meter.association.security}'`,
          );
        }
      }
      const parsed = parsePushNotification(notification, receivedAt);
      if (parsed.claimedMeterId !== undefined && parsed.claimedMeterId !== meter.id) {
        throw new Rejection(
          'sender-mismatch',
          `Push from meter ${meter.id} names meter ${JSON.stringify(parsed.claimedMeterId)}`,
        );
      }
      const event: MeterEvent = {
        meterId: meterId(meter.id),
        occurredAt: parsed.occurredAt,
        code: parsed.code,
        log: pushEventLog(parsed.code),
        details: parsed.details,
        source: 'push',
      };
      return { ok: true, meterId: meter.id, events: [event] };
    } catch (e) {
      const { reason, message } =
        e instanceof Rejection ? e : { reason: 'internal-error' as const, message: describe(e) };
      return {
        ok: false,
        reason,
        message,
        ...(meter === undefined ? {} : { meterId: meter.id }),
        ...(systemTitle === undefined ? {} : { systemTitle }),
      };
    }
  }

  /** Forgets a meter's replay window (after its keys were renewed). */
  resetReplayWindow(meterIdValue: string): void {
    this.#guards.delete(meterIdValue);
  }

  #cipheredSender(ciphered: CipheredApdu, sender: PushSender): MeterRecord {
    if (
      ciphered.type === 'general-ded-ciphering' ||
      (ciphered.type === 'service-specific-ciphering' && ciphered.keyKind === 'dedicated')
    ) {
      throw new Rejection('unsupported-security', 'Push under a dedicated key: pushes use the global key');
    }
    const sc = ciphered.securityControl;
    if (sc.suite !== 0 || sc.compressed || sc.broadcastKey) {
      throw new Rejection(
        'unsupported-security',
        `Push with security suite ${sc.suite}${sc.compressed ? ', compressed' : ''}${sc.broadcastKey ? ', broadcast key' : ''}`,
      );
    }
    if (ciphered.type === 'service-specific-ciphering') {
      if (ciphered.plainTag !== ApduTag.EventNotificationRequest) {
        throw new Rejection(
          'not-a-notification',
          `Ciphered APDU 0x${ciphered.tag.toString(16)} is not a notification`,
        );
      }
      return this.#meterAt(sender.address, 'glo-');
    }
    if (ciphered.systemTitle.length !== SYSTEM_TITLE_LENGTH) {
      throw new Rejection(
        'malformed-apdu',
        `System title of ${ciphered.systemTitle.length} bytes (suite 0 needs ${SYSTEM_TITLE_LENGTH})`,
      );
    }
    const meter = this.#registry.bySystemTitle(ciphered.systemTitle);
    if (meter === undefined) {
      throw new Rejection('unknown-sender', `No meter with system title ${toHex(ciphered.systemTitle)}`);
    }
    return active(meter);
  }

  #meterAt(address: string, what: string): MeterRecord {
    const meter = this.#registry.byEndpointHost?.(address);
    if (meter === undefined) throw new Rejection('unknown-sender', `No meter at ${address} (${what} push)`);
    return active(meter);
  }

  #decipher(bytes: Uint8Array, ciphered: CipheredApdu, meter: MeterRecord): Notification {
    const noSecurity = meter.association.security === 'none';
    if (!ciphered.securityControl.authenticated && !noSecurity) {
      throw new Rejection(
        'unauthenticated',
        `Unauthenticated push from meter ${meter.id}, whose association requires '${meter.association.security}'`,
      );
    }
    const credentials = this.#registry.credentials(meter.id);
    const { encryptionKey, authenticationKey, serverSystemTitle } = credentials;
    if (encryptionKey === undefined || authenticationKey === undefined) {
      throw new Rejection(
        'missing-key',
        `Meter ${meter.id} has no global encryption and authentication keys`,
      );
    }
    const keys: SecurityKeys =
      serverSystemTitle === undefined
        ? { encryptionKey, authenticationKey }
        : { encryptionKey, authenticationKey, systemTitle: serverSystemTitle };
    let guard = this.#guards.get(meter.id);
    if (guard === undefined) {
      guard = new InvocationCounterGuard();
      this.#guards.set(meter.id, guard);
    }
    let plain: Uint8Array;
    try {
      plain = decipherApdu(bytes, () => keys, { acceptUnauthenticated: noSecurity, replayGuard: guard }).apdu;
    } catch (e) {
      if (e instanceof DlmsSecurityError) throw new Rejection(SECURITY_REASONS[e.reason], e.message);
      if (e instanceof CodecError || e instanceof RangeError)
        throw new Rejection('malformed-apdu', e.message);
      throw e;
    }
    return asNotification(decodePlain(plain));
  }
}

function active(meter: MeterRecord): MeterRecord {
  if (meter.state === 'decommissioned') {
    throw new Rejection('meter-decommissioned', `Meter ${meter.id} is decommissioned`);
  }
  return meter;
}

function decodeEnvelope(bytes: Uint8Array): CipheredApdu {
  if (!isCipheredTag(bytes[0]!)) {
    throw new Rejection('unsupported-security', `Ciphered APDU 0x${bytes[0]!.toString(16)} is not supported`);
  }
  try {
    return decodeCipheredApdu(bytes);
  } catch (e) {
    throw new Rejection('malformed-apdu', describe(e));
  }
}

function decodePlain(bytes: Uint8Array): Apdu {
  try {
    return decodeApdu(bytes);
  } catch (e) {
    throw new Rejection('malformed-apdu', describe(e));
  }
}

function asNotification(apdu: Apdu): Notification {
  if (apdu.type === 'data-notification' || apdu.type === 'event-notification-request') return apdu;
  throw new Rejection('not-a-notification', `APDU ${apdu.type} is not a notification`);
}

function describe(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}
