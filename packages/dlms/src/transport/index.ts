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
