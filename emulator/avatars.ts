/** A small SVG avatar per account (initials on a colour), the target of the `picture` claim. */
import type { ServerResponse } from 'node:http';
import type { EmulatorAccount } from './accounts.ts';
import { escapeHtml } from './pages.ts';

const COLOURS = ['#1a73e8', '#188038', '#c5221f', '#e37400', '#9334e6', '#007b83'];

export function avatarSvg(account: EmulatorAccount, index: number): string {
  const initials = `${account.givenName[0] ?? ''}${account.familyName[0] ?? ''}`;
  const colour = COLOURS[index % COLOURS.length];
  return `<svg xmlns="http://www.w3.org/2000/svg" width="96" height="96" viewBox="0 0 96 96" role="img" aria-label="${escapeHtml(account.name)}">
<circle cx="48" cy="48" r="48" fill="${colour}"/>
<text x="48" y="48" dy=".35em" text-anchor="middle" font-family="system-ui, sans-serif" font-size="40" fill="#fff">${escapeHtml(initials)}</text>
</svg>`;
}

/** Serves /avatars/<sub>.svg; returns false for other paths. */
export function handleAvatar(
  res: ServerResponse,
  pathname: string,
  accounts: EmulatorAccount[],
): boolean {
  const match = /^\/avatars\/(\d+)\.svg$/.exec(pathname);
  if (!match) return false;
  const index = accounts.findIndex((account) => account.sub === match[1]);
  const account = accounts[index];
  if (!account) {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    return true;
  }
  const svg = avatarSvg(account, index);
  res.writeHead(200, {
    'content-type': 'image/svg+xml',
    'cache-control': 'public, max-age=3600',
    'access-control-allow-origin': '*',
    'content-length': Buffer.byteLength(svg),
  });
  res.end(svg);
  return true;
}
