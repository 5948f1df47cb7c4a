/**
 * The one wrapper of `shell.openExternal`. Two doors, each with its own rule:
 * links from the window (allow-listed Google pages) and the auth core's authorization URL
 * (exactly the configured authorization endpoint).
 */
import { shell } from 'electron';
import { allowedAuthorizationUrl, allowedExternalLink } from '../app/external-links.ts';

/** What the rules need to know at the moment a URL is opened. */
export interface ExternalOpenerOptions {
  /** The configured authorization endpoint (null until the core is configured). */
  authorizationEndpoint: () => string | null;
  /** Extra link origins (the local emulator in demo mode). */
  extraLinkOrigins: () => readonly string[];
  /** Where refusals are reported (the URL's origin only: paths can carry user data). */
  onRefused?: (kind: 'link' | 'authorization', origin: string) => void;
  /**
   * Replaces shell.openExternal for an allowed URL (the end-to-end hook of an unpackaged app,
   * e2e-hooks.ts). The allow-lists above still decide what gets here.
   */
  open?: ((url: string, kind: 'link' | 'authorization') => Promise<void>) | null;
}

/** The opener the window guards and the auth core use. */
export interface ExternalOpener {
  /** Opens an allow-listed link; returns whether it was allowed. Never throws. */
  openLink(url: string): boolean;
  /** The auth core's OpenExternal port: rejects anything but the authorization endpoint. */
  openAuthorizationUrl(url: string): Promise<void>;
}

function originForLog(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return 'unparseable';
  }
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
      const allowed = allowedAuthorizationUrl(url, options.authorizationEndpoint());
      if (!allowed) {
        options.onRefused?.('authorization', originForLog(url));
        throw new Error('Refused to open a URL that is not the configured authorization endpoint.');
      }
      // Only the configured authorization endpoint (allowedAuthorizationUrl()).
      if (options.open) await options.open(allowed, 'authorization');
      else await shell.openExternal(allowed, { activate: true }); // eng-disable OPEN_EXTERNAL_JS_CHECK
    },
  };
}
