/** Small building blocks shared by every page. */
import { type ReactNode, useEffect, useId, useRef } from 'react';
import { humanize } from '../lib/format.js';
import { ApiError } from '../lib/http.js';
import { pageInfo } from '../lib/query.js';

/** Colour classes of status pills, by state name. */
const PILL_TONE: Readonly<Record<string, string>> = {
  connected: 'ok',
  succeeded: 'ok',
  passed: 'ok',
  completed: 'ok',
  done: 'ok',
  info: 'muted',
  disconnected: 'bad',
  failed: 'bad',
  alarm: 'bad',
  'disconnect-pending': 'warn',
  'ready-for-reconnection': 'warn',
  'in-progress': 'info',
  running: 'info',
  queued: 'muted',
  unknown: 'muted',
  expired: 'muted',
  cancelled: 'muted',
  warning: 'warn',
  suspect: 'warn',
  estimated: 'est',
  edited: 'edit',
};

export function Pill(props: { state: string; label?: string; testId?: string }) {
  const tone = PILL_TONE[props.state] ?? 'muted';
  return (
    <span className={`pill pill-${tone}`} data-testid={props.testId} data-state={props.state}>
      {props.label ?? humanize(props.state)}
    </span>
  );
}

export function Loading(props: { what?: string }) {
  return (
    <div className="loading" role="status">
      <span className="spinner" aria-hidden="true" /> Loading{props.what ? ` ${props.what}` : ''}…
    </div>
  );
}

/** An API problem's `detail` (or another error's message), with a retry button when given. */
export function ErrorBox(props: { error: Error; retry?: () => void }) {
  const e = props.error;
  const status = e instanceof ApiError && e.status > 0 ? ` (HTTP ${e.status})` : '';
  return (
    <div className="error-box" role="alert" data-testid="error">
      <strong>Could not load{status}:</strong> {e.message}
      {props.retry && (
        <button type="button" className="btn btn-small" onClick={props.retry}>
          Retry
        </button>
      )}
    </div>
  );
}

/** Renders loading, error or the children for one resource. */
export function Async<T>(props: {
  res: { data: T | undefined; error: Error | undefined; loading: boolean; reload: () => void };
  what?: string;
  children: (data: T) => ReactNode;
}) {
  const { data, error, loading, reload } = props.res;
  if (error && data === undefined) return <ErrorBox error={error} retry={() => reload()} />;
  if (data === undefined) return loading ? <Loading {...(props.what ? { what: props.what } : {})} /> : null;
  return (
    <>
      {error && <ErrorBox error={error} retry={() => reload()} />}
      {props.children(data)}
    </>
  );
}

export function Empty(props: { children: ReactNode }) {
  return <div className="empty">{props.children}</div>;
}

export function Panel(props: {
  title?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
  className?: string;
  testId?: string;
}) {
  return (
    <section className={`panel ${props.className ?? ''}`} data-testid={props.testId}>
      {(props.title || props.actions) && (
        <header className="panel-head">
          {props.title && <h2>{props.title}</h2>}
          {props.actions && <div className="panel-actions">{props.actions}</div>}
        </header>
      )}
      <div className="panel-body">{props.children}</div>
    </section>
  );
}

export function Stat(props: {
  label: string;
  value: ReactNode;
  hint?: ReactNode;
  tone?: 'ok' | 'warn' | 'bad';
  testId?: string;
}) {
  return (
    <div className={`stat ${props.tone ? `stat-${props.tone}` : ''}`} data-testid={props.testId}>
      <div className="stat-label">{props.label}</div>
      <div className="stat-value">{props.value}</div>
      {props.hint && <div className="stat-hint">{props.hint}</div>}
    </div>
  );
}

export function Pager(props: {
  total: number;
  page: number;
  pageSize: number;
  onPage: (page: number) => void;
}) {
  const info = pageInfo(props.total, props.page, props.pageSize);
  return (
    <div className="pager" data-testid="pager">
      <span>
        {info.first}–{info.last} of {props.total.toLocaleString('en-GB')}
      </span>
      <button
        type="button"
        className="btn btn-small"
        disabled={info.page <= 1}
        onClick={() => props.onPage(info.page - 1)}
      >
        ‹ Prev
      </button>
      <span>
        page {info.page} / {info.pages}
      </span>
      <button
        type="button"
        className="btn btn-small"
        disabled={info.page >= info.pages}
        onClick={() => props.onPage(info.page + 1)}
        data-testid="pager-next"
      >
        Next ›
      </button>
    </div>
  );
}

/**
 * A modal confirmation. Escape or Cancel closes it; the confirm button is focused first only
 * when it is not destructive (a disconnect asks for a deliberate click).
 */
export function ConfirmDialog(props: {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  danger?: boolean;
  busy?: boolean;
  error?: Error | undefined;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const titleId = useId();
  const cancelRef = useRef<HTMLButtonElement>(null);
  const { onCancel } = props;
  useEffect(() => {
    cancelRef.current?.focus();
    const key = (e: KeyboardEvent): void => {
      if (e.key === 'Escape') onCancel();
    };
    window.addEventListener('keydown', key);
    return () => window.removeEventListener('keydown', key);
  }, [onCancel]);
  return (
    <div className="modal-backdrop">
      <div
        className="modal"
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        data-testid="confirm-dialog"
      >
        <h2 id={titleId}>{props.title}</h2>
        <div className="modal-body">{props.children}</div>
        {props.error && <ErrorBox error={props.error} />}
        <div className="modal-actions">
          <button
            type="button"
            className="btn"
            ref={cancelRef}
            onClick={props.onCancel}
            data-testid="confirm-cancel"
          >
            Cancel
          </button>
          <button
            type="button"
            className={`btn ${props.danger ? 'btn-danger' : 'btn-primary'}`}
            disabled={props.busy}
            onClick={props.onConfirm}
            data-testid="confirm-ok"
          >
            {props.busy ? 'Sending…' : props.confirmLabel}
          </button>
        </div>
      </div>
    </div>
  );
}
