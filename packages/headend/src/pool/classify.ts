import { CodecError } from '@gridmeter/codec';
import {
  AcseServiceUserDiagnostic,
  DataAccessResult,
  DlmsAssociationError,
  DlmsConnectionError,
  DlmsProtocolError,
  DlmsSecurityError,
  DlmsServiceError,
  DlmsTimeoutError,
} from '@gridmeter/dlms';
import { type Classification, PoolWorkError } from './types.js';

/** Socket error codes raised while a TCP connection is being set up (no session existed yet). */
const CONNECT_REFUSED_CODES = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL']);
/** Socket error codes raised when an established connection breaks. */
const CONNECTION_LOST_CODES = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED']);

/**
 * IEC 62056-5-3 / ISO 8650 acse-service-user diagnostics that say the credentials were wrong:
 * authentication-failure (13) and authentication-required (14).
 */
const AUTH_DIAGNOSTICS = [
  AcseServiceUserDiagnostic.authenticationFailure,
  AcseServiceUserDiagnostic.authenticationRequired,
];

const connectionLost: Classification = { reason: 'connection-lost', retryable: true };
const connectRefused: Classification = { reason: 'connect-refused', retryable: true };
const connectTimeout: Classification = { reason: 'connect-timeout', retryable: true };
const responseTimeout: Classification = { reason: 'response-timeout', retryable: true };
/** A garbled frame may be a one-off; a peer that always breaks the protocol fails twice. */
const protocolError: Classification = { reason: 'protocol-error', retryable: true, maxAttempts: 2 };
const authenticationFailed: Classification = { reason: 'authentication-failed', retryable: false };

/**
 * The pool's default error classifier for work that talks DLMS/COSEM over TCP.
 *
 * | error | reason | retried |
 * |---|---|---|
 * | `DlmsConnectionError` / socket error while connecting (ECONNREFUSED, EHOSTUNREACH …) | connect-refused | yes |
 * | `DlmsConnectionError` / socket error on an open connection (closed, ECONNRESET …) | connection-lost | yes |
 * | `DlmsTimeoutError` "Connect to … timed out", ETIMEDOUT | connect-timeout | yes |
 * | `DlmsTimeoutError` (no response) | response-timeout | yes |
 * | `DlmsAssociationError` caused by a transport error | as that error | as that error |
 * | `DlmsAssociationError` with an authentication diagnostic, HLS-GMAC proof refused, or caused by a `DlmsSecurityError` | authentication-failed | no |
 * | other `DlmsAssociationError` | association-refused | no |
 * | `DlmsServiceError` read-write-denied | access-denied | no |
 * | `DlmsServiceError` temporary-failure | other | yes |
 * | other `DlmsServiceError` (object undefined, …: the meter answered and will answer the same) | other | no |
 * | `DlmsProtocolError`, `CodecError` | protocol-error | once (2 attempts in all) |
 * | `DlmsSecurityError` (bad tag, replay, missing key …) | authentication-failed | no |
 * | `PoolWorkError` thrown by the work | its reason | no |
 * | anything else | other | yes |
 *
 * @example
 * classifyError(new DlmsTimeoutError('No response from 127.0.0.2:4059 within 10000 ms'));
 * // → { reason: 'response-timeout', retryable: true }
 */
export function classifyError(error: unknown): Classification {
  if (error instanceof PoolWorkError) return { reason: error.reason, retryable: false };
  if (error instanceof DlmsTimeoutError) {
    return /^Connect(ion)? to /i.test(error.message) ? connectTimeout : responseTimeout;
  }
  if (error instanceof DlmsConnectionError) return classifyConnectionError(error);
  if (error instanceof DlmsAssociationError) return classifyAssociationError(error);
  if (error instanceof DlmsServiceError) {
    if (error.code === DataAccessResult.readWriteDenied) return { reason: 'access-denied', retryable: false };
    return { reason: 'other', retryable: error.code === DataAccessResult.temporaryFailure };
  }
  if (error instanceof DlmsProtocolError || error instanceof CodecError) return protocolError;
  if (error instanceof DlmsSecurityError) return authenticationFailed;
  const socket = classifySocketError(error);
  if (socket) return socket;
  return { reason: 'other', retryable: true };
}

function classifyConnectionError(error: DlmsConnectionError): Classification {
  const socket = classifySocketError(error.cause);
  if (socket) return socket;
  // WrapperTcpClient.connect: "Cannot connect to host:port" when the socket fails before connecting.
  return /^Cannot connect to /.test(error.message) ? connectRefused : connectionLost;
}

function classifyAssociationError(error: DlmsAssociationError): Classification {
  for (let cause = error.cause, depth = 0; cause !== undefined && depth < 8; depth++) {
    if (cause instanceof DlmsSecurityError) return authenticationFailed;
    if (
      cause instanceof DlmsTimeoutError ||
      cause instanceof DlmsConnectionError ||
      classifySocketError(cause)
    ) {
      return classifyError(cause);
    }
    cause = cause instanceof Error ? cause.cause : undefined;
  }
  // DlmsClient: "Association refused: result R, acse-service-user diagnostic D".
  const diagnostic = /acse-service-user diagnostic (\d+)/.exec(error.message);
  if (diagnostic && AUTH_DIAGNOSTICS.includes(Number(diagnostic[1]) as 13 | 14)) return authenticationFailed;
  // DlmsClient: HLS-GMAC pass 3/4 refused ("did not accept f(StoC)", "failed to prove it knows the key").
  if (/^HLS-GMAC: the server (did not accept|failed to prove)/.test(error.message))
    return authenticationFailed;
  return { reason: 'association-refused', retryable: false };
}

/** Node.js socket errors carry `code` (ECONNREFUSED …) and `syscall` ('connect', 'read' …). */
function classifySocketError(error: unknown): Classification | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, syscall } = error as { code?: unknown; syscall?: unknown };
  if (typeof code !== 'string') return undefined;
  if (code === 'ETIMEDOUT')
    return syscall === 'connect' || syscall === undefined ? connectTimeout : responseTimeout;
  if (CONNECT_REFUSED_CODES.has(code)) return connectRefused;
  if (CONNECTION_LOST_CODES.has(code)) return syscall === 'connect' ? connectRefused : connectionLost;
  return undefined;
}
