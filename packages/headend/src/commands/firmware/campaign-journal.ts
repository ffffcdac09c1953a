/**
 * The firmware campaign journal: NDJSON beside the image files it names, one event per line
 * (version 1), fsync'd before the change it records is acted on:
 *
 * ```
 * {"v":1,"type":"campaign-created","at":…,"id":"…","by":"…","campaign":{…},"imageFile":"<id>.img","imageSha256":"…"}
 * {"v":1,"type":"meter-status","at":…,"id":"…","meterId":"GM…","status":{"state":"verified"},"versionBefore":"1.0.0"}
 * {"v":1,"type":"campaign-state","at":…,"id":"…","state":"halted","stage":1,"note":"…"}
 * ```
 */
import { createHash } from 'node:crypto';
import { mkdir, open, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { JournalCorruptError } from '../errors.js';
import type { Campaign, CampaignState, MeterFirmwareStatus } from './campaign-types.js';

/** The campaign fields fixed at creation. */
export type CampaignDefinition = Omit<Campaign, 'stage' | 'state' | 'note' | 'meters'>;

export type CampaignEvent =
  | {
      readonly v: 1;
      readonly type: 'campaign-created';
      readonly at: number;
      readonly id: string;
      readonly campaign: CampaignDefinition;
      readonly imageFile: string;
      readonly imageSha256: string;
    }
  | {
      readonly v: 1;
      readonly type: 'meter-status';
      readonly at: number;
      readonly id: string;
      readonly meterId: string;
      readonly status: MeterFirmwareStatus;
      readonly versionBefore?: string;
    }
  | {
      readonly v: 1;
      readonly type: 'campaign-state';
      readonly at: number;
      readonly id: string;
      readonly state: CampaignState;
      readonly stage: number;
      readonly note?: string;
    };

const TYPES = new Set(['campaign-created', 'meter-status', 'campaign-state']);

/** Whether a parsed line has the shape of a campaign event. */
export function isCampaignEvent(value: unknown): value is CampaignEvent {
  if (typeof value !== 'object' || value === null) return false;
  const e = value as Record<string, unknown>;
  return e.v === 1 && typeof e.type === 'string' && TYPES.has(e.type) && typeof e.id === 'string';
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Folder of the images of the journal at `journalPath`. */
export function imageDirectory(journalPath: string): string {
  return `${journalPath}.images`;
}

/** Writes and fsyncs an image file; returns its name inside the image folder. */
export async function storeImage(
  journalPath: string,
  campaignId: string,
  image: Uint8Array,
): Promise<string> {
  const name = `${campaignId}.img`;
  const path = join(imageDirectory(journalPath), name);
  await mkdir(dirname(path), { recursive: true });
  const handle = await open(path, 'w');
  try {
    await handle.write(image);
    await handle.sync();
  } finally {
    await handle.close();
  }
  return name;
}

/** Reads an image back and checks its SHA-256; throws {@link JournalCorruptError} on a mismatch. */
export async function loadImage(journalPath: string, name: string, sha256: string): Promise<Uint8Array> {
  const bytes = new Uint8Array(await readFile(join(imageDirectory(journalPath), name)));
  if (sha256Hex(bytes) !== sha256) {
    throw new JournalCorruptError(journalPath, 0, `image ${name} does not match its SHA-256 ${sha256}`);
  }
  return bytes;
}
