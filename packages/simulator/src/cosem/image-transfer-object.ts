/**
 * Image transfer (IEC 62056-6-2 §4.4.5, class_id 18 version 0) at 0.0.44.0.0.255 over an
 * {@link ImageTransfer}: attributes 2–7 (image_transfer_enabled read-write, the rest read-only) and
 * methods 1 `image_transfer_initiate`, 2 `image_block_transfer`, 3 `image_verify`, 4
 * `image_activate`; the engine's DataAccessErrors are the ACTION results. Also the Data objects
 * (class_id 1) that show each module's active firmware version.
 */
import {
  type CosemServerObject,
  type DlmsData,
  imageBlockTransferConverter,
  imageToActivateInfoConverter,
  imageTransferInitiateConverter,
  imageTransferStatusConverter,
} from '@gridmeter/dlms';
import type { FirmwareModule } from '../meter/firmware-image.js';
import type { ImageTransfer } from '../meter/image-transfer.js';
import {
  fromData,
  noParameter,
  noSuchAttribute,
  noSuchMethod,
  readOnly,
  sharedLogicalName,
  simple,
} from './object-support.js';

/** Logical name of Image transfer (IEC 62056-6-1). */
export const IMAGE_TRANSFER_LN = '0.0.44.0.0.255';

/** The Data objects holding the active firmware version of each module (IDIS active firmware identifiers). */
export const FIRMWARE_VERSION_LN: Readonly<Record<FirmwareModule, string>> = {
  metrology: '1.0.0.2.0.255',
  communication: '0.0.0.2.1.255',
};

const blockSize = simple('image_block_size', 'double-long-unsigned');
const blocksStatus = simple('image_transferred_blocks_status', 'bit-string');
const firstNotTransferred = simple('image_first_not_transferred_block_number', 'double-long-unsigned');
const enabled = simple('image_transfer_enabled', 'boolean');

/**
 * @example
 * new ImageTransferObject(imageTransfer, () => clock.now());
 */
export class ImageTransferObject implements CosemServerObject {
  readonly classId = 18;
  readonly version = 0;
  readonly logicalName: Uint8Array;

  constructor(
    readonly imageTransfer: ImageTransfer,
    readonly now: () => number,
    name = IMAGE_TRANSFER_LN,
  ) {
    this.logicalName = sharedLogicalName(name);
  }

  get(attributeId: number): DlmsData {
    const it = this.imageTransfer;
    switch (attributeId) {
      case 2:
        return blockSize.toData(it.imageBlockSize);
      case 3:
        return blocksStatus.toData(it.imageTransferredBlocksStatus);
      case 4:
        return firstNotTransferred.toData(it.imageFirstNotTransferredBlockNumber);
      case 5:
        return enabled.toData(it.imageTransferEnabled);
      case 6:
        return imageTransferStatusConverter.toData(it.imageTransferStatus);
      case 7:
        return imageToActivateInfoConverter.toData(it.imageToActivateInfo);
      default:
        return noSuchAttribute(attributeId);
    }
  }

  set(attributeId: number, value: DlmsData): void {
    if (attributeId === 5) {
      this.imageTransfer.imageTransferEnabled = fromData(enabled, value);
      return;
    }
    if (attributeId >= 2 && attributeId <= 7) readOnly(attributeId);
    noSuchAttribute(attributeId);
  }

  action(methodId: number, parameters: DlmsData | undefined): undefined {
    const it = this.imageTransfer;
    switch (methodId) {
      case 1: {
        const p = fromData(imageTransferInitiateConverter, parameters);
        it.initiate(p.imageIdentifier, p.imageSize);
        return undefined;
      }
      case 2: {
        const p = fromData(imageBlockTransferConverter, parameters);
        it.block(p.imageBlockNumber, p.imageBlockValue);
        return undefined;
      }
      case 3:
        noParameter(parameters);
        it.verify(this.now());
        return undefined;
      case 4:
        noParameter(parameters);
        it.activate(this.now());
        return undefined;
      default:
        return noSuchMethod(methodId);
    }
  }
}

/**
 * Data (class_id 1) with a module's active firmware version as an octet-string of ASCII.
 *
 * @example
 * new FirmwareVersionObject(imageTransfer, 'metrology'); // 1.0.0.2.0.255
 */
export class FirmwareVersionObject implements CosemServerObject {
  readonly classId = 1;
  readonly version = 0;
  readonly logicalName: Uint8Array;

  constructor(
    readonly imageTransfer: ImageTransfer,
    readonly module: FirmwareModule,
    name = FIRMWARE_VERSION_LN[module],
  ) {
    this.logicalName = sharedLogicalName(name);
  }

  get(attributeId: number): DlmsData {
    if (attributeId !== 2) return noSuchAttribute(attributeId);
    return { type: 'octet-string', value: new TextEncoder().encode(this.imageTransfer.version(this.module)) };
  }
}
