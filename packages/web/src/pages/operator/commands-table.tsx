/** The commands table, shared by the commands page and the meter page. */
import type { CommandActionDto, CommandDto } from '../../api/types.js';
import { Pill } from '../../components/ui.js';
import { formatDateTime } from '../../lib/format.js';
import { Link } from '../../router.js';

/** One line for what a command asks. */
export function describeAction(a: CommandActionDto): string {
  switch (a.kind) {
    case 'read-now':
      return `read now: ${a.what}`;
    case 'set-limiter':
      return `set limiter: ${a.thresholdW} W`;
    case 'set-clock':
      return a.to ? `set clock to ${a.to}` : 'set clock';
    case 'program-calendar':
      return `program calendar ${a.tariffId}`;
    case 'top-up':
      return `top-up ${a.amountMinor} ${a.currency}`;
    case 'firmware-upgrade':
      return `firmware ${a.imageId} (${a.module})`;
    default:
      return a.kind;
  }
}

export function CommandsTable(props: {
  commands: readonly CommandDto[];
  showMeter?: boolean;
  testId?: string;
  /** Given for users who may command: queued commands get a Cancel button. */
  onCancel?: (command: CommandDto) => void;
}) {
  return (
    <div className="table-wrap">
      <table className="table table-nowrap" data-testid={props.testId ?? 'commands-table'}>
        <thead>
          <tr>
            <th>Created (UTC)</th>
            {props.showMeter && <th>Meter</th>}
            <th>Action</th>
            <th>State</th>
            <th className="num">Attempts</th>
            <th>By</th>
            <th>Updated</th>
            <th>Result</th>
            {props.onCancel && <th />}
          </tr>
        </thead>
        <tbody>
          {props.commands.map((c) => (
            <tr key={c.id} data-testid={`command-row-${c.id}`}>
              <td className="nowrap">{formatDateTime(Date.parse(c.createdAt))}</td>
              {props.showMeter && (
                <td>
                  <Link href={`/meters/${encodeURIComponent(c.meterId)}`}>{c.meterId}</Link>
                </td>
              )}
              <td>{describeAction(c.action)}</td>
              <td>
                <Pill state={c.state} />
              </td>
              <td className="num">{c.attempts}</td>
              <td>{c.requestedBy}</td>
              <td className="nowrap">{formatDateTime(Date.parse(c.updatedAt))}</td>
              <td className="result" title={c.result ?? ''}>
                {c.result ?? ''}
              </td>
              {props.onCancel && (
                <td>
                  {c.state === 'queued' && (
                    <button
                      type="button"
                      className="btn btn-small"
                      onClick={() => props.onCancel?.(c)}
                      data-testid={`cancel-${c.id}`}
                    >
                      Cancel
                    </button>
                  )}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
