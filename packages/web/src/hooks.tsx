/** The React side of the API client and the live store: context, loading hooks. */
import { createContext, useCallback, useContext, useEffect, useRef, useState } from 'react';
import type { GridmeterApi } from './api/client.js';
import type { UserDto } from './api/types.js';
import type { LiveListener, LiveStatus, LiveStore } from './lib/live.js';

export interface Session {
  readonly api: GridmeterApi;
  readonly live: LiveStore;
  readonly user: UserDto;
  readonly logout: () => void;
}

export const SessionContext = createContext<Session | undefined>(undefined);

/** The signed-in session; only used below `<SessionContext.Provider>`. */
export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside a signed-in session');
  return s;
}

/** True when the user may send commands and run bills (admin, operator). */
export function canCommand(user: UserDto): boolean {
  return user.role === 'admin' || user.role === 'operator';
}

export interface Resource<T> {
  readonly data: T | undefined;
  readonly error: Error | undefined;
  readonly loading: boolean;
  /** Loads again; with `quiet` the current data stays on screen while it loads. */
  readonly reload: (quiet?: boolean) => void;
  readonly setData: (data: T) => void;
}

/** What `useResource` reloads on: plain values, compared by their text. */
export type ResourceKey = readonly (string | number | boolean | undefined | null)[];

/**
 * Runs `load` when a value in `deps` changes and keeps its result, error and loading state. An
 * answer that arrives after a newer request started is dropped.
 */
export function useResource<T>(load: () => Promise<T>, deps: ResourceKey): Resource<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<Error | undefined>(undefined);
  const [loading, setLoading] = useState(true);
  const seq = useRef(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  const run = useCallback((quiet = false) => {
    const n = ++seq.current;
    if (!quiet) setLoading(true);
    loadRef.current().then(
      (value) => {
        if (n !== seq.current) return;
        setData(value);
        setError(undefined);
        setLoading(false);
      },
      (e: unknown) => {
        if (n !== seq.current) return;
        setError(e instanceof Error ? e : new Error(String(e)));
        setLoading(false);
      },
    );
  }, []);

  const key = JSON.stringify(deps);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for the caller's deps
  useEffect(() => {
    run();
    return () => {
      seq.current++;
    };
  }, [run, key]);

  return { data, error, loading, reload: run, setData };
}

/** Calls `listener` for each live message with this event name while the component is mounted. */
export function useLive(event: string, listener: LiveListener): void {
  const { live } = useSession();
  const ref = useRef(listener);
  ref.current = listener;
  useEffect(() => live.subscribe(event, (m) => ref.current(m)), [live, event]);
}

/** The live stream's connection status. */
export function useLiveStatus(): LiveStatus {
  const { live } = useSession();
  const [status, setStatus] = useState(live.status);
  useEffect(() => {
    setStatus(live.status);
    return live.onStatus(setStatus);
  }, [live]);
  return status;
}

/** Re-runs `fn` every `ms` while mounted (e.g. refreshing KPIs). */
export function useInterval(fn: () => void, ms: number): void {
  const ref = useRef(fn);
  ref.current = fn;
  useEffect(() => {
    const t = window.setInterval(() => ref.current(), ms);
    return () => window.clearInterval(t);
  }, [ms]);
}
