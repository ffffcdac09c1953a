import type { SqlBackend } from './backend.js';

/**
 * The tables, in SQL both DuckDB and PostgreSQL accept. Times are epoch milliseconds (BIGINT),
 * energy is BIGINT. `interval_version` is created by the adapter (PostgreSQL partitions it).
 */
export function schemaStatements(b: SqlBackend): string[] {
  const t = (n: string) => b.table(n);
  return [
    `CREATE TABLE IF NOT EXISTS ${t('service_point')} (
      id TEXT PRIMARY KEY, transformer_id TEXT, feeder_id TEXT, has_generation BOOLEAN NOT NULL)`,
    `CREATE TABLE IF NOT EXISTS ${t('meter')} (
      id TEXT PRIMARY KEY, medium TEXT NOT NULL, phases TEXT, manufacturer TEXT, model TEXT, firmware_version TEXT)`,
    `CREATE TABLE IF NOT EXISTS ${t('installation')} (
      meter_id TEXT NOT NULL, installed_at BIGINT NOT NULL, service_point_id TEXT NOT NULL, removed_at BIGINT,
      PRIMARY KEY (meter_id, installed_at))`,
    `CREATE TABLE IF NOT EXISTS ${t('channel')} (
      meter_id TEXT NOT NULL, channel TEXT NOT NULL, unit INTEGER NOT NULL, interval_seconds INTEGER,
      PRIMARY KEY (meter_id, channel))`,
    `CREATE TABLE IF NOT EXISTS ${t('change_log')} (
      change_id TEXT PRIMARY KEY, action TEXT NOT NULL, kind TEXT NOT NULL, user_name TEXT, reason TEXT,
      rule_id TEXT, reverts_change_id TEXT, recorded_at BIGINT NOT NULL, versions BIGINT NOT NULL,
      from_ms BIGINT NOT NULL, to_ms BIGINT NOT NULL)`,
    `CREATE TABLE IF NOT EXISTS ${t('register_read')} (
      meter_id TEXT NOT NULL, register_code TEXT NOT NULL, read_at BIGINT NOT NULL, billing_period INTEGER NOT NULL,
      value BIGINT NOT NULL, unit INTEGER NOT NULL, scaler INTEGER NOT NULL, captured_at BIGINT, quality INTEGER NOT NULL,
      PRIMARY KEY (meter_id, register_code, read_at, billing_period))`,
    `CREATE TABLE IF NOT EXISTS ${t('meter_event')} (
      meter_id TEXT NOT NULL, occurred_at BIGINT NOT NULL, event_log TEXT NOT NULL, code INTEGER NOT NULL,
      details TEXT, source TEXT NOT NULL, PRIMARY KEY (meter_id, occurred_at, event_log, code))`,
    `CREATE TABLE IF NOT EXISTS ${t('vee_result')} (
      run_id TEXT NOT NULL, rule_id TEXT NOT NULL, meter_id TEXT NOT NULL, channel TEXT NOT NULL,
      from_ms BIGINT NOT NULL, to_ms BIGINT NOT NULL, outcome TEXT NOT NULL, details TEXT, change_id TEXT,
      ran_at BIGINT NOT NULL, PRIMARY KEY (run_id, rule_id, meter_id, channel, from_ms))`,
    `CREATE TABLE IF NOT EXISTS ${t('checkpoint')} (name TEXT PRIMARY KEY, value BIGINT NOT NULL)`,
    `CREATE TABLE IF NOT EXISTS ${t('rollup')} (
      scope TEXT NOT NULL, scope_id TEXT NOT NULL, channel TEXT NOT NULL, period_kind TEXT NOT NULL,
      period_start BIGINT NOT NULL, energy BIGINT NOT NULL, intervals BIGINT NOT NULL, estimated BIGINT NOT NULL,
      missing BIGINT NOT NULL, PRIMARY KEY (scope, scope_id, channel, period_kind, period_start))`,
  ];
}

/** Columns of `interval_version`, shared by both adapters' DDL. */
export const INTERVAL_VERSION_COLUMNS = `
      meter_id TEXT NOT NULL, channel TEXT NOT NULL, interval_start BIGINT NOT NULL, version INTEGER NOT NULL,
      kind TEXT NOT NULL, interval_seconds INTEGER NOT NULL, unit INTEGER NOT NULL, value BIGINT,
      quality INTEGER NOT NULL, device_status INTEGER, source TEXT NOT NULL, change_id TEXT NOT NULL,
      recorded_at BIGINT NOT NULL`;

/** Staging tables a write fills before the set-based classification (temporary, per connection). */
export const STAGE_TABLES = [
  `CREATE TEMP TABLE IF NOT EXISTS gm_stage_block (
    block_no INTEGER NOT NULL, meter_id TEXT NOT NULL, channel TEXT NOT NULL, unit INTEGER NOT NULL,
    interval_seconds INTEGER NOT NULL, source TEXT NOT NULL, start_ms BIGINT NOT NULL)`,
  `CREATE TEMP TABLE IF NOT EXISTS gm_stage_value (
    block_no INTEGER NOT NULL, idx INTEGER NOT NULL, value DOUBLE PRECISION, quality INTEGER NOT NULL,
    device_status INTEGER)`,
] as const;
