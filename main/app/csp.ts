/**
 * The Content-Security-Policy sent as a header with every renderer document (the `app://`
 * protocol in Electron, the HTTP server of the browser preview). One builder so both are equal.
 *
 * `style-src 'self'` without 'unsafe-inline': Svelte 5 writes dynamic `style=` and `style:`
 * values through CSSOM (`element.style.cssText`), which CSP does not govern, and component
 * `<style>` blocks are emitted by Vite as a CSS file. Only a *static* `style="…"` attribute in a
 * template would be blocked (Svelte parses templates as HTML) — the renderer uses classes instead.
 */

/** Google's profile-photo host (Account.pictureUrl, Profile.pictureUrl). */
export const GOOGLE_PHOTO_ORIGIN = 'https://lh3.googleusercontent.com';
/** Google's Drive file-type icon host (DriveFile.iconLink). */
export const GOOGLE_DRIVE_ICON_ORIGIN = 'https://drive-thirdparty.googleusercontent.com';

/** Origins added to the base policy. */
export interface CspOptions {
  /** Extra image origins (the emulator's origin in demo mode). */
  imgOrigins?: readonly string[];
  /** Where scripts may connect (the preview's own WebSocket); none in Electron. */
  connectOrigins?: readonly string[];
  /**
   * Only for the Vite dev server (`npm run dev`), whose hot reload injects <style> elements.
   * Never set for the packaged renderer or the preview.
   */
  devServerInlineStyles?: boolean;
}

/** Reduces a source to its origin, so nothing but an origin can reach the policy text. */
function originOf(source: string): string {
  const url = new URL(source);
  if (!/^(https?|wss?):$/.test(url.protocol)) throw new Error(`Not a web origin: ${url.protocol}`);
  return url.origin;
}

/** Builds the policy header value. */
export function buildCsp(options: CspOptions = {}): string {
  const img = ["'self'", 'data:', GOOGLE_PHOTO_ORIGIN, GOOGLE_DRIVE_ICON_ORIGIN];
  for (const origin of options.imgOrigins ?? []) img.push(originOf(origin));
  const connect = (options.connectOrigins ?? []).map(originOf);
  const directives: Array<[string, string[]]> = [
    ['default-src', ["'self'"]],
    ['script-src', ["'self'"]],
    ['style-src', options.devServerInlineStyles ? ["'self'", "'unsafe-inline'"] : ["'self'"]],
    ['img-src', [...new Set(img)]],
    ['font-src', ["'self'"]],
    ['connect-src', connect.length > 0 ? connect : ["'none'"]],
    ['media-src', ["'none'"]],
    ['frame-src', ["'none'"]],
    ['worker-src', ["'none'"]],
    ['object-src', ["'none'"]],
    ['base-uri', ["'none'"]],
    ['form-action', ["'none'"]],
    ['frame-ancestors', ["'none'"]],
  ];
  return directives.map(([name, values]) => `${name} ${values.join(' ')}`).join('; ');
}
