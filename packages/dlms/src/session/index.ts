export {
  type AssociationInfo,
  type AttributeRef,
  type ClientAuthentication,
  type ClientSecurity,
  DEFAULT_CLIENT_CONFORMANCE,
  DlmsClient,
  type DlmsClientOptions,
  type MethodRef,
} from './client.js';
export { DlmsAssociationError, DlmsProtocolError, DlmsServiceError } from './errors.js';
export { DlmsServer, ServerSession } from './server.js';
export {
  type AssociationPolicy,
  type AttributeAccess,
  type CosemServerObject,
  DataAccessError,
  type DlmsServerOptions,
  type RequestContext,
} from './server-types.js';
export type { ApduTransport } from './transport.js';
