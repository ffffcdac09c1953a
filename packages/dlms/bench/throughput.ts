/**
 * Encode and decode throughput of the DLMS/COSEM codec on one core.
 *
 *   npm run bench -w packages/dlms
 *
 * Messages: a GET-Response carrying a 96-interval load profile (clock, status, import, export per
 * row), plain and glo-ciphered with suite 0 (authenticated encryption); an AARQ; an 8-value
 * DataNotification. Decoding a ciphered response includes deciphering and authenticating it.
 */
import { cpus } from 'node:os';
import {
  type Apdu,
  cipherApdu,
  cosemDateTimeFromDate,
  cosemDateTimeToBytes,
  type DlmsData,
  decipherApdu,
  decodeApdu,
  encodeApdu,
  InvocationCounter,
  securityControlFor,
} from '../src/index.js';

const EK = Uint8Array.from({ length: 16 }, (_, i) => i);
const AK = Uint8Array.from({ length: 16 }, (_, i) => 0xd0 + i);
const TITLE = new TextEncoder().encode('GMT00001');
const start = Date.UTC(2026, 0, 1);

const rows: DlmsData[] = Array.from({ length: 96 }, (_, i) => ({
  type: 'structure',
  items: [
    {
      type: 'octet-string',
      value: cosemDateTimeToBytes(cosemDateTimeFromDate(new Date(start + (i + 1) * 900_000), 0, 0)),
    },
    { type: 'unsigned', value: 0 },
    { type: 'double-long-unsigned', value: 1_234_567 + i * 113 },
    { type: 'double-long-unsigned', value: 45_678 + i * 3 },
  ],
}));
const profileResponse: Apdu = {
  type: 'get-response-normal',
  invokeIdAndPriority: 0xc1,
  result: { type: 'data', data: { type: 'array', items: rows } },
};
const aarq: Apdu = {
  type: 'aarq',
  applicationContextName: '2.16.756.5.8.1.3',
  callingApTitle: new TextEncoder().encode('GMHES001'),
  senderAcseRequirements: true,
  mechanismName: '2.16.756.5.8.2.5',
  callingAuthenticationValue: Uint8Array.from({ length: 16 }, (_, i) => i * 7),
  userInformation: {
    type: 'initiate-request',
    responseAllowed: true,
    proposedDlmsVersionNumber: 6,
    proposedConformance: 0x7e1f,
    clientMaxReceivePduSize: 0xffff,
  },
};
const notification: Apdu = {
  type: 'data-notification',
  longInvokeIdAndPriority: 1,
  dateTime: cosemDateTimeToBytes(cosemDateTimeFromDate(new Date(start), 0, 0)),
  body: {
    type: 'structure',
    items: [
      { type: 'octet-string', value: new TextEncoder().encode('GM00000001') },
      { type: 'double-long-unsigned', value: 1_234_567 },
      { type: 'double-long-unsigned', value: 45_678 },
      { type: 'double-long-unsigned', value: 345 },
      { type: 'double-long-unsigned', value: 12 },
      { type: 'long-unsigned', value: 2301 },
      { type: 'long', value: -5 },
      { type: 'enum', value: 1 },
    ],
  },
};

const ic = new InvocationCounter(1);
const cipher = (plain: Uint8Array) =>
  cipherApdu(
    plain,
    {
      securityControl: securityControlFor('authenticated-encrypted'),
      systemTitle: TITLE,
      invocationCounter: ic.next(),
      encryptionKey: EK,
      authenticationKey: AK,
    },
    { kind: 'glo' },
  );
const keys = () => ({ encryptionKey: EK, authenticationKey: AK, systemTitle: TITLE });

/** Runs `fn` repeatedly for about `ms` after a warm-up; returns operations per second. */
function rate(fn: () => unknown, ms = 1500): number {
  const warm = performance.now() + 300;
  while (performance.now() < warm) fn();
  let n = 0;
  const t0 = performance.now();
  let t = t0;
  while (t - t0 < ms) {
    for (let i = 0; i < 200; i++) fn();
    n += 200;
    t = performance.now();
  }
  return (n * 1000) / (t - t0);
}

const plainProfile = encodeApdu(profileResponse);
const cipheredProfile = cipher(plainProfile);
const aarqBytes = encodeApdu(aarq);
const notificationBytes = encodeApdu(notification);

const cases: Array<[string, number, () => unknown]> = [
  ['GET-Response 96-interval profile, plain: encode', plainProfile.length, () => encodeApdu(profileResponse)],
  ['GET-Response 96-interval profile, plain: decode', plainProfile.length, () => decodeApdu(plainProfile)],
  [
    'GET-Response 96-interval profile, ciphered: encode',
    cipheredProfile.length,
    () => cipher(encodeApdu(profileResponse)),
  ],
  [
    'GET-Response 96-interval profile, ciphered: decode',
    cipheredProfile.length,
    () => decodeApdu(decipherApdu(cipheredProfile, keys).apdu),
  ],
  ['AARQ (HLS-GMAC, ciphered context): encode', aarqBytes.length, () => encodeApdu(aarq)],
  ['AARQ (HLS-GMAC, ciphered context): decode', aarqBytes.length, () => decodeApdu(aarqBytes)],
  ['DataNotification, 8 values: encode', notificationBytes.length, () => encodeApdu(notification)],
  ['DataNotification, 8 values: decode', notificationBytes.length, () => decodeApdu(notificationBytes)],
];

console.log(
  `DLMS codec throughput — Node ${process.versions.node}, ${cpus()[0]?.model ?? 'unknown CPU'}, one core`,
);
console.log(`${'case'.padEnd(54)} ${'bytes'.padStart(6)} ${'frames/s'.padStart(11)} ${'MB/s'.padStart(8)}`);
const results = new Map<string, number>();
for (const [name, bytes, fn] of cases) {
  const r = rate(fn);
  results.set(name, r);
  console.log(
    `${name.padEnd(54)} ${String(bytes).padStart(6)} ${Math.round(r).toLocaleString('en-US').padStart(11)} ${((r * bytes) / 1e6).toFixed(1).padStart(8)}`,
  );
}
const plain = results.get('GET-Response 96-interval profile, plain: decode')!;
const ciphered = results.get('GET-Response 96-interval profile, ciphered: decode')!;
console.log(
  `floor: plain profile decode ${Math.round(plain)} /s (>= 55,000: ${plain >= 55_000 ? 'met' : 'NOT met'}), ciphered ${Math.round(ciphered)} /s (>= 30,000: ${ciphered >= 30_000 ? 'met' : 'NOT met'})`,
);
