/**
 * Every API call the console and the portal make, in one place: the routes of
 * `packages/api/README.md` with their query parameters and the shapes of `./types.ts`.
 */
import { Http, type HttpOptions, idempotencyKey } from '../lib/http.js';
import { seg } from '../lib/query.js';
import type {
  BillDto,
  BillRunDto,
  BillSummaryDto,
  CampaignDto,
  CommandActionDto,
  CommandDto,
  CommandStateDto,
  CreateCampaignBodyDto,
  FirmwareImageDto,
  Granularity,
  IntervalSeriesDto,
  KpisDto,
  LoginResponseDto,
  MeterDetailDto,
  MeterDto,
  MeterEventDto,
  MeterKind,
  PageDto,
  PrepaymentAccountDto,
  PricesDto,
  RegistersDto,
  ServicePointDto,
  SupplyDto,
  TariffDto,
  TopologyDto,
  UsageDto,
  UserDto,
  VeeExceptionDto,
} from './types.js';

export interface PageQuery {
  readonly limit?: number;
  readonly offset?: number;
}

export interface MeterFilter extends PageQuery {
  readonly q?: string;
  readonly kind?: MeterKind;
  readonly supply?: SupplyDto;
  readonly feederId?: string;
  readonly transformerId?: string;
  readonly role?: 'customer' | 'check';
}

/** An instant in ms as the ISO-8601 the API takes. */
const iso = (ms: number | undefined): string | undefined =>
  ms === undefined ? undefined : new Date(ms).toISOString();

/** The Gridmeter API. */
export class GridmeterApi {
  readonly http: Http;

  constructor(options: HttpOptions = {}) {
    this.http = new Http(options);
  }

  // Auth
  login(username: string, password: string): Promise<LoginResponseDto> {
    return this.http.post('/api/auth/login', { username, password });
  }
  logout(): Promise<void> {
    return this.http.post('/api/auth/logout');
  }
  me(): Promise<UserDto> {
    return this.http.get('/api/me');
  }

  // Fleet
  kpis(): Promise<KpisDto> {
    return this.http.get('/api/kpis');
  }
  alarms(query: PageQuery & { readonly from?: number } = {}): Promise<PageDto<MeterEventDto>> {
    return this.http.get('/api/alarms', {
      query: { limit: query.limit, offset: query.offset, from: iso(query.from) },
    });
  }
  meters(filter: MeterFilter = {}): Promise<PageDto<MeterDto>> {
    return this.http.get('/api/meters', {
      query: {
        q: filter.q,
        kind: filter.kind,
        role: filter.role,
        supply: filter.supply,
        feederId: filter.feederId,
        transformerId: filter.transformerId,
        limit: filter.limit,
        offset: filter.offset,
      },
    });
  }
  meter(id: string): Promise<MeterDetailDto> {
    return this.http.get(`/api/meters/${seg(id)}`);
  }
  intervals(
    id: string,
    range: { readonly from: number; readonly to: number; readonly channel?: string },
  ): Promise<IntervalSeriesDto> {
    return this.http.get(`/api/meters/${seg(id)}/intervals`, {
      query: { from: iso(range.from), to: iso(range.to), channel: range.channel },
    });
  }
  registers(id: string): Promise<RegistersDto> {
    return this.http.get(`/api/meters/${seg(id)}/registers`);
  }
  meterEvents(id: string, query: PageQuery = {}): Promise<PageDto<MeterEventDto>> {
    return this.http.get(`/api/meters/${seg(id)}/events`, {
      query: { limit: query.limit, offset: query.offset },
    });
  }
  topology(day?: number): Promise<TopologyDto> {
    return this.http.get('/api/topology', { query: { day: iso(day) } });
  }
  servicePoint(id: string): Promise<ServicePointDto> {
    return this.http.get(`/api/service-points/${seg(id)}`);
  }

  // Commands and firmware
  commands(
    filter: PageQuery & { readonly meterId?: string; readonly state?: CommandStateDto } = {},
  ): Promise<PageDto<CommandDto>> {
    return this.http.get('/api/commands', {
      query: { meterId: filter.meterId, state: filter.state, limit: filter.limit, offset: filter.offset },
    });
  }
  /** Submits a command; the idempotency key makes a retried click the same command. */
  command(meterId: string, action: CommandActionDto, key = idempotencyKey()): Promise<CommandDto> {
    return this.http.post('/api/commands', { meterId, action }, { headers: { 'idempotency-key': key } });
  }
  meterCommands(
    meterId: string,
    filter: PageQuery & { readonly state?: CommandStateDto } = {},
  ): Promise<PageDto<CommandDto>> {
    return this.http.get(`/api/meters/${seg(meterId)}/commands`, {
      query: { state: filter.state, limit: filter.limit, offset: filter.offset },
    });
  }
  /** Cancels a queued command (409 when it already started). */
  cancelCommand(id: string): Promise<CommandDto> {
    return this.http.post(`/api/commands/${seg(id)}/cancel`);
  }
  campaigns(): Promise<CampaignDto[]> {
    return this.http.get('/api/firmware/campaigns');
  }
  createCampaign(body: CreateCampaignBodyDto): Promise<CampaignDto> {
    return this.http.post('/api/firmware/campaigns', body);
  }
  firmwareImages(): Promise<FirmwareImageDto[]> {
    return this.http.get('/api/firmware/images');
  }

  // MDM
  veeExceptions(
    query: PageQuery & {
      readonly meterId?: string;
      readonly outcome?: 'failed' | 'suspect' | 'estimated';
    } = {},
  ): Promise<PageDto<VeeExceptionDto>> {
    return this.http.get('/api/vee/exceptions', {
      query: { meterId: query.meterId, outcome: query.outcome, limit: query.limit, offset: query.offset },
    });
  }
  tariffs(): Promise<TariffDto[]> {
    return this.http.get('/api/tariffs');
  }
  bills(
    filter: PageQuery & { readonly accountId?: string; readonly servicePointId?: string } = {},
  ): Promise<PageDto<BillSummaryDto>> {
    return this.http.get('/api/bills', {
      query: {
        accountId: filter.accountId,
        servicePointId: filter.servicePointId,
        limit: filter.limit,
        offset: filter.offset,
      },
    });
  }
  bill(id: string): Promise<BillDto> {
    return this.http.get(`/api/bills/${seg(id)}`);
  }
  billRuns(): Promise<BillRunDto[]> {
    return this.http.get('/api/bill-runs');
  }
  runBills(from: number, to: number): Promise<BillRunDto> {
    return this.http.post('/api/bill-runs', { from: iso(from), to: iso(to) });
  }

  // Customer (and staff, for any service point)
  /** A customer's own service points (staff get `[]`). */
  myServicePoints(): Promise<ServicePointDto[]> {
    return this.http.get('/api/me/service-points');
  }
  usage(
    servicePointId: string,
    query: { readonly granularity: Granularity; readonly from?: number; readonly to?: number },
  ): Promise<UsageDto> {
    return this.http.get(`/api/service-points/${seg(servicePointId)}/usage`, {
      query: { granularity: query.granularity, from: iso(query.from), to: iso(query.to) },
    });
  }
  prices(servicePointId: string): Promise<PricesDto> {
    return this.http.get(`/api/service-points/${seg(servicePointId)}/prices`);
  }
  servicePointBills(servicePointId: string, query: PageQuery = {}): Promise<PageDto<BillSummaryDto>> {
    return this.http.get(`/api/service-points/${seg(servicePointId)}/bills`, {
      query: { limit: query.limit, offset: query.offset },
    });
  }
  prepayment(accountId: string): Promise<PrepaymentAccountDto> {
    return this.http.get(`/api/prepayment/accounts/${seg(accountId)}`);
  }
  topUp(accountId: string, amountMinor: number, reference = idempotencyKey()): Promise<PrepaymentAccountDto> {
    return this.http.post(`/api/prepayment/accounts/${seg(accountId)}/top-ups`, { amountMinor, reference });
  }
  /** Where the browser downloads a meter's interval data as CSV. */
  intervalsCsvUrl(meterId: string, range: { readonly from?: number; readonly to?: number } = {}): string {
    return this.http.url(`/api/meters/${seg(meterId)}/intervals.csv`, {
      from: iso(range.from),
      to: iso(range.to),
    });
  }
}
