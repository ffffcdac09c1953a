/** Image transfer (IEC 62056-6-2 §4.4.5): firmware upload in blocks, then verify and activate. */
import { arrayPart, converter, type DataConverter, enumPart, P, structPart } from './converter.js';

/** image_transfer_status (§4.4.5). */
export const ImageTransferStatus = {
  image_transfer_not_initiated: 0,
  image_transfer_initiated: 1,
  image_verification_initiated: 2,
  image_verification_successful: 3,
  image_verification_failed: 4,
  image_activation_initiated: 5,
  image_activation_successful: 6,
  image_activation_failed: 7,
} as const;
export type ImageTransferStatus = (typeof ImageTransferStatus)[keyof typeof ImageTransferStatus];

/** Image transfer `image_transfer_status`; any other enum value is rejected. */
export const imageTransferStatusConverter: DataConverter<ImageTransferStatus> = converter(
  'image_transfer_status',
  enumPart(Object.values(ImageTransferStatus)),
);

/** image_to_activate_info_element: an image ready for activation. */
export interface ImageToActivateInfo {
  readonly imageToActivateSize: number;
  readonly imageToActivateIdentification: Uint8Array;
  readonly imageToActivateSignature: Uint8Array;
}

/** Image transfer `image_to_activate_info`: array image_to_activate_info_element. */
export const imageToActivateInfoConverter: DataConverter<readonly ImageToActivateInfo[]> = converter(
  'image_to_activate_info',
  arrayPart(
    structPart<ImageToActivateInfo>({
      imageToActivateSize: P.doubleLongUnsigned,
      imageToActivateIdentification: P.octetString,
      imageToActivateSignature: P.octetString,
    }),
  ),
);

/** The parameter of `image_transfer_initiate` (method 1). */
export interface ImageTransferInitiate {
  readonly imageIdentifier: Uint8Array;
  /** Size of the whole image in bytes. */
  readonly imageSize: number;
}

export const imageTransferInitiateConverter: DataConverter<ImageTransferInitiate> = converter(
  'image_transfer_initiate',
  structPart<ImageTransferInitiate>({ imageIdentifier: P.octetString, imageSize: P.doubleLongUnsigned }),
);

/** The parameter of `image_block_transfer` (method 2). */
export interface ImageBlockTransfer {
  readonly imageBlockNumber: number;
  readonly imageBlockValue: Uint8Array;
}

export const imageBlockTransferConverter: DataConverter<ImageBlockTransfer> = converter(
  'image_block_transfer',
  structPart<ImageBlockTransfer>({ imageBlockNumber: P.doubleLongUnsigned, imageBlockValue: P.octetString }),
);
