/**
 * Meter detail: identity and supply state, registers, the load profile (uPlot) over a chosen
 * range, events, and the meter's commands, with read-now, disconnect (confirmed) and reconnect.
 * Command progress and meter events arrive on the live stream and update the page in place.
 */
import { type ReactNode, useCallback, useMemo, useState } from 'react';
import type {
  CommandActionDto,
  CommandDto,
  MeterDetailDto,
  MeterEventDto,
  StreamMessageDto,
  SupplyDto,
} from '../../api/types.js';
import { LoadProfileChart } from '../../components/load-profile.js';
import { Async, ConfirmDialog, Empty, ErrorBox, Panel, Pill } from '../../components/ui.js';
import { canCommand, useLive, useResource, useSession } from '../../hooks.js';
import { formatDateTime, formatScaled, humanize, parseDateInput } from '../../lib/format.js';
import { DAY_MS, dateInputValue, lastDays, type Range } from '../../lib/range.js';
import { Link } from '../../router.js';
import { CommandsTable, describeAction } from './commands-table.js';
import { dedupeEvents, eventKey } from './events.js';

type ReadWhat = 'registers' | 'instantaneous' | 'load-profile' | 'events';

/** The supply a succeeded command leaves the meter in, when it is a relay command. */
function supplyAfter(action: CommandActionDto | undefined): SupplyDto | undefined {
  if (action?.kind === 'disconnect') return 'disconnected';
  if (action?.kind === 'reconnect') return 'connected';
  return undefined;
}

export function MeterPage(props: { id: string }) {
  const { api, user } = useSession();
  const meter = useResource(() => api.meter(props.id), [props.id]);
  const commands = useResource(() => api.meterCommands(props.id, { limit: 20 }), [props.id]);
  const events = useResource(() => api.meterEvents(props.id, { limit: 50 }), [props.id]);
  const [confirm, setConfirm] = useState<'disconnect' | 'reconnect' | undefined>(undefined);
  const [sending, setSending] = useState(false);
  const [sendError, setSendError] = useState<Error | undefined>(undefined);
  const [sentId, setSentId] = useState<string | undefined>(undefined);
  const [readWhat, setReadWhat] = useState<ReadWhat>('registers');
  const mayCommand = canCommand(user);
  const sent = sentId ? commands.data?.items.find((c) => c.id === sentId) : undefined;

  const upsertCommand = useCallback(
    (c: CommandDto) => {
      const page = commands.data;
      if (!page) return;
      const items = [c, ...page.items.filter((x) => x.id !== c.id)];
      commands.setData({
        ...page,
        items,
        total: page.items.some((x) => x.id === c.id) ? page.total : page.total + 1,
      });
    },
    [commands],
  );

  useLive('command-result', (m) => {
    const msg = m.data as Extract<StreamMessageDto, { type: 'command-result' }>;
    if (msg.meterId !== props.id) return;
    const known = commands.data?.items.find((c) => c.id === msg.commandId);
    if (known) {
      upsertCommand({
        ...known,
        state: msg.state,
        updatedAt: msg.at,
        ...(msg.detail ? { result: msg.detail } : {}),
      });
    }
    // The message carries the state; the attempts and the rest come with the command itself.
    commands.reload(true);
    const supply = msg.state === 'succeeded' ? supplyAfter(known?.action) : undefined;
    if (supply && meter.data) meter.setData({ ...meter.data, supply });
    meter.reload(true);
  });
  useLive('meter-event', (m) => {
    const msg = m.data as { event?: MeterEventDto };
    const ev = msg.event;
    if (!ev || ev.meterId !== props.id) return;
    if (events.data)
      events.setData({
        ...events.data,
        items: [ev, ...events.data.items].slice(0, 50),
        total: events.data.total + 1,
      });
    meter.reload(true);
  });

  const send = (action: CommandActionDto): void => {
    setSending(true);
    setSendError(undefined);
    api.command(props.id, action).then(
      (c) => {
        setSending(false);
        setConfirm(undefined);
        setSentId(c.id);
        upsertCommand(c);
      },
      (e: unknown) => {
        setSending(false);
        setSendError(e instanceof Error ? e : new Error(String(e)));
      },
    );
  };

  return (
    <div className="page">
      <div className="crumbs">
        <Link href="/meters">Meters</Link> › {props.id}
      </div>
      <Async res={meter} what="meter">
        {(m) => (
          <>
            <div className="title-row">
              <h1>
                Meter {m.id} <span className="muted small">{m.kind}</span>
              </h1>
              <Pill state={m.supply} testId="supply-state" />
              <span className="spacer" />
              {mayCommand && (
                <div className="actions" data-testid="meter-actions">
                  <select
                    value={readWhat}
                    onChange={(e) => setReadWhat(e.target.value as ReadWhat)}
                    aria-label="What to read"
                    data-testid="read-what"
                  >
                    <option value="registers">registers</option>
                    <option value="instantaneous">instantaneous</option>
                    <option value="load-profile">load profile</option>
                    <option value="events">events</option>
                  </select>
                  <button
                    type="button"
                    className="btn"
                    disabled={sending}
                    onClick={() => send({ kind: 'read-now', what: readWhat })}
                    data-testid="read-now-button"
                  >
                    Read now
                  </button>
                  <button
                    type="button"
                    className="btn btn-danger"
                    disabled={sending || m.supply === 'disconnected'}
                    onClick={() => {
                      setSendError(undefined);
                      setConfirm('disconnect');
                    }}
                    data-testid="disconnect-button"
                  >
                    Disconnect
                  </button>
                  <button
                    type="button"
                    className="btn btn-primary"
                    disabled={sending || m.supply === 'connected'}
                    onClick={() => {
                      setSendError(undefined);
                      setConfirm('reconnect');
                    }}
                    data-testid="reconnect-button"
                  >
                    Reconnect
                  </button>
                </div>
              )}
            </div>
            {sent && (
              <div className="notice" data-testid="command-flash">
                Command {sent.id} ({describeAction(sent.action)}) <Pill state={sent.state} />
                {sent.result ? ` ${sent.result}` : ''}
              </div>
            )}
            {sendError && !confirm && <ErrorBox error={sendError} />}
            <MeterFacts m={m} />
            <ProfilePanel meter={m} />
            <div className="grid-2">
              <Panel title="Registers">
                <RegistersTable id={props.id} />
              </Panel>
              <Panel
                title="Commands"
                actions={<Link href={`/commands?meterId=${encodeURIComponent(props.id)}`}>All →</Link>}
              >
                <Async res={commands} what="commands">
                  {(p) =>
                    p.items.length === 0 ? (
                      <Empty>No commands yet.</Empty>
                    ) : (
                      <CommandsTable
                        commands={p.items}
                        testId="meter-commands"
                        {...(mayCommand
                          ? {
                              onCancel: (c: CommandDto) =>
                                api
                                  .cancelCommand(c.id)
                                  .then(upsertCommand, (e: unknown) =>
                                    setSendError(e instanceof Error ? e : new Error(String(e))),
                                  ),
                            }
                          : {})}
                      />
                    )
                  }
                </Async>
              </Panel>
            </div>
            <Panel title="Events">
              <Async res={events} what="events">
                {(p) =>
                  p.items.length === 0 ? (
                    <Empty>No events.</Empty>
                  ) : (
                    <div className="table-wrap table-mid">
                      <table className="table" data-testid="events-table">
                        <thead>
                          <tr>
                            <th>Time (UTC)</th>
                            <th className="num">Code</th>
                            <th>Event</th>
                            <th>Log</th>
                            <th>Severity</th>
                            <th>Source</th>
                          </tr>
                        </thead>
                        <tbody>
                          {dedupeEvents(p.items).map((e) => (
                            <tr key={eventKey(e)}>
                              <td className="nowrap">{formatDateTime(Date.parse(e.occurredAt))}</td>
                              <td className="num">{e.code}</td>
                              <td>{e.name}</td>
                              <td>{humanize(e.log)}</td>
                              <td>
                                <Pill state={e.severity} />
                              </td>
                              <td>{e.source}</td>
                            </tr>
                          ))}
                        </tbody>
                      </table>
                    </div>
                  )
                }
              </Async>
            </Panel>
            {confirm && (
              <ConfirmDialog
                title={confirm === 'disconnect' ? `Disconnect meter ${m.id}?` : `Reconnect meter ${m.id}?`}
                confirmLabel={confirm === 'disconnect' ? `Disconnect ${m.id}` : `Reconnect ${m.id}`}
                danger={confirm === 'disconnect'}
                busy={sending}
                error={sendError}
                onCancel={() => setConfirm(undefined)}
                onConfirm={() => send({ kind: confirm })}
              >
                {confirm === 'disconnect' ? (
                  <p>
                    This opens the supply relay of meter <strong>{m.id}</strong>
                    {m.customerName ? (
                      <>
                        {' '}
                        at <strong>{m.customerName}</strong>
                      </>
                    ) : null}
                    {m.servicePointId ? ` (service point ${m.servicePointId})` : ''}. The customer loses power
                    until it is reconnected.
                  </p>
                ) : (
                  <p>
                    This closes the supply relay of meter <strong>{m.id}</strong> (or arms it for the customer
                    to reconnect, depending on its control mode).
                  </p>
                )}
              </ConfirmDialog>
            )}
          </>
        )}
      </Async>
    </div>
  );
}

function MeterFacts(props: { m: MeterDetailDto }) {
  const m = props.m;
  const facts: [string, ReactNode][] = [
    ['Customer', m.customerName ?? '—'],
    ['Service point', m.servicePointId ?? '—'],
    ['Account', m.accountId ?? '—'],
    ['Feeder', m.feederId ?? '—'],
    ['Transformer', m.transformerId ?? '—'],
    ['Role', m.role],
    [
      'Address',
      <span className="mono" key="address">
        {m.address}
      </span>,
    ],
    ['Protocol', m.protocol],
    ['Firmware', m.firmwareVersion ?? '—'],
    ['Tariff', m.tariffId ?? '—'],
    ['Payment', m.prepaid ? 'prepaid' : 'credit'],
    ['Last read', m.lastReadAt ? `${formatDateTime(Date.parse(m.lastReadAt))} UTC` : 'never'],
    ['Last failure', m.lastFailure ?? '—'],
    ['Open alarms', String(m.openAlarms)],
  ];
  if (m.manufacturer || m.model) facts.push(['Model', [m.manufacturer, m.model].filter(Boolean).join(' ')]);
  return (
    <dl className="facts" data-testid="meter-facts">
      {facts.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

const PRESETS = [1, 2, 7, 14, 31] as const;

function ProfilePanel(props: { meter: MeterDetailDto }) {
  const { api } = useSession();
  const m = props.meter;
  const anchor = m.lastReadAt ? Date.parse(m.lastReadAt) : Date.now();
  const [range, setRange] = useState<Range>(() => lastDays(anchor, 7));
  const channels = m.channels.filter((c) => c.intervalSeconds);
  const [channel, setChannel] = useState<string | undefined>(undefined);
  const profile = useResource(
    () => api.intervals(m.id, { from: range.from, to: range.to, ...(channel ? { channel } : {}) }),
    [m.id, range.from, range.to, channel],
  );
  const days = Math.round((range.to - range.from) / DAY_MS);
  const setFrom = (v: string): void => {
    const from = parseDateInput(v);
    if (from !== undefined && from < range.to) setRange({ from, to: range.to });
  };
  const setTo = (v: string): void => {
    const to = parseDateInput(v);
    if (to !== undefined && to + DAY_MS > range.from) setRange({ from: range.from, to: to + DAY_MS });
  };
  const intervals = useMemo(() => profile.data?.intervals ?? [], [profile.data]);
  return (
    <Panel
      title="Load profile"
      actions={
        <div className="range" data-testid="profile-range">
          {PRESETS.map((d) => (
            <button
              key={d}
              type="button"
              className={`btn btn-small ${days === d && range.to === lastDays(anchor, d).to ? 'btn-on' : ''}`}
              onClick={() => setRange(lastDays(anchor, d))}
              data-testid={`range-${d}d`}
            >
              {d} d
            </button>
          ))}
          <input
            type="date"
            value={dateInputValue(range.from)}
            onChange={(e) => setFrom(e.target.value)}
            aria-label="From"
            data-testid="range-from"
          />
          –
          <input
            type="date"
            value={dateInputValue(range.to - DAY_MS)}
            onChange={(e) => setTo(e.target.value)}
            aria-label="To"
            data-testid="range-to"
          />
          {channels.length > 1 && (
            <select
              value={channel ?? ''}
              onChange={(e) => setChannel(e.target.value || undefined)}
              aria-label="Channel"
            >
              <option value="">default channel</option>
              {channels.map((c) => (
                <option key={c.channel} value={c.channel}>
                  {c.channel}
                </option>
              ))}
            </select>
          )}
        </div>
      }
    >
      <Async res={profile} what="load profile">
        {(s) =>
          s.intervals.length === 0 ? (
            <div data-testid="load-profile-chart">
              <Empty>No intervals stored for this range.</Empty>
            </div>
          ) : (
            <LoadProfileChart intervals={intervals} />
          )
        }
      </Async>
    </Panel>
  );
}

function RegistersTable(props: { id: string }) {
  const { api } = useSession();
  const regs = useResource(() => api.registers(props.id), [props.id]);
  return (
    <Async res={regs} what="registers">
      {(r) =>
        r.latest.length === 0 ? (
          <Empty>No register reads yet.</Empty>
        ) : (
          <div className="table-wrap">
            <table className="table" data-testid="registers-table">
              <thead>
                <tr>
                  <th>Register (OBIS)</th>
                  <th className="num">Value</th>
                  <th>Unit</th>
                  <th>Read (UTC)</th>
                  <th>Quality</th>
                </tr>
              </thead>
              <tbody>
                {r.latest.map((x) => (
                  <tr key={x.register}>
                    <td className="mono">{x.register}</td>
                    <td className="num mono">{formatScaled(x.value, x.scaler)}</td>
                    <td>{x.unitSymbol}</td>
                    <td className="nowrap">{formatDateTime(Date.parse(x.readAt))}</td>
                    <td>
                      {x.quality.length ? (
                        x.quality.map((q) => <Pill key={q} state={q} />)
                      ) : (
                        <span className="muted">ok</span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )
      }
    </Async>
  );
}
