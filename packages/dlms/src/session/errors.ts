import { ActionResult, DataAccessResult, enumName } from '../apdu/results.js';

/**
 * The meter answered a GET, SET or ACTION with a result other than success. `code` is the
 * Data-Access-Result or Action-Result of IEC 62056-5-3 §8.2.
 */
export class DlmsServiceError extends Error {
  override readonly name = 'DlmsServiceError';
  readonly code: number;
  readonly service: 'get' | 'set' | 'action';

  constructor(service: 'get' | 'set' | 'action', code: number, target: string) {
    const table = service === 'action' ? ActionResult : DataAccessResult;
    super(`${service.toUpperCase()} ${target} failed: ${enumName(table, code) ?? 'result'} (${code})`);
    this.service = service;
    this.code = code;
  }
}

/** The server refused the association (AARE result ≠ accepted) or its authentication failed. */
export class DlmsAssociationError extends Error {
  override readonly name = 'DlmsAssociationError';
}

/**
 * The peer broke the protocol: an unexpected APDU, a wrong invoke id, a block out of sequence,
 * an ExceptionResponse or ConfirmedServiceError, or a response over the agreed size.
 */
export class DlmsProtocolError extends Error {
  override readonly name = 'DlmsProtocolError';
}
