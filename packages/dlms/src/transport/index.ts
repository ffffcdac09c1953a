export { HdlcTcpClient, type HdlcTcpClientOptions } from './hdlc-tcp-client.js';
export { type HdlcTcpListener, type HdlcTcpServerOptions, listenHdlcTcp } from './hdlc-tcp-server.js';
export {
  DlmsConnectionError,
  DlmsTimeoutError,
  WrapperTcpClient,
  type WrapperTcpClientOptions,
} from './wrapper-tcp-client.js';
export {
  listenWrapperTcp,
  type WrapperTcpListener,
  type WrapperTcpServerOptions,
} from './wrapper-tcp-server.js';
