import { setMaxListeners } from 'node:events';

/**
 * An AbortController whose signal every run in flight listens to (one listener per command or
 * meter transfer, removed when the run settles). Their number is bounded by the pool's queue, not
 * by Node's default of 10 listeners, so the leak warning is switched off for this signal only.
 */
export function sharedAbortController(): AbortController {
  const controller = new AbortController();
  setMaxListeners(0, controller.signal);
  return controller;
}
