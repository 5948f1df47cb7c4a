/**
 * The one wrapper of `shell.openExternal`. Two doors, each with its own rule:
 * links from the window (allow-listed Google pages, checked here) and the auth core's
 * authorization URL (exactly the configured authorization endpoint, checked for both hosts by
 * `authorizationOpener` (main/app/external-links.ts, applied in main/app/start.ts) before it
 * reaches {@link ExternalOpener.openAuthorizationUrl}).
 */
import { shell } from 'electron';
import { allowedExternalLink, originForLog } from '../app/external-links.ts';
import type { OpenKind } from './e2e-hooks.ts';

/** What the link rule needs to know at the moment a link is opened. */
export interface ExternalOpenerOptions {
  /** Extra link origins (the local emulator in demo mode). */
  extraLinkOrigins: () => readonly string[];
  /** Where refusals are reported (the URL's origin only: paths can carry user data). */
  onRefused?: (kind: 'link', origin: string) => void;
  /**
   * Replaces shell.openExternal for an allowed URL (the end-to-end hook of an unpackaged app,
   * e2e-hooks.ts). The allow-lists still decide what gets here.
   */
  open?: ((url: string, kind: OpenKind) => Promise<void>) | null;
}

/** The opener the window guards and the auth core use. */
export interface ExternalOpener {
  /** Opens an allow-listed link; returns whether it was allowed. Never throws. */
  openLink(url: string): boolean;
  /** The browser behind the auth core's OpenExternal port (already limited to the endpoint). */
  openAuthorizationUrl(url: string): Promise<void>;
}

/** Builds the opener. */
export function createExternalOpener(options: ExternalOpenerOptions): ExternalOpener {
  return {
    openLink(url) {
      const allowed = allowedExternalLink(url, options.extraLinkOrigins());
      if (!allowed) {
        options.onRefused?.('link', originForLog(url));
        return false;
      }
      // Only a URL allowedExternalLink() returned: https on an allow-listed Google host.
      const opening = options.open
        ? options.open(allowed, 'link')
        : shell.openExternal(allowed, { activate: true }); // eng-disable OPEN_EXTERNAL_JS_CHECK
      opening.catch(() => options.onRefused?.('link', originForLog(url)));
      return true;
    },
    async openAuthorizationUrl(url) {
      // Reached only through authorizationOpener() (main/app/external-links.ts), which passes
      // nothing but the configured authorization endpoint.
      if (options.open) await options.open(url, 'authorization');
      else await shell.openExternal(url, { activate: true }); // eng-disable OPEN_EXTERNAL_JS_CHECK
    },
  };
}
