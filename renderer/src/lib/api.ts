/**
 * The one place the renderer touches `window.api`, the bridge the preload (or the browser preview)
 * defines. Everything else imports {@link api} so the boundary stays a single, typed seam — and so
 * component tests can stand a fake in front of it by setting `window.api`.
 */
import type { Api } from '../../../common/contract.ts';

declare global {
  interface Window {
    /** Defined by the preload (Electron) or by the browser preview's bridge script. */
    api: Api;
  }
}

/** The bridge. Throws when the page was opened without one (a plain browser tab, say). */
export function api(): Api {
  const bridge = window.api;
  if (!bridge) throw new Error('Latchkey: window.api is missing; open the app, not the page.');
  return bridge;
}
