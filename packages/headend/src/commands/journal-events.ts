/**
 * The lines of the command journal (NDJSON, one event per line, version 1). Every line carries
 * `v`, `type`, `at` (epoch ms of the head-end clock) and the command `id`:
 *
 * ```
 * {"v":1,"type":"submitted","at":…,"id":"…","by":"ops:alice","command":{…Command…}}
 * {"v":1,"type":"transitioned","at":…,"id":"…","by":"worker","from":"queued","to":"in-progress"}
 * {"v":1,"type":"attempt","at":…,"id":"…","by":"worker","attempt":1}
 * {"v":1,"type":"result","at":…,"id":"…","by":"worker","state":"succeeded","detail":"…","data":{…}}
 * ```
 */
import type { Command, CommandState } from '@gridmeter/domain';

/** JSON as the journal stores it. */
export type JsonData =
  | null
  | boolean
  | number
  | string
  | readonly JsonData[]
  | { readonly [k: string]: JsonData };

interface EventBase {
  readonly v: 1;
  readonly at: number;
  readonly id: string;
  /** Who caused the event: the requester, an operator, `worker`, `journal-recovery`. */
  readonly by: string;
}

/** A command was accepted (its initial state is `queued`). */
export interface SubmittedEvent extends EventBase {
  readonly type: 'submitted';
  readonly command: Command;
}

/** The command moved along an edge of its lifecycle. */
export interface TransitionedEvent extends EventBase {
  readonly type: 'transitioned';
  readonly from: CommandState;
  readonly to: CommandState;
  readonly note?: string;
}

/** One attempt to run the command on the meter began (attempts count from 1 over the command's life). */
export interface AttemptEvent extends EventBase {
  readonly type: 'attempt';
  readonly attempt: number;
  readonly note?: string;
}

/** What the meter answered (or why it failed), written just before the terminal transition. */
export interface ResultEvent extends EventBase {
  readonly type: 'result';
  readonly state: CommandState;
  readonly detail: string;
  readonly data?: JsonData;
}

export type JournalEvent = SubmittedEvent | TransitionedEvent | AttemptEvent | ResultEvent;

const TYPES = new Set(['submitted', 'transitioned', 'attempt', 'result']);

/** Whether a parsed line has the shape of a journal event (type, id, at, by). */
export function isJournalEvent(value: unknown): value is JournalEvent {
  if (typeof value !== 'object' || value === null) return false;
  const e = value as Record<string, unknown>;
  return (
    e.v === 1 &&
    typeof e.type === 'string' &&
    TYPES.has(e.type) &&
    typeof e.id === 'string' &&
    typeof e.at === 'number' &&
    typeof e.by === 'string'
  );
}
