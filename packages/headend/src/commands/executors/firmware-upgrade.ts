import { ImageTransferStatus } from '@gridmeter/dlms';
import { UnsupportedCommandError } from '../errors.js';
import {
  activateImage,
  checkVersion,
  imageTransferState,
  readFirmwareVersion,
  transferImage,
  verifyImage,
} from '../firmware/transfer.js';
import { ascii } from './cosem.js';
import type { Executor } from './types.js';

/**
 * `firmware-upgrade` of one meter: the image comes from `imageFor(imageId)`; transfer (resuming
 * the blocks the meter has), verify, and — when `activateAt` is absent or past — activate and
 * check the version. With a future `activateAt` the command ends once the image is verified;
 * schedule the activation with a firmware campaign for fleets.
 */
export const firmwareUpgrade: Executor<'firmware-upgrade'> = async (
  { client },
  action,
  { clock, imageFor, signal },
) => {
  if (!imageFor) throw new UnsupportedCommandError('firmware-upgrade needs an imageFor lookup');
  const ref = await imageFor(action.imageId);
  if (!ref) throw new UnsupportedCommandError(`No firmware image ${action.imageId}`);
  const identifier = ascii(action.imageId);
  const before = await readFirmwareVersion(client, action.module);
  const state = await imageTransferState(client, identifier, ref.image.length);
  let blocks = 0;
  if (!(state.holdsImage && state.status === ImageTransferStatus.image_verification_successful)) {
    const report = await transferImage(client, { identifier, image: ref.image, signal });
    blocks = report.blocks;
    await verifyImage(client);
  }
  if (action.activateAt !== undefined && action.activateAt > clock.now()) {
    return {
      detail: `image ${action.imageId} verified, not activated`,
      data: { imageId: action.imageId, blocks, before },
    };
  }
  await activateImage(client);
  const after = await readFirmwareVersion(client, action.module);
  checkVersion(after, before, ref.version);
  return {
    detail: `${action.module} firmware ${before} → ${after}`,
    data: { imageId: action.imageId, blocks, before, after },
  };
};
