/** All commands, filtered by state and meter, paged; progress arrives live. */
import { type FormEvent, useState } from 'react';
import type { CommandDto, CommandStateDto, StreamMessageDto } from '../../api/types.js';
import { Async, Empty, ErrorBox, Pager, Panel } from '../../components/ui.js';
import { canCommand, useLive, useResource, useSession } from '../../hooks.js';
import { buildQuery, pageInfo } from '../../lib/query.js';
import { navigate, useLocation } from '../../router.js';
import { CommandsTable } from './commands-table.js';

const STATES: readonly CommandStateDto[] = [
  'queued',
  'in-progress',
  'succeeded',
  'failed',
  'expired',
  'cancelled',
];
const PAGE_SIZE = 50;

export function CommandsPage() {
  const { api, user } = useSession();
  const [cancelError, setCancelError] = useState<Error | undefined>(undefined);
  const { query } = useLocation();
  const state = (query.state ?? '') as CommandStateDto | '';
  const meterId = query.meterId ?? '';
  const page = Math.max(1, Number(query.page) || 1);
  const offset = pageInfo(Number.MAX_SAFE_INTEGER, page, PAGE_SIZE).offset;
  const [meterText, setMeterText] = useState(meterId);
  const commands = useResource(
    () =>
      api.commands({
        ...(state ? { state } : {}),
        ...(meterId ? { meterId } : {}),
        limit: PAGE_SIZE,
        offset,
      }),
    [state, meterId, offset],
  );
  useLive('command-result', (m) => {
    const msg = m.data as Extract<StreamMessageDto, { type: 'command-result' }>;
    const page = commands.data;
    const known = page?.items.find((c) => c.id === msg.commandId);
    if (page && known) {
      commands.setData({
        ...page,
        items: page.items.map((c) =>
          c.id === msg.commandId
            ? { ...c, state: msg.state, updatedAt: msg.at, ...(msg.detail ? { result: msg.detail } : {}) }
            : c,
        ),
      });
    }
    // The message carries the state; the attempts and the rest come with the command itself.
    if (page && (known || offset === 0)) commands.reload(true);
  });
  const cancel = (c: CommandDto): void => {
    setCancelError(undefined);
    api.cancelCommand(c.id).then(
      (updated) => {
        const page = commands.data;
        if (page)
          commands.setData({ ...page, items: page.items.map((x) => (x.id === updated.id ? updated : x)) });
      },
      (e: unknown) => setCancelError(e instanceof Error ? e : new Error(String(e))),
    );
  };
  const go = (changes: Record<string, string | number | undefined>): void =>
    navigate(`/commands${buildQuery({ state, meterId, page: undefined, ...changes })}`, { replace: true });
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    go({ meterId: meterText.trim() });
  };
  return (
    <div className="page">
      <h1>Commands</h1>
      <form className="filters" onSubmit={submit}>
        <select
          value={state}
          onChange={(e) => go({ state: e.target.value })}
          aria-label="State"
          data-testid="filter-state"
        >
          <option value="">Any state</option>
          {STATES.map((s) => (
            <option key={s}>{s}</option>
          ))}
        </select>
        <input
          placeholder="Meter id"
          value={meterText}
          onChange={(e) => setMeterText(e.target.value)}
          aria-label="Meter id"
        />
        <button type="submit" className="btn">
          Filter
        </button>
      </form>
      <Panel>
        <Async res={commands} what="commands">
          {(p) => (
            <>
              {p.items.length === 0 ? (
                <Empty>No commands.</Empty>
              ) : (
                <CommandsTable
                  commands={p.items}
                  showMeter
                  {...(canCommand(user) ? { onCancel: cancel } : {})}
                />
              )}
              {cancelError && <ErrorBox error={cancelError} />}
              <Pager total={p.total} page={page} pageSize={PAGE_SIZE} onPage={(n) => go({ page: n })} />
            </>
          )}
        </Async>
      </Panel>
    </div>
  );
}
