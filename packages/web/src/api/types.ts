/**
 * The API's request and response shapes, as `@gridmeter/api` declares them (TypeBox schemas →
 * `…Dto` types). Type-only: nothing of the API's code reaches the browser bundle. The few names
 * the API does not export on their own are derived here from its DTOs.
 */
import type { CampaignDto, IntervalDto, MeterDto, RoleDto, UsageDto } from '@gridmeter/api';

export type {
  BillDeterminantsDto,
  BillDto,
  BillLineDto,
  BillRunDto,
  BillSummaryDto,
  CampaignDto,
  ChannelDto,
  CommandActionDto,
  CommandDto,
  CommandStateDto,
  CreateCampaignBodyDto,
  CreateCommandBodyDto,
  FeederNodeDto,
  FirmwareImageDto,
  IntervalDto,
  IntervalSeriesDto,
  KpisDto,
  LoginResponseDto,
  MeterDetailDto,
  MeterDto,
  MeterEventDto,
  PageDto,
  PrepaymentAccountDto,
  PricesDto,
  RegisterReadDto,
  RegistersDto,
  ServicePointDto,
  StreamMessageDto,
  SupplyDto,
  TariffDto,
  TopologyDto,
  TransformerNodeDto,
  UsageBucketDto,
  UsageDto,
  UserDto,
  VeeExceptionDto,
} from '@gridmeter/api';

export type Role = RoleDto;
export type MeterKind = MeterDto['kind'];
export type QualityName = IntervalDto['quality'][number];
export type Granularity = UsageDto['granularity'];
export type FirmwareModule = CampaignDto['module'];
