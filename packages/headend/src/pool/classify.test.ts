import { CodecError } from '@gridmeter/codec';
import {
  DlmsAssociationError,
  DlmsAuthenticationError,
  DlmsConnectionError,
  DlmsProtocolError,
  DlmsServiceError,
  DlmsTimeoutError,
  InvocationCounterReplayError,
} from '@gridmeter/dlms';
import { describe, expect, it } from 'vitest';
import { classifyError } from './classify.js';
import { PoolWorkError } from './types.js';

/** A Node.js socket error as `net` raises it. */
function socketError(code: string, syscall: string): Error {
  return Object.assign(new Error(`${syscall} ${code} 127.0.0.2:4059`), { code, syscall });
}

describe('classifyError', () => {
  it.each([
    [
      'a refused TCP connect',
      new DlmsConnectionError('Cannot connect to 127.0.0.2:4059', {
        cause: socketError('ECONNREFUSED', 'connect'),
      }),
      'connect-refused',
      true,
    ],
    [
      'an unreachable host',
      new DlmsConnectionError('Cannot connect to 10.9.9.9:4059', {
        cause: socketError('EHOSTUNREACH', 'connect'),
      }),
      'connect-refused',
      true,
    ],
    [
      'a connect failure without a socket cause',
      new DlmsConnectionError('Cannot connect to 127.0.0.2:4059'),
      'connect-refused',
      true,
    ],
    [
      'a reset connection',
      new DlmsConnectionError('Connection to 127.0.0.2:4059 failed', {
        cause: socketError('ECONNRESET', 'read'),
      }),
      'connection-lost',
      true,
    ],
    [
      'a closed connection',
      new DlmsConnectionError('Connection to 127.0.0.2:4059 closed'),
      'connection-lost',
      true,
    ],
    ['a bare ECONNREFUSED', socketError('ECONNREFUSED', 'connect'), 'connect-refused', true],
    ['a bare EPIPE on write', socketError('EPIPE', 'write'), 'connection-lost', true],
    [
      'a connect timeout',
      new DlmsTimeoutError('Connect to 127.0.0.2:4059 timed out'),
      'connect-timeout',
      true,
    ],
    [
      'a response timeout',
      new DlmsTimeoutError('No response from 127.0.0.2:4059 within 10000 ms'),
      'response-timeout',
      true,
    ],
    [
      'an AARE rejection',
      new DlmsAssociationError('Association refused: result 1, acse-service-user diagnostic 2'),
      'association-refused',
      false,
    ],
    [
      'an AARE authentication-failure diagnostic',
      new DlmsAssociationError('Association refused: result 1, acse-service-user diagnostic 13'),
      'authentication-failed',
      false,
    ],
    [
      'an AARE authentication-required diagnostic',
      new DlmsAssociationError('Association refused: result 1, acse-service-user diagnostic 14'),
      'authentication-failed',
      false,
    ],
    [
      'a service-provider diagnostic 13 (not an authentication code there)',
      new DlmsAssociationError('Association refused: result 1, acse-service-provider diagnostic 13'),
      'association-refused',
      false,
    ],
    [
      'a refused HLS-GMAC reply',
      new DlmsAssociationError('HLS-GMAC: the server did not accept f(StoC)', {
        cause: new DlmsServiceError('action', 3, '0.0.40.0.0.255 m1'),
      }),
      'authentication-failed',
      false,
    ],
    [
      'a server that cannot prove the key',
      new DlmsAssociationError('HLS-GMAC: the server failed to prove it knows the key'),
      'authentication-failed',
      false,
    ],
    [
      'an association failure caused by a bad tag',
      new DlmsAssociationError('Association refused', {
        cause: new DlmsAuthenticationError('GCM tag mismatch'),
      }),
      'authentication-failed',
      false,
    ],
    [
      'an association cut by a response timeout',
      new DlmsAssociationError('HLS-GMAC: the server did not accept f(StoC)', {
        cause: new DlmsTimeoutError('No response from 127.0.0.2:4059 within 10000 ms'),
      }),
      'response-timeout',
      true,
    ],
    [
      'an association cut by a lost connection',
      new DlmsAssociationError('HLS-GMAC: the server did not accept f(StoC)', {
        cause: new DlmsConnectionError('Connection to 127.0.0.2:4059 closed'),
      }),
      'connection-lost',
      true,
    ],
    ['read-write-denied on GET', new DlmsServiceError('get', 3, '1.0.99.1.0.255 a2'), 'access-denied', false],
    [
      'read-write-denied on ACTION',
      new DlmsServiceError('action', 3, '0.0.96.3.10.255 m1'),
      'access-denied',
      false,
    ],
    ['temporary-failure on GET', new DlmsServiceError('get', 2, '1.0.99.1.0.255 a2'), 'other', true],
    ['object-undefined on GET', new DlmsServiceError('get', 4, '1.0.99.1.0.255 a2'), 'other', false],
    [
      'a DLMS protocol violation',
      new DlmsProtocolError('Expected an AARE, got get-response'),
      'protocol-error',
      true,
    ],
    [
      'a codec error',
      new CodecError('Cannot decode A-XDR: length 70000 exceeds 65535', 12),
      'protocol-error',
      true,
    ],
    [
      'a replayed invocation counter',
      new InvocationCounterReplayError('IC 5 not above 9', 5, 9),
      'authentication-failed',
      false,
    ],
    ['a bad GCM tag', new DlmsAuthenticationError('GCM tag mismatch'), 'authentication-failed', false],
    [
      'a PoolWorkError from nested work',
      new PoolWorkError('access-denied', 1, 'nested'),
      'access-denied',
      false,
    ],
    ['a plain Error', new Error('disk full'), 'other', true],
    ['a thrown string', 'boom', 'other', true],
  ])('classifies %s', (_name, error, reason, retryable) => {
    const c = classifyError(error);
    expect(c.reason).toBe(reason);
    expect(c.retryable).toBe(retryable);
  });

  it('allows a protocol error two attempts in all and other retryable errors no fewer than the policy', () => {
    expect(classifyError(new DlmsProtocolError('Block 3 out of sequence')).maxAttempts).toBe(2);
    expect(classifyError(new DlmsTimeoutError('No response')).maxAttempts).toBeUndefined();
  });
});
