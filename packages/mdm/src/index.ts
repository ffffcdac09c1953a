// Billing: tariff versions, billing determinants, bills, rebills and bill runs.
export * from './billing/index.js';
// Files: NEM12 and CSV import, NEM12, CSV and Parquet export of interval blocks.
export * from './files/index.js';
export { Ingestor, type IngestorOptions, type IngestStats } from './ingest/ingestor.js';
// Pipeline after raw ingest: VEE stage, rollups, MdmPipeline.
export * from './pipeline/index.js';
export * from './prepayment/index.js';
// VEE: validation, estimation and editing of in-memory channel series.
export * from './vee/index.js';
