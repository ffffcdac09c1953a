/**
 * The SPA: restores the session (the `gm_session` cookie) or shows the login form, then picks
 * the face by role — the operator console for admin, operator and viewer, the customer portal
 * for customers — and opens the one live stream.
 */
import { type FormEvent, type ReactNode, useCallback, useEffect, useMemo, useState } from 'react';
import { GridmeterApi } from './api/client.js';
import type { UserDto } from './api/types.js';
import { ErrorBox, Loading } from './components/ui.js';
import { type Session, SessionContext, useLiveStatus, useSession } from './hooks.js';
import { ApiError } from './lib/http.js';
import { LiveStore } from './lib/live.js';
import { matchRoute } from './lib/query.js';
import { CustomerPortal } from './pages/customer/portal.js';
import { BillRunsPage } from './pages/operator/bill-runs.js';
import { BillPage, BillsPage } from './pages/operator/bills.js';
import { CampaignsPage } from './pages/operator/campaigns.js';
import { CommandsPage } from './pages/operator/commands.js';
import { MeterPage } from './pages/operator/meter.js';
import { MetersPage } from './pages/operator/meters.js';
import { OverviewPage } from './pages/operator/overview.js';
import { TariffsPage } from './pages/operator/tariffs.js';
import { TopologyPage } from './pages/operator/topology.js';
import { VeePage } from './pages/operator/vee.js';
import { Link, navigate, useLocation } from './router.js';

/** SSE event names of `GET /api/stream`. */
export const STREAM_EVENTS = ['meter-event', 'alarm', 'command-result', 'prepayment'] as const;

type State =
  | { phase: 'checking' }
  | { phase: 'signed-out'; notice?: string }
  | { phase: 'signed-in'; user: UserDto };

export function App() {
  const [state, setState] = useState<State>({ phase: 'checking' });
  const api = useMemo(
    () =>
      new GridmeterApi({
        onUnauthorized: () =>
          setState((s) =>
            s.phase === 'signed-in'
              ? { phase: 'signed-out', notice: 'Your session ended; sign in again.' }
              : s,
          ),
      }),
    [],
  );
  const live = useMemo(
    () =>
      new LiveStore({
        url: '/api/stream',
        open: (url) => new EventSource(url, { withCredentials: true }),
        events: STREAM_EVENTS,
      }),
    [],
  );

  useEffect(() => {
    let cancelled = false;
    api.me().then(
      (user) => !cancelled && setState({ phase: 'signed-in', user }),
      () => !cancelled && setState({ phase: 'signed-out' }),
    );
    return () => {
      cancelled = true;
    };
  }, [api]);

  useEffect(() => {
    if (state.phase !== 'signed-in') return;
    live.start();
    return () => live.stop();
  }, [state.phase, live]);

  const logout = useCallback(() => {
    api.logout().catch(() => undefined);
    setState({ phase: 'signed-out' });
    navigate('/', { replace: true });
  }, [api]);

  if (state.phase === 'checking') return <Loading what="session" />;
  if (state.phase === 'signed-out') {
    return (
      <LoginPage api={api} notice={state.notice} onLogin={(user) => setState({ phase: 'signed-in', user })} />
    );
  }
  const session: Session = { api, live, user: state.user, logout };
  return (
    <SessionContext.Provider value={session}>
      {state.user.role === 'customer' ? <CustomerShell /> : <OperatorShell />}
    </SessionContext.Provider>
  );
}

function LoginPage(props: {
  api: GridmeterApi;
  notice: string | undefined;
  onLogin: (user: UserDto) => void;
}) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | undefined>(undefined);
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    props.api.login(username, password).then(
      (res) => props.onLogin(res.user),
      (err: unknown) => {
        setBusy(false);
        setError(
          err instanceof ApiError && err.status === 401
            ? new Error('Wrong user name or password.')
            : err instanceof Error
              ? err
              : new Error(String(err)),
        );
      },
    );
  };
  return (
    <div className="login-wrap">
      <form className="login" onSubmit={submit} data-testid="login-form">
        <div className="brand brand-large">
          <span className="brand-mark">⚡</span> Gridmeter
        </div>
        <p className="muted">Operator console and customer portal</p>
        {props.notice && <div className="notice">{props.notice}</div>}
        <label>
          User name
          <input
            name="username"
            autoComplete="username"
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            required
            data-testid="login-username"
          />
        </label>
        <label>
          Password
          <input
            name="password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
            data-testid="login-password"
          />
        </label>
        {error && (
          <div className="error-box" role="alert" data-testid="login-error">
            {error.message}
          </div>
        )}
        <button type="submit" className="btn btn-primary" disabled={busy} data-testid="login-submit">
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </div>
  );
}

const OPERATOR_ROUTES = [
  { name: 'overview', pattern: '/' },
  { name: 'meters', pattern: '/meters' },
  { name: 'meter', pattern: '/meters/:id' },
  { name: 'commands', pattern: '/commands' },
  { name: 'campaigns', pattern: '/campaigns' },
  { name: 'vee', pattern: '/vee' },
  { name: 'tariffs', pattern: '/tariffs' },
  { name: 'bill-runs', pattern: '/bill-runs' },
  { name: 'bills', pattern: '/bills' },
  { name: 'bill', pattern: '/bills/:id' },
  { name: 'topology', pattern: '/topology' },
] as const;

type OperatorRoute = (typeof OPERATOR_ROUTES)[number]['name'];

const NAV: readonly { route: OperatorRoute; href: string; label: string }[] = [
  { route: 'overview', href: '/', label: 'Overview' },
  { route: 'meters', href: '/meters', label: 'Meters' },
  { route: 'commands', href: '/commands', label: 'Commands' },
  { route: 'campaigns', href: '/campaigns', label: 'Firmware' },
  { route: 'vee', href: '/vee', label: 'VEE exceptions' },
  { route: 'tariffs', href: '/tariffs', label: 'Tariffs' },
  { route: 'bill-runs', href: '/bill-runs', label: 'Bill runs' },
  { route: 'bills', href: '/bills', label: 'Bills' },
  { route: 'topology', href: '/topology', label: 'Topology' },
];

const ACTIVE: Partial<Record<OperatorRoute, OperatorRoute>> = { meter: 'meters', bill: 'bills' };

function OperatorShell() {
  const loc = useLocation();
  const match = matchRoute(OPERATOR_ROUTES, loc.pathname);
  const active = match ? (ACTIVE[match.name] ?? match.name) : undefined;
  let page: ReactNode;
  switch (match?.name) {
    case 'overview':
      page = <OverviewPage />;
      break;
    case 'meters':
      page = <MetersPage />;
      break;
    case 'meter':
      page = <MeterPage key={match.params.id} id={match.params.id ?? ''} />;
      break;
    case 'commands':
      page = <CommandsPage />;
      break;
    case 'campaigns':
      page = <CampaignsPage />;
      break;
    case 'vee':
      page = <VeePage />;
      break;
    case 'tariffs':
      page = <TariffsPage />;
      break;
    case 'bill-runs':
      page = <BillRunsPage />;
      break;
    case 'bills':
      page = <BillsPage />;
      break;
    case 'bill':
      page = <BillPage key={match.params.id} id={match.params.id ?? ''} />;
      break;
    case 'topology':
      page = <TopologyPage />;
      break;
    default:
      page = <ErrorBox error={new Error(`No page at ${loc.pathname}`)} />;
  }
  return (
    <Shell
      nav={NAV.map((n) => (
        <Link
          key={n.route}
          href={n.href}
          className={active === n.route ? 'active' : ''}
          aria-current={active === n.route ? 'page' : undefined}
          data-testid={`nav-${n.route}`}
        >
          {n.label}
        </Link>
      ))}
    >
      {page}
    </Shell>
  );
}

function CustomerShell() {
  return (
    <Shell
      nav={
        <>
          <a href="#usage" data-testid="nav-usage">
            Usage
          </a>
          <a href="#bill" data-testid="nav-bill">
            Bill
          </a>
          <a href="#prices" data-testid="nav-prices">
            Prices
          </a>
          <a href="#prepaid" data-testid="nav-prepaid">
            Prepaid
          </a>
          <a href="#download" data-testid="nav-download">
            Download
          </a>
        </>
      }
    >
      <CustomerPortal />
    </Shell>
  );
}

const LIVE_LABEL = {
  idle: 'offline',
  connecting: 'connecting',
  open: 'live',
  reconnecting: 'reconnecting',
  closed: 'offline',
} as const;

function Shell(props: { nav: ReactNode; children: ReactNode }) {
  const { user, logout } = useSession();
  const status = useLiveStatus();
  const face = user.role === 'customer' ? 'Customer portal' : 'Operator console';
  return (
    <div className="layout">
      <aside className="sidebar">
        <div className="brand">
          <span className="brand-mark">⚡</span> Gridmeter
        </div>
        <div className="face">{face}</div>
        <nav className="nav">{props.nav}</nav>
      </aside>
      <div className="main">
        <header className="topbar">
          <span
            className={`live live-${status}`}
            data-testid="live-status"
            title="Live updates (server-sent events)"
          >
            ● {LIVE_LABEL[status]}
          </span>
          <span className="spacer" />
          <span className="user" data-testid="user">
            {user.displayName ?? user.username} <span className="role">{user.role}</span>
          </span>
          <button type="button" className="btn btn-small" onClick={logout} data-testid="logout">
            Log out
          </button>
        </header>
        <main className="content">{props.children}</main>
      </div>
    </div>
  );
}
