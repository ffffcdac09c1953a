import { createHmac } from 'node:crypto';
import { hashInts, hashString, unit } from '../consumption/hash.js';
import { meterAddress } from '../fleet/addressing.js';
import { DEFAULT_MIX, type FleetSpec } from '../fleet/fleet-spec.js';
import type { MeterKind } from '../metrology/types.js';
import type { Topology } from '../topology/topology.js';
import type { MeterPlace } from '../topology/types.js';

/** Who a virtual meter is: everything here derives from (fleet seed, fleet index). */
export interface MeterIdentity {
  readonly index: number;
  /** Serial number, e.g. "GM00000042"; check meters "GMC0000007". */
  readonly id: string;
  readonly kind: MeterKind;
  /** Its own loopback address; it answers DLMS/COSEM on port 4059 there. */
  readonly address: string;
  /** DLMS system title: manufacturer "GMT" + 5-byte serial (Green Book §4.3.4). */
  readonly systemTitle: Uint8Array;
  /** Suite 0 global unicast encryption key and authentication key of the management client. */
  readonly encryptionKey: Uint8Array;
  readonly authenticationKey: Uint8Array;
  /** The reader association's LLS secret (8 digits). */
  readonly llsPassword: string;
  readonly phases: 1 | 3;
  readonly place: MeterPlace;
}

const CUSTOMER_PREFIX = 'GM';
const CHECK_PREFIX = 'GMC';

/** Meter id of a fleet index. */
export function meterIdOf(index: number, topology: Topology): string {
  return topology.isCheckMeter(index)
    ? `${CHECK_PREFIX}${String(index - topology.meters).padStart(7, '0')}`
    : `${CUSTOMER_PREFIX}${String(index + 1).padStart(8, '0')}`;
}

/** Fleet index of a meter id, or undefined when it is not one of this fleet's. */
export function meterIndexOfId(id: string, topology: Topology): number | undefined {
  const check = /^GMC(\d{7})$/.exec(id);
  if (check) {
    const t = Number(check[1]);
    return t < topology.transformerCount ? topology.meters + t : undefined;
  }
  const customer = /^GM(\d{8})$/.exec(id);
  if (customer) {
    const i = Number(customer[1]) - 1;
    return i >= 0 && i < topology.meters ? i : undefined;
  }
  return undefined;
}

function derive(seed: number, id: string, purpose: string, bytes: number): Uint8Array {
  const mac = createHmac('sha256', `gridmeter-fleet-${seed}`).update(`${id}:${purpose}`).digest();
  return new Uint8Array(mac.buffer, mac.byteOffset, bytes).slice();
}

/** The kind of customer meter at `index`, drawn from the mix by a hash of (seed, index). */
export function meterKindOf(
  spec: Pick<FleetSpec, 'seed' | 'mix'>,
  topology: Topology,
  index: number,
): MeterKind {
  if (topology.isCheckMeter(index)) return 'transformer-check';
  const u = unit(hashInts(hashString(spec.seed, 'kind'), index));
  let acc = 0;
  const mix = spec.mix ?? DEFAULT_MIX;
  for (const [kind, fraction] of Object.entries(mix) as [MeterKind, number][]) {
    acc += fraction;
    if (u < acc) return kind;
  }
  return 'household';
}

/**
 * The identity of fleet member `index`. Keys come from an HMAC of the seed, so a head-end given
 * the same seed (or the exported key file) can talk to any meter.
 */
export function meterIdentity(spec: FleetSpec, topology: Topology, index: number): MeterIdentity {
  const id = meterIdOf(index, topology);
  const kind = meterKindOf(spec, topology, index);
  const serial = new Uint8Array(8);
  serial.set([0x47, 0x4d, 0x54]); // "GMT"
  new DataView(serial.buffer).setUint32(4, index);
  let llsPassword: string | undefined;
  return {
    index,
    id,
    kind,
    address: meterAddress(index),
    systemTitle: serial,
    encryptionKey: derive(spec.seed, id, 'ek', 16),
    authenticationKey: derive(spec.seed, id, 'ak', 16),
    // Derived when first asked: only the reader (LLS) association needs it.
    get llsPassword() {
      if (llsPassword === undefined) {
        const pw = derive(spec.seed, id, 'lls', 4);
        llsPassword = String(new DataView(pw.buffer).getUint32(0) % 100_000_000).padStart(8, '0');
      }
      return llsPassword;
    },
    phases: kind === 'industrial' || kind === 'transformer-check' || kind === 'commercial' ? 3 : 1,
    place: topology.placeOf(index),
  };
}
