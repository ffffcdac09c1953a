import type { Campaign, CampaignStage, CampaignSummary, MeterFirmwareState } from './campaign-types.js';

/**
 * Splits `meterIds` into stages: stage i takes ⌈share_i × n⌉ meters in order (fewer when the
 * meters run out); meters left when the shares sum to less than 1 form a last stage. Throws
 * `RangeError` for a share outside (0, 1] or shares summing to more than 1.
 *
 * @example
 * planStages(['a', 'b', 'c', 'd', 'e'], [{ share: 0.2 }, { share: 0.4 }]); // [['a'], ['b', 'c'], ['d', 'e']]
 */
export function planStages(meterIds: readonly string[], stages: readonly CampaignStage[]): string[][] {
  const total = stages.reduce((s, x) => s + x.share, 0);
  for (const s of stages) {
    if (!(s.share > 0 && s.share <= 1))
      throw new RangeError(`A stage share must be in (0, 1], got ${s.share}`);
  }
  if (total > 1 + 1e-9) throw new RangeError(`Stage shares sum to ${total}, more than 1`);
  const out: string[][] = [];
  let next = 0;
  for (const s of stages) {
    const take = Math.ceil(s.share * meterIds.length - 1e-9);
    const stage = meterIds.slice(next, next + take);
    next += stage.length;
    if (stage.length > 0) out.push(stage);
  }
  if (next < meterIds.length) out.push(meterIds.slice(next));
  return out;
}

/** Counts meters per state; verified meters waiting for a scheduled activation count as finished. */
export function summarise(campaign: Pick<Campaign, 'meters' | 'activateAt'>): CampaignSummary {
  const counts: Record<MeterFirmwareState, number> = {
    pending: 0,
    transferring: 0,
    verifying: 0,
    verified: 0,
    activating: 0,
    activated: 0,
    failed: 0,
  };
  for (const s of Object.values(campaign.meters)) counts[s.state]++;
  const finished = counts.failed + counts.activated + counts.verified;
  return { counts, failureRate: finished === 0 ? 0 : counts.failed / finished };
}
