/**
 * Image transfer (IEC 62056-6-2 §4.4.5, class_id 18) as an engine: initiate, blocks, verify,
 * activate, with image_transfer_status 0–7 as the Blue Book numbers them and the module versions
 * the activation changes (kept with their instant).
 *
 * Results of refused calls (thrown as `DataAccessError`): transfer disabled or not initiated →
 * read-write-denied; an image larger than `maxImageSize` or a block number beyond the image →
 * scope-of-access-violated; a block of the wrong length → type-unmatched; verification or
 * activation failing → other-reason (image_transfer_status says which).
 */
import {
  ActionResult,
  DataAccessError,
  type ImageToActivateInfo,
  ImageTransferStatus,
} from '@gridmeter/dlms';
import { EventCode, ignoreEvents, type OnMeterEvent } from './event-codes.js';
import {
  type FirmwareImage,
  FirmwareImageError,
  type FirmwareModule,
  parseFirmwareImage,
} from './firmware-image.js';
import { History } from './history.js';

export interface ImageTransferOptions {
  /** image_block_size in bytes (default 200). */
  readonly imageBlockSize?: number;
  /** image_transfer_enabled (default true). */
  readonly imageTransferEnabled?: boolean;
  /** The versions running at the start (default 1.0.0 for both modules). */
  readonly versions?: Readonly<Record<FirmwareModule, string>>;
  /** Largest image accepted by `initiate` (default 1 MiB). */
  readonly maxImageSize?: number;
  readonly onEvent?: OnMeterEvent;
}

interface Transfer {
  readonly identifier: Uint8Array;
  readonly size: number;
  readonly blockCount: number;
  readonly image: Uint8Array;
  readonly received: Uint8Array;
}

/**
 * The firmware update function of a virtual meter.
 *
 * @example
 * const it = new ImageTransfer({ imageBlockSize: 64 });
 * const image = buildFirmwareImage({ module: 'communication', version: '1.1.0' });
 * it.initiate(new TextEncoder().encode('comm-1.1.0'), image.length);
 * for (let i = 0; i * 64 < image.length; i++) it.block(i, image.subarray(i * 64, (i + 1) * 64));
 * it.activate(t); // verifies first; event 17, then 18
 * it.version('communication'); // '1.1.0'
 */
export class ImageTransfer {
  readonly imageBlockSize: number;
  imageTransferEnabled: boolean;
  /** Scenario flag: activation fails (event 233) and the old version stays. */
  failing = false;
  readonly maxImageSize: number;
  #status: ImageTransferStatus = ImageTransferStatus.image_transfer_not_initiated;
  #transfer: Transfer | undefined;
  #verified: FirmwareImage | undefined;
  readonly #versions: Record<FirmwareModule, History<string>>;
  readonly #onEvent: OnMeterEvent;

  constructor(options: ImageTransferOptions = {}) {
    this.imageBlockSize = options.imageBlockSize ?? 200;
    if (!Number.isInteger(this.imageBlockSize) || this.imageBlockSize < 1) {
      throw new RangeError(`image_block_size must be a positive integer, got ${this.imageBlockSize}`);
    }
    this.imageTransferEnabled = options.imageTransferEnabled ?? true;
    this.maxImageSize = options.maxImageSize ?? 1 << 20;
    this.#versions = {
      metrology: new History(options.versions?.metrology ?? '1.0.0'),
      communication: new History(options.versions?.communication ?? '1.0.0'),
    };
    this.#onEvent = options.onEvent ?? ignoreEvents;
  }

  get imageTransferStatus(): ImageTransferStatus {
    return this.#status;
  }

  /** The running version of `module`. */
  version(module: FirmwareModule): string {
    return this.#versions[module].latest;
  }

  /** The version `module` ran at instant `t`. */
  versionAt(module: FirmwareModule, t: number): string {
    return this.#versions[module].at(t);
  }

  /** image_transferred_blocks_status: one bit per block, '1' = transferred ('' before initiate). */
  get imageTransferredBlocksStatus(): string {
    const t = this.#transfer;
    return t ? Array.from(t.received, (r) => (r ? '1' : '0')).join('') : '';
  }

  /** image_first_not_transferred_block_number (the block count when all are in). */
  get imageFirstNotTransferredBlockNumber(): number {
    const t = this.#transfer;
    if (!t) return 0;
    const i = t.received.indexOf(0);
    return i === -1 ? t.blockCount : i;
  }

  /** image_to_activate_info: the verified image, or empty. */
  get imageToActivateInfo(): ImageToActivateInfo[] {
    const t = this.#transfer;
    const v = this.#verified;
    if (!t || !v) return [];
    return [
      {
        imageToActivateSize: t.size,
        imageToActivateIdentification: t.identifier,
        imageToActivateSignature: v.digest,
      },
    ];
  }

  /**
   * `image_transfer_initiate` (method 1). The same identifier and size while a transfer is
   * initiated resumes it (the received blocks are kept); anything else starts afresh.
   */
  initiate(identifier: Uint8Array, size: number): void {
    this.#enabled();
    if (!Number.isInteger(size) || size < 1 || size > this.maxImageSize) {
      throw new DataAccessError(
        ActionResult.scopeOfAccessViolated,
        `image_size ${size} is outside 1-${this.maxImageSize}`,
      );
    }
    const t = this.#transfer;
    const same =
      t &&
      t.size === size &&
      t.identifier.length === identifier.length &&
      t.identifier.every((b, i) => b === identifier[i]);
    if (same && this.#status === ImageTransferStatus.image_transfer_initiated) return;
    const blockCount = Math.ceil(size / this.imageBlockSize);
    this.#transfer = {
      identifier: identifier.slice(),
      size,
      blockCount,
      image: new Uint8Array(size),
      received: new Uint8Array(blockCount),
    };
    this.#verified = undefined;
    this.#status = ImageTransferStatus.image_transfer_initiated;
  }

  /** `image_block_transfer` (method 2): block `number` (from 0) of the image. */
  block(number: number, data: Uint8Array): void {
    this.#enabled();
    const t = this.#initiated();
    if (!Number.isInteger(number) || number < 0 || number >= t.blockCount) {
      throw new DataAccessError(
        ActionResult.scopeOfAccessViolated,
        `image_block_number ${number} is outside 0-${t.blockCount - 1}`,
      );
    }
    const offset = number * this.imageBlockSize;
    const expected = Math.min(this.imageBlockSize, t.size - offset);
    if (data.length !== expected) {
      throw new DataAccessError(
        ActionResult.typeUnmatched,
        `block ${number} must be ${expected} bytes, got ${data.length}`,
      );
    }
    t.image.set(data, offset);
    t.received[number] = 1;
    this.#verified = undefined;
    this.#status = ImageTransferStatus.image_transfer_initiated;
  }

  /**
   * `image_verify` (method 3): every block in, the image parses and its SHA-256 matches →
   * status 3 and event 17; else status 4, event 232, and an other-reason error.
   */
  verify(at: number): FirmwareImage {
    this.#enabled();
    const t = this.#initiated();
    this.#status = ImageTransferStatus.image_verification_initiated;
    try {
      const missing = t.received.indexOf(0);
      if (missing !== -1)
        throw new FirmwareImageError(`Cannot verify firmware image: block ${missing} is missing`);
      const image = parseFirmwareImage(t.image);
      this.#verified = image;
      this.#status = ImageTransferStatus.image_verification_successful;
      this.#onEvent({ at, code: EventCode.firmware_ready_for_activation, log: 'firmware' });
      return image;
    } catch (e) {
      if (!(e instanceof FirmwareImageError)) throw e;
      this.#verified = undefined;
      this.#status = ImageTransferStatus.image_verification_failed;
      this.#onEvent({ at, code: EventCode.firmware_verification_failed, log: 'firmware' });
      throw new DataAccessError(ActionResult.otherReason, e.message);
    }
  }

  /**
   * `image_activate` (method 4): verifies first when not yet verified (§4.4.5), then runs the new
   * version from `at` (event 18). With `failing` set: status 7, event 233, the old version stays.
   */
  activate(at: number): void {
    this.#enabled();
    this.#initiated();
    const image =
      this.#status === ImageTransferStatus.image_verification_successful && this.#verified
        ? this.#verified
        : this.verify(at);
    this.#status = ImageTransferStatus.image_activation_initiated;
    if (this.failing) {
      this.#status = ImageTransferStatus.image_activation_failed;
      this.#onEvent({ at, code: EventCode.firmware_activation_failed, log: 'firmware' });
      throw new DataAccessError(
        ActionResult.otherReason,
        `activation of ${image.module} ${image.version} failed`,
      );
    }
    this.#versions[image.module].record(at, image.version);
    this.#status = ImageTransferStatus.image_activation_successful;
    this.#onEvent({ at, code: EventCode.firmware_activated, log: 'firmware' });
  }

  #enabled(): void {
    if (!this.imageTransferEnabled) {
      throw new DataAccessError(ActionResult.readWriteDenied, 'image_transfer_enabled is false');
    }
  }

  #initiated(): Transfer {
    const t = this.#transfer;
    if (!t || this.#status === ImageTransferStatus.image_transfer_not_initiated) {
      throw new DataAccessError(ActionResult.readWriteDenied, 'no image transfer initiated');
    }
    return t;
  }
}
