/**
 * The head-end's push listener: DataNotifications and EventNotificationRequests that meters push
 * (last gasp, power restored, alarms) over the IEC 62056-47 wrapper on UDP and TCP, deciphered,
 * authenticated and published on the bus as domain meter events.
 */
export {
  MAX_DETAILS_DATA_CHARS,
  type ParsedPush,
  PushReasonCode,
  type PushTimeSource,
  parsePushNotification,
  pushEventLog,
} from './notification.js';
export {
  DEFAULT_MAX_PUSH_APDU_BYTES,
  DEFAULT_MAX_PUSH_CONNECTIONS,
  DEFAULT_PUSH_IDLE_TIMEOUT_MS,
  DEFAULT_UDP_RECEIVE_BUFFER_BYTES,
  type PushBound,
  type PushEndpoint,
  PushListener,
  type PushListenerOptions,
} from './push-listener.js';
export { PushProcessor, type PushProcessorOptions, type PushResult } from './push-processor.js';
export {
  PUSH_REJECT_REASONS,
  type PushRegistry,
  type PushRejectDetails,
  type PushRejectReason,
  type PushSender,
  type PushStats,
} from './types.js';
