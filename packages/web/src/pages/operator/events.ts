/** Meter events as rows: a key per event, and lists without the repeats live updates bring. */

export interface EventIdentity {
  readonly meterId: string;
  readonly occurredAt: string;
  readonly code: number;
  readonly source?: string;
}

/** The same event (meter, instant, code, source) always has the same key. */
export function eventKey(e: EventIdentity): string {
  return `${e.meterId}|${e.occurredAt}|${e.code}|${e.source ?? ''}`;
}

/** The events with repeats removed, first occurrence kept, order kept. */
export function dedupeEvents<E extends EventIdentity>(events: readonly E[]): E[] {
  const seen = new Set<string>();
  return events.filter((e) => {
    const k = eventKey(e);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
