export * from './collect/index.js';
export * from './commands/index.js';
export * from './commands/tariff-calendar.js';
export { DEFAULT_POOL_OPTIONS, HeadEnd, type HeadEndOptions } from './head-end.js';
export { CollectionKpis, type DayKpis, type LatencyKpis } from './kpi/kpis.js';
export * from './pool/index.js';
export * from './push/index.js';
export * from './registry/index.js';
export {
  DlmsSessionOpener,
  type DlmsSessionOpenerOptions,
  InvocationCounterStore,
} from './session/dlms-session-opener.js';
export type { MeterSession, SessionOpener } from './session/types.js';
