import type { FirmwareModule } from './transfer.js';

/** Where one meter of a campaign is. */
export type MeterFirmwareStatus =
  | { readonly state: 'pending' }
  | { readonly state: 'transferring'; readonly block: number; readonly blocks: number }
  | { readonly state: 'verifying' }
  | { readonly state: 'verified' }
  | { readonly state: 'activating' }
  | { readonly state: 'activated'; readonly version: string }
  | { readonly state: 'failed'; readonly reason: string; readonly step?: string };

export type MeterFirmwareState = MeterFirmwareStatus['state'];

/**
 * A campaign is `running` until every meter ended (`completed`), or `halted` when the failure
 * rate of the finished meters passed `maxFailureRate` (or an operator halted it): a halted
 * campaign starts no further transfer or activation.
 */
export type CampaignState = 'running' | 'halted' | 'completed';

/** One rollout stage: a share of the campaign's meters. */
export interface CampaignStage {
  /** 0 < share ≤ 1 of all meters. */
  readonly share: number;
}

/** What `FirmwareCampaigns.create` takes. */
export interface CampaignRequest {
  readonly imageId: string;
  readonly image: Uint8Array;
  readonly module: FirmwareModule;
  readonly meterIds: readonly string[];
  /** Largest block to send (the meter's image_block_size wins when smaller). */
  readonly blockSize?: number;
  /** Activate every verified meter at this instant (epoch ms); absent = right after verification. */
  readonly activateAt?: number;
  /** Shares of the meters per stage, in order; a remainder forms a last stage. */
  readonly stages: readonly CampaignStage[];
  /** 0–1: the campaign halts when failed / finished meters exceeds this. */
  readonly maxFailureRate: number;
  /** The version the meters must report after activation; absent = it must differ from before. */
  readonly expectedVersion?: string;
  readonly requestedBy?: string;
}

/** A campaign as it stands. */
export interface Campaign {
  readonly id: string;
  readonly imageId: string;
  readonly module: FirmwareModule;
  readonly imageSize: number;
  readonly blockSize?: number;
  readonly activateAt?: number;
  readonly maxFailureRate: number;
  readonly expectedVersion?: string;
  readonly requestedBy: string;
  readonly createdAt: number;
  /** Meter ids per stage. */
  readonly stages: readonly (readonly string[])[];
  /** Index of the stage being rolled out (stages.length once all were started). */
  readonly stage: number;
  readonly state: CampaignState;
  /** Why it halted. */
  readonly note?: string;
  readonly meters: Readonly<Record<string, MeterFirmwareStatus>>;
}

/** Counts per meter state and the failure rate of the finished meters. */
export interface CampaignSummary {
  readonly counts: Readonly<Record<MeterFirmwareState, number>>;
  /** failed / (failed + activated + verified-awaiting-activation); 0 when none finished. */
  readonly failureRate: number;
}
