/**
 * The steps of an image transfer on one meter (IEC 62056-6-2 §4.4.5, Image transfer class 18):
 * initiate, blocks, verify, activate, and the version check afterwards. Each step reads the
 * meter's own state first, so a transfer cut by a lost connection or a head-end restart resumes
 * where the meter says it stopped.
 */
import {
  DlmsServiceError,
  enumName,
  ImageTransferStatus,
  imageToActivateInfoConverter,
  imageTransferStatusConverter,
} from '@gridmeter/dlms';
import { FirmwareStepError } from '../errors.js';
import { bytesOf, IMAGE_TRANSFER, NO_PARAMETER, numberOf, sameBytes } from '../executors/cosem.js';
import type { CosemClient } from '../ports.js';

/** A firmware module a campaign can target (the `CommandAction` firmware-upgrade modules). */
export type FirmwareModule = 'metrology' | 'communication' | 'application';

/**
 * The Data objects (class 1) holding each module's active firmware identifier: IDIS active
 * firmware identifier 1-0:0.2.0 (metrology), 0-0:0.2.1 (communication), 0-0:0.2.0 (application).
 */
export const FIRMWARE_VERSION_OBJECTS: Readonly<Record<FirmwareModule, string>> = {
  metrology: '1.0.0.2.0.255',
  communication: '0.0.0.2.1.255',
  application: '0.0.0.2.0.255',
};

const attr = (attributeId: number) => ({ ...IMAGE_TRANSFER, attributeId });
const method = (methodId: number) => ({ ...IMAGE_TRANSFER, methodId });

/** What the meter says about its image transfer. */
export interface ImageTransferState {
  readonly status: ImageTransferStatus;
  /** True when image_to_activate_info names this image (identifier and size). */
  readonly holdsImage: boolean;
}

/** Reads image_transfer_status (attribute 6) and whether image_to_activate_info (7) holds `identifier`. */
export async function imageTransferState(
  client: CosemClient,
  identifier: Uint8Array,
  size: number,
): Promise<ImageTransferState> {
  const status = imageTransferStatusConverter.fromData(await client.get(attr(6)));
  const info = imageToActivateInfoConverter.fromData(await client.get(attr(7)));
  const holdsImage = info.some(
    (i) => i.imageToActivateSize === size && sameBytes(i.imageToActivateIdentification, identifier),
  );
  return { status, holdsImage };
}

export interface TransferOptions {
  readonly identifier: Uint8Array;
  readonly image: Uint8Array;
  /** Largest block to send; the meter's image_block_size wins when smaller. */
  readonly blockSize?: number;
  readonly signal?: AbortSignal;
  /** Called after each block the meter took, with blocks done (counting those it had) and the total. */
  readonly onProgress?: (done: number, blocks: number) => void;
}

/** What one transfer run did. */
export interface TransferReport {
  readonly blockSize: number;
  readonly blocks: number;
  /** Blocks sent in this run. */
  readonly sent: number;
  /** Blocks the meter already had when this run began. */
  readonly alreadyThere: number;
}

function stepError(step: FirmwareStepError['step'], what: string, e: unknown): FirmwareStepError {
  const why = e instanceof Error ? e.message : String(e);
  return new FirmwareStepError(step, `${what}: ${why}`, { cause: e });
}

/**
 * image_transfer_initiate (method 1), then every block the meter does not have yet (method 2),
 * read from image_transferred_blocks_status (attribute 3) and
 * image_first_not_transferred_block_number (attribute 4). A meter that is already initiated with
 * the same identifier and size keeps its blocks (§4.4.5), so a second run sends only the rest.
 */
export async function transferImage(client: CosemClient, options: TransferOptions): Promise<TransferReport> {
  const { identifier, image } = options;
  const enabled = await client.get(attr(5));
  if (enabled.type === 'boolean' && !enabled.value) {
    throw new FirmwareStepError('initiate', 'image_transfer_enabled is false on the meter');
  }
  const meterBlockSize = numberOf(await client.get(attr(2)), 'image_block_size');
  const blockSize = Math.min(options.blockSize ?? meterBlockSize, meterBlockSize);
  if (!(blockSize >= 1))
    throw new FirmwareStepError('initiate', `image_block_size ${meterBlockSize} is unusable`);
  try {
    await client.action(method(1), {
      type: 'structure',
      items: [
        { type: 'octet-string', value: identifier },
        { type: 'double-long-unsigned', value: image.length },
      ],
    });
  } catch (e) {
    throw stepError('initiate', 'image_transfer_initiate refused', e);
  }
  const blocks = Math.ceil(image.length / blockSize);
  const bits = await client.get(attr(3));
  const have = bits.type === 'bit-string' ? bits.value : '';
  const first = numberOf(await client.get(attr(4)), 'image_first_not_transferred_block_number');
  let alreadyThere = 0;
  for (let n = 0; n < blocks; n++) if (n < first || have[n] === '1') alreadyThere++;
  let done = alreadyThere;
  let sent = 0;
  for (let n = Math.min(first, blocks); n < blocks; n++) {
    if (have[n] === '1') continue;
    if (options.signal?.aborted) throw options.signal.reason;
    try {
      await client.action(method(2), {
        type: 'structure',
        items: [
          { type: 'double-long-unsigned', value: n },
          { type: 'octet-string', value: image.subarray(n * blockSize, (n + 1) * blockSize) },
        ],
      });
    } catch (e) {
      if (e instanceof DlmsServiceError)
        throw stepError('transfer', `image_block_transfer of block ${n} refused`, e);
      throw e;
    }
    sent++;
    done++;
    options.onProgress?.(done, blocks);
  }
  return { blockSize, blocks, sent, alreadyThere };
}

/** image_verify (method 3), then image_transfer_status must read image_verification_successful. */
export async function verifyImage(client: CosemClient): Promise<void> {
  try {
    await client.action(method(3), NO_PARAMETER);
  } catch (e) {
    if (e instanceof DlmsServiceError) throw stepError('verify', 'image_verify failed', e);
    throw e;
  }
  const status = imageTransferStatusConverter.fromData(await client.get(attr(6)));
  if (status !== ImageTransferStatus.image_verification_successful) {
    throw new FirmwareStepError(
      'verify',
      `after image_verify the meter reports ${enumName(ImageTransferStatus, status) ?? status}`,
    );
  }
}

/** image_activate (method 4), then image_transfer_status must read image_activation_successful. */
export async function activateImage(client: CosemClient): Promise<void> {
  try {
    await client.action(method(4), NO_PARAMETER);
  } catch (e) {
    if (e instanceof DlmsServiceError) throw stepError('activate', 'image_activate failed', e);
    throw e;
  }
  const status = imageTransferStatusConverter.fromData(await client.get(attr(6)));
  if (status !== ImageTransferStatus.image_activation_successful) {
    throw new FirmwareStepError(
      'activate',
      `after image_activate the meter reports ${enumName(ImageTransferStatus, status) ?? status}`,
    );
  }
}

/** The active firmware identifier of `module` as text. */
export async function readFirmwareVersion(
  client: CosemClient,
  module: FirmwareModule,
  objects: Readonly<Record<FirmwareModule, string>> = FIRMWARE_VERSION_OBJECTS,
): Promise<string> {
  const d = await client.get({ classId: 1, logicalName: objects[module], attributeId: 2 });
  return new TextDecoder().decode(bytesOf(d, `${module} firmware version`));
}

/** Checks the version after activation: `expected` when known, else any change from `before`. */
export function checkVersion(after: string, before: string | undefined, expected: string | undefined): void {
  if (expected !== undefined && after !== expected) {
    throw new FirmwareStepError(
      'version',
      `the meter runs version ${after} after activation, expected ${expected}`,
    );
  }
  if (expected === undefined && before !== undefined && after === before) {
    throw new FirmwareStepError('version', `the meter still runs version ${before} after activation`);
  }
}
