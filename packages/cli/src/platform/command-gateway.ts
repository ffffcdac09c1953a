/** The head-end's command service and firmware campaigns behind the API's {@link CommandGateway}. */
import type {
  CampaignRequest,
  CampaignSummary,
  CommandGateway,
  CommandRequest,
  CommandStep,
} from '@gridmeter/api';
import type { Command, CommandState } from '@gridmeter/domain';
import type { Campaign, CommandService, FirmwareCampaigns, FirmwareImageRef } from '@gridmeter/headend';

/** A firmware image the head-end holds. */
export interface HeldImage extends FirmwareImageRef {
  readonly id: string;
  readonly version: string;
}

function summaryOf(c: Campaign): CampaignSummary {
  const states = Object.values(c.meters);
  const count = (s: string) => states.filter((m) => m.state === s).length;
  const succeeded = count('activated');
  const failed = count('failed');
  return {
    id: c.id,
    imageId: c.imageId,
    module: c.module,
    state: c.state,
    meters: states.length,
    succeeded,
    failed,
    pending: states.length - succeeded - failed,
    createdAt: c.createdAt,
  };
}

/** {@link CommandGateway} over a running {@link CommandService} and {@link FirmwareCampaigns}. */
export class PlatformCommandGateway implements CommandGateway {
  constructor(
    private readonly service: CommandService,
    private readonly firmware: FirmwareCampaigns,
    private readonly held: readonly HeldImage[],
  ) {}

  submit(request: CommandRequest): Promise<Command> {
    return this.service.submit({
      meterId: request.meterId,
      action: request.action,
      requestedBy: request.requestedBy,
      ...(request.priority === undefined ? {} : { priority: request.priority }),
      ...(request.idempotencyKey === undefined ? {} : { idempotencyKey: request.idempotencyKey }),
      ...(request.expiresAt === undefined ? {} : { expiresAt: request.expiresAt }),
    });
  }

  get(id: string): Command | undefined {
    try {
      return this.service.get(id);
    } catch {
      return undefined;
    }
  }

  list(filter: { readonly meterId?: string; readonly state?: CommandState } = {}): readonly Command[] {
    return this.service.list(filter);
  }

  cancel(id: string, by: string): Promise<Command> {
    return this.service.cancel(id, by);
  }

  history(id: string): readonly CommandStep[] {
    return this.service
      .audit(id)
      .flatMap((a): CommandStep[] =>
        a.to === undefined
          ? []
          : [{ at: a.at, state: a.to, by: a.by, ...(a.detail === undefined ? {} : { detail: a.detail }) }],
      );
  }

  campaigns(): readonly CampaignSummary[] {
    return this.firmware.list().map(summaryOf);
  }

  async startCampaign(request: CampaignRequest): Promise<CampaignSummary> {
    const image = this.held.find((i) => i.id === request.imageId);
    if (!image) throw new RangeError(`unknown firmware image "${request.imageId}"`);
    const campaign = await this.firmware.create({
      imageId: image.id,
      image: image.image,
      module: request.module,
      meterIds: request.meterIds,
      stages: [{ share: 0.1 }, { share: 0.4 }],
      maxFailureRate: request.maxFailureRate ?? 0.1,
      expectedVersion: image.version,
      requestedBy: request.requestedBy,
      ...(request.activateAt === undefined ? {} : { activateAt: request.activateAt }),
    });
    return summaryOf(campaign);
  }

  images(): readonly { readonly id: string; readonly version: string; readonly bytes: number }[] {
    return this.held.map((i) => ({ id: i.id, version: i.version, bytes: i.image.byteLength }));
  }
}
