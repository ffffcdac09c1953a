import { ActionResult, DataAccessError, ImageTransferStatus } from '@gridmeter/dlms';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MeterEvent } from './event-codes.js';
import { buildFirmwareImage, FirmwareImageError, parseFirmwareImage } from './firmware-image.js';
import { ImageTransfer } from './image-transfer.js';

const BLOCK = 64;
const id = new TextEncoder().encode('metrology-2.0.0');

function setup() {
  const events: MeterEvent[] = [];
  const it = new ImageTransfer({ imageBlockSize: BLOCK, onEvent: (e) => events.push(e) });
  return { it, events };
}

function send(it: ImageTransfer, image: Uint8Array, order?: number[]) {
  const count = Math.ceil(image.length / BLOCK);
  for (const i of order ?? Array.from({ length: count }, (_, k) => k)) {
    it.block(i, image.subarray(i * BLOCK, (i + 1) * BLOCK));
  }
}

const code = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    if (e instanceof DataAccessError) return e.code;
    throw e;
  }
  return 'no error';
};

describe('firmware image', () => {
  it('lays out magic, module, version, body length, body and SHA-256', () => {
    const image = buildFirmwareImage({
      module: 'communication',
      version: '1.2',
      body: Uint8Array.of(0xaa, 0xbb),
    });
    expect(Array.from(image.subarray(0, 15))).toEqual([
      0x47, 0x4d, 0x46, 0x57, 1, 2, 3, 0x31, 0x2e, 0x32, 0, 0, 0, 2, 0xaa,
    ]);
    expect(image.length).toBe(15 + 1 + 32);
    expect(parseFirmwareImage(image)).toMatchObject({ module: 'communication', version: '1.2' });
  });

  it('rejects every single flipped bit', () => {
    const image = buildFirmwareImage({ module: 'metrology', version: '2.0.0', body: new Uint8Array(40) });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: image.length * 8 - 1 }), (bit) => {
        const bad = image.slice();
        bad[bit >> 3] = (bad[bit >> 3] as number) ^ (1 << (bit & 7));
        expect(() => parseFirmwareImage(bad)).toThrow(FirmwareImageError);
      }),
    );
  });
});

describe('ImageTransfer', () => {
  it('takes blocks, verifies and activates a new metrology version (events 17, 18)', () => {
    const { it, events } = setup();
    const image = buildFirmwareImage({
      module: 'metrology',
      version: '2.0.0',
      body: new Uint8Array(300).fill(5),
    });
    expect(it.imageTransferStatus).toBe(ImageTransferStatus.image_transfer_not_initiated);
    it.initiate(id, image.length);
    expect(it.imageTransferStatus).toBe(ImageTransferStatus.image_transfer_initiated);
    send(it, image);
    expect(it.imageTransferredBlocksStatus).toBe('111111');
    expect(it.imageFirstNotTransferredBlockNumber).toBe(6);
    it.verify(100);
    expect(it.imageTransferStatus).toBe(ImageTransferStatus.image_verification_successful);
    expect(it.imageToActivateInfo).toEqual([
      {
        imageToActivateSize: image.length,
        imageToActivateIdentification: id,
        imageToActivateSignature: image.slice(-32),
      },
    ]);
    it.activate(200);
    expect(it.imageTransferStatus).toBe(ImageTransferStatus.image_activation_successful);
    expect(it.version('metrology')).toBe('2.0.0');
    expect(it.versionAt('metrology', 199)).toBe('1.0.0');
    expect(it.version('communication')).toBe('1.0.0');
    expect(events).toEqual([
      { at: 100, code: 17, log: 'firmware' },
      { at: 200, code: 18, log: 'firmware' },
    ]);
  });

  it('rejects an image with one flipped byte at verify (event 232) and keeps the version', () => {
    const { it, events } = setup();
    const image = buildFirmwareImage({ module: 'metrology', version: '2.0.0' });
    image[100] = (image[100] as number) ^ 0xff;
    it.initiate(id, image.length);
    send(it, image);
    expect(code(() => it.verify(5))).toBe(ActionResult.otherReason);
    expect(it.imageTransferStatus).toBe(ImageTransferStatus.image_verification_failed);
    expect(code(() => it.activate(6))).toBe(ActionResult.otherReason);
    expect(it.version('metrology')).toBe('1.0.0');
    expect(events.map((e) => e.code)).toEqual([232, 232]);
  });

  it('reports blocks out of order and missing in the bitmap', () => {
    const { it } = setup();
    const image = buildFirmwareImage({ module: 'communication', version: '3', body: new Uint8Array(400) });
    it.initiate(id, image.length); // 448 bytes: 7 blocks
    send(it, image, [3, 0, 6, 1]);
    expect(it.imageTransferredBlocksStatus).toBe('1101001');
    expect(it.imageFirstNotTransferredBlockNumber).toBe(2);
    expect(code(() => it.verify(1))).toBe(ActionResult.otherReason);
    send(it, image, [2, 4, 5]);
    it.verify(2);
    expect(it.imageTransferStatus).toBe(ImageTransferStatus.image_verification_successful);
  });

  it('refuses blocks before initiate, beyond the image, or of the wrong size', () => {
    const { it } = setup();
    expect(code(() => it.block(0, new Uint8Array(BLOCK)))).toBe(ActionResult.readWriteDenied);
    it.initiate(id, 100); // blocks of 64 and 36
    expect(code(() => it.block(2, new Uint8Array(BLOCK)))).toBe(ActionResult.scopeOfAccessViolated);
    expect(code(() => it.block(0, new Uint8Array(10)))).toBe(ActionResult.typeUnmatched);
    expect(code(() => it.block(1, new Uint8Array(BLOCK)))).toBe(ActionResult.typeUnmatched);
    expect(code(() => it.block(1, new Uint8Array(36)))).toBe('no error');
    it.imageTransferEnabled = false;
    expect(code(() => it.initiate(id, 100))).toBe(ActionResult.readWriteDenied);
  });

  it('fails activation when the failing flag is set (event 233), keeping the old version', () => {
    const { it, events } = setup();
    it.failing = true;
    const image = buildFirmwareImage({ module: 'communication', version: '9.9.9' });
    it.initiate(id, image.length);
    send(it, image);
    expect(code(() => it.activate(50))).toBe(ActionResult.otherReason);
    expect(it.imageTransferStatus).toBe(ImageTransferStatus.image_activation_failed);
    expect(it.version('communication')).toBe('1.0.0');
    expect(events.map((e) => e.code)).toEqual([17, 233]);
  });
});
