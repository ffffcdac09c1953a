import { CodecError } from '@gridmeter/codec';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { conformance } from '../apdu/conformance.js';
import { DlmsSecurityError } from '../security/errors.js';
import { InvocationCounter } from '../security/invocation-counter.js';
import { ProfileObject, RegisterObject } from '../test-support/cosem-objects.js';
import { DlmsClient } from './client.js';
import { DlmsAssociationError, DlmsProtocolError, DlmsServiceError } from './errors.js';
import { DlmsServer } from './server.js';

const EK = Uint8Array.from({ length: 16 }, (_, i) => i);
const AK = Uint8Array.from({ length: 16 }, (_, i) => 0xd0 + i);

function makeServer() {
  return new DlmsServer({
    systemTitle: new TextEncoder().encode('GMT00003'),
    objects: [new RegisterObject('1.0.1.8.0.255', 5), new ProfileObject(Date.UTC(2026, 0, 1), 50)],
    associations: [
      {
        clientSap: 16,
        authentication: 'none',
        conformance: conformance(['get', 'blockTransferWithGetOrRead']),
      },
      {
        clientSap: 1,
        authentication: 'hls-gmac',
        security: { policy: 'authenticated-encrypted', encryptionKey: EK, authenticationKey: AK },
        conformance: conformance(['get', 'set', 'action']),
      },
    ],
  });
}

/** Valid request APDUs to mutate: an AARQ, a GET, a GET-next, an RLRQ. */
const SEEDS = [
  '601da109060760857405080101be10040e01000000065f1f0400401e1dffff',
  'c001c100030100010800ff0200',
  'c002c100000001',
  '6203800100',
].map((h) => Uint8Array.from(h.match(/../g)!.map((b) => Number.parseInt(b, 16))));

describe('a server session facing a hostile client', () => {
  it('answers random bytes, before and after association, without throwing', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.uint8Array({ maxLength: 80 }), { maxLength: 6 }),
        fc.boolean(),
        async (frames, associate) => {
          const session = makeServer().openSession(16);
          if (associate) await session.handle(SEEDS[0]!);
          for (const f of frames) {
            const answer = await session.handle(f);
            expect(answer === undefined || answer.length > 0).toBe(true);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('answers mutated valid requests without throwing', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...SEEDS),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }),
        async (seed, edits) => {
          const session = makeServer().openSession(16);
          await session.handle(SEEDS[0]!);
          const bytes = seed.slice();
          for (const [at, v] of edits) bytes[at % bytes.length] = v;
          await session.handle(bytes);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('a client facing a hostile server', () => {
  const typed = (e: unknown) =>
    e instanceof CodecError ||
    e instanceof DlmsProtocolError ||
    e instanceof DlmsServiceError ||
    e instanceof DlmsAssociationError ||
    e instanceof DlmsSecurityError;

  it('fails with a typed error on random responses, plain and ciphered', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.uint8Array({ maxLength: 60 }), { minLength: 1, maxLength: 4 }),
        fc.boolean(),
        async (answers, secured) => {
          const queue = [...answers];
          const client = new DlmsClient(
            { request: async () => queue.shift() ?? new Uint8Array(0), close: async () => {} },
            secured
              ? {
                  authentication: { mechanism: 'hls-gmac' },
                  security: {
                    policy: 'authenticated-encrypted',
                    systemTitle: new TextEncoder().encode('GMHES003'),
                    encryptionKey: EK,
                    authenticationKey: AK,
                    invocationCounter: new InvocationCounter(1),
                  },
                }
              : {},
          );
          try {
            await client.associate();
            await client.get({ classId: 3, logicalName: '1.0.1.8.0.255', attributeId: 2 });
          } catch (e) {
            if (!typed(e)) throw e;
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('refuses a block transfer that skips a block number', async () => {
    const server = makeServer();
    const session = server.openSession(16);
    let n = 0;
    const client = new DlmsClient(
      {
        async request(apdu) {
          const answer = (await session.handle(apdu))!;
          // Rewrite the third response's block number 2 → 3 (GET-Response-With-Datablock).
          if (++n === 3) answer[7] = 3;
          return answer;
        },
        close: async () => {},
      },
      { maxReceivePduSize: 128 },
    );
    await client.associate();
    await expect(client.get({ classId: 7, logicalName: '1.0.99.1.0.255', attributeId: 2 })).rejects.toThrow(
      /block 3 arrived, 2 expected/,
    );
  });
});
