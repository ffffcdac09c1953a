/** A tiny history-API router: the location as an external store, `navigate`, and `<Link>`. */
import { type AnchorHTMLAttributes, type MouseEvent, useSyncExternalStore } from 'react';
import { parseQuery } from './lib/query.js';

const listeners = new Set<() => void>();

function notify(): void {
  for (const l of listeners) l();
}

window.addEventListener('popstate', notify);

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

const snapshot = (): string => `${window.location.pathname}${window.location.search}`;

/** Goes to `to` (a path with an optional query) without reloading. */
export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (to === snapshot()) return;
  if (options.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  notify();
  if (!options.replace) window.scrollTo(0, 0);
}

export interface Location {
  readonly pathname: string;
  readonly search: string;
  readonly query: Readonly<Record<string, string>>;
}

let cachedKey = '';
let cached: Location = { pathname: '/', search: '', query: {} };

function currentLocation(): Location {
  const key = snapshot();
  if (key !== cachedKey) {
    cachedKey = key;
    cached = {
      pathname: window.location.pathname,
      search: window.location.search,
      query: parseQuery(window.location.search),
    };
  }
  return cached;
}

/** The current location; re-renders on every navigation. */
export function useLocation(): Location {
  return useSyncExternalStore(subscribe, currentLocation);
}

/** An `<a>` that navigates in-app on a plain left click and behaves as a link otherwise. */
export function Link(props: AnchorHTMLAttributes<HTMLAnchorElement> & { href: string }) {
  const { onClick, href, ...rest } = props;
  const click = (e: MouseEvent<HTMLAnchorElement>): void => {
    onClick?.(e);
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    if (props.target && props.target !== '_self') return;
    e.preventDefault();
    navigate(href);
  };
  return <a href={href} {...rest} onClick={click} />;
}
