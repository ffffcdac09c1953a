/** Push setup (IEC 62056-6-2 §4.4.7): what a server pushes, where, how and when. */
import { type CaptureObjectDefinition, captureObjectDefinitionPart } from './common.js';
import { arrayPart, converter, type DataConverter, P, structPart } from './converter.js';

/** send_destination_and_method transport_service (§4.4.7); 200-255 are manufacturer specific. */
export const TransportService = {
  TCP: 0,
  UDP: 1,
  FTP: 2,
  SMTP: 3,
  SMS: 4,
  HDLC: 5,
  'M-Bus': 6,
  ZigBee: 7,
  DLMS_gateway: 8,
} as const;

/** send_destination_and_method message (§4.4.7); 128-255 are manufacturer specific. */
export const PushMessageType = {
  a_xdr_encoded_xdlms_apdu: 0,
  xml_encoded_xdlms_apdu: 1,
} as const;

/** Push setup `push_object_list`: array of object definitions, same shape as capture_object_definition. */
export const pushObjectListConverter: DataConverter<readonly CaptureObjectDefinition[]> = converter(
  'push_object_list',
  arrayPart(captureObjectDefinitionPart),
);

/** send_destination_and_method: how (`transportService`), to whom (`destination`, e.g. "host:port") and in what form. */
export interface SendDestinationAndMethod {
  readonly transportService: number;
  readonly destination: Uint8Array;
  readonly message: number;
}

/** Push setup `send_destination_and_method`. */
export const sendDestinationAndMethodConverter: DataConverter<SendDestinationAndMethod> = converter(
  'send_destination_and_method',
  structPart<SendDestinationAndMethod>({
    transportService: P.enum,
    destination: P.octetString,
    message: P.enum,
  }),
);

/** window_element: a period (two date-times, §4.1.6.1) in which the server may push. */
export interface CommunicationWindow {
  readonly startTime: Uint8Array;
  readonly endTime: Uint8Array;
}

/** Push setup `communication_window`: array window_element. */
export const communicationWindowConverter: DataConverter<readonly CommunicationWindow[]> = converter(
  'communication_window',
  arrayPart(structPart<CommunicationWindow>({ startTime: P.dateTime, endTime: P.dateTime })),
);

/** Push setup version 2 repetition_delay, in seconds: min × exponent^(retry-1) capped at max. */
export interface RepetitionDelay {
  readonly repetitionDelayMin: number;
  readonly repetitionDelayExponent: number;
  readonly repetitionDelayMax: number;
}

/** Push setup (version 2) `repetition_delay`; versions 0-1 carry a plain long-unsigned. */
export const repetitionDelayConverter: DataConverter<RepetitionDelay> = converter(
  'repetition_delay',
  structPart<RepetitionDelay>({
    repetitionDelayMin: P.longUnsigned,
    repetitionDelayExponent: P.longUnsigned,
    repetitionDelayMax: P.longUnsigned,
  }),
);

/** push_operation_method (Push setup version 2). */
export const PushOperationMethod = {
  unconfirmed_retry_on_supporting_layer_failure: 0,
  unconfirmed_retry_on_missing_supporting_layer_confirmation: 1,
  confirmed_retry_on_missing_confirmation: 2,
} as const;

/** confirmation_parameters (Push setup version 2). */
export interface ConfirmationParameters {
  readonly confirmationStartDate: Uint8Array;
  readonly confirmationIntervalSeconds: number;
}

/** Push setup (version 2) `confirmation_parameters`. */
export const confirmationParametersConverter: DataConverter<ConfirmationParameters> = converter(
  'confirmation_parameters',
  structPart<ConfirmationParameters>({
    confirmationStartDate: P.dateTime,
    confirmationIntervalSeconds: P.doubleLongUnsigned,
  }),
);
