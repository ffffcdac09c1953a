/**
 * What the command service and firmware campaigns need from the rest of the head-end, declared
 * here as narrow interfaces so that they can be wired to the connection pool and session opener
 * (or to fakes in tests).
 */
import type { DayProfile, DlmsClient, Season, SpecialDayEntry, WeekProfile } from '@gridmeter/dlms';
import type { MeterProfile } from '../registry/types.js';

/** The DLMS services executors use: `DlmsClient` satisfies it. */
export type CosemClient = Pick<DlmsClient, 'get' | 'set' | 'action' | 'getProfile'>;

/** An associated session with one meter; `MeterSession` of `session/` satisfies it. */
export interface CommandSession {
  readonly client: CosemClient;
  readonly profile: MeterProfile;
  /** Releases the association and closes the connection. */
  close(): Promise<void>;
}

/** Opens an associated (management) session with a meter. */
export type SessionFor = (meterId: string, signal: AbortSignal) => Promise<CommandSession>;

/**
 * The connection pool as the commands use it: runs `work` for one meter at a time, within the
 * concurrency limits of `path`, retrying transient failures (`attempt` counts from 1). Rejects
 * with the pool's `PoolWorkError` when it gives up.
 */
export interface CommandPool {
  run<T>(
    meterId: string,
    path: string,
    work: (attempt: number, signal: AbortSignal) => Promise<T>,
    options?: { readonly priority?: number; readonly signal?: AbortSignal },
  ): Promise<T>;
}

/**
 * A tariff's calendar as an Activity calendar takes it (IEC 62056-6-2 §4.5.5 passive tables) and,
 * optionally, the Special days table entries (§4.5.4) that go with it.
 */
export interface CalendarDefinition {
  /** calendar_name_passive (octet-string; a string is sent as its ASCII bytes). */
  readonly calendarName: string | Uint8Array;
  readonly seasonProfile: readonly Season[];
  readonly weekProfileTable: readonly WeekProfile[];
  readonly dayProfileTable: readonly DayProfile[];
  /** When given, replaces the meter's Special days table. */
  readonly specialDays?: readonly SpecialDayEntry[];
}

/** Looks up the calendar of a tariff; undefined when the tariff is unknown. */
export type CalendarFor = (tariffId: string) => Promise<CalendarDefinition | undefined>;

/** A firmware image known to the head-end, for single-meter `firmware-upgrade` commands. */
export interface FirmwareImageRef {
  readonly image: Uint8Array;
  /** The version the meter must report after activation, when known. */
  readonly version?: string;
}

/** Looks up a firmware image by id; undefined when unknown. */
export type ImageFor = (imageId: string) => Promise<FirmwareImageRef | undefined>;

/** Where warnings go (a torn journal line, a bus that refused a message). */
export interface CommandLog {
  warn(message: string, context?: Record<string, unknown>): void;
}

/** Writes warnings to the console (stderr). */
export const consoleLog: CommandLog = {
  warn: (message, context) => console.warn(message, context ?? ''),
};
