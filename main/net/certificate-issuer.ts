/**
 * Who issued the certificate a server presents, for the Node host's port (node.ts): Node's TLS
 * error carries no certificate, so after a trust failure one diagnostic handshake — through the
 * same proxy tunnel, with its credentials — accepts any certificate only to read its issuer.
 */
import { connect as netConnect, isIP, type Socket } from 'node:net';
import { DEFAULT_PORTS } from './proxy-env.ts';
import { connect as tlsConnect, type DetailedPeerCertificate, type SecureContext } from 'node:tls';

function firstValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/**
 * The name of whoever issued the top of the presented chain — its issuer's organization (O), else
 * common name (CN) — cleaned for a sentence: no control or direction-changing characters, at most
 * 100 characters. Null when the certificate names none.
 */
export function topIssuerName(certificate: DetailedPeerCertificate): string | null {
  let top = certificate;
  const seen = new Set<string>();
  while (
    top.issuerCertificate &&
    top.issuerCertificate !== top &&
    top.issuerCertificate.fingerprint256 !== top.fingerprint256 &&
    !seen.has(top.fingerprint256)
  ) {
    seen.add(top.fingerprint256);
    top = top.issuerCertificate;
  }
  const raw = firstValue(top.issuer?.O) ?? firstValue(top.issuer?.CN);
  if (!raw) return null;
  const clean = raw
    .replace(/[\p{Cc}\p{Cf}]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (!clean) return null;
  return clean.length > 100 ? `${clean.slice(0, 99)}…` : clean;
}

/** The `Proxy-Authorization` value for the credentials in a proxy URL, as undici sends it. */
function proxyAuthorization(proxy: URL): string | null {
  if (!proxy.username && !proxy.password) return null;
  const user = decodeURIComponent(proxy.username);
  const password = decodeURIComponent(proxy.password);
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

/** Reads the proxy's answer head to a CONNECT; resolves its status (the rest stays on the socket). */
function tunnelStatus(socket: Socket): Promise<number> {
  return new Promise((resolve, reject) => {
    let head = Buffer.alloc(0);
    const onData = (chunk: Buffer): void => {
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end === -1) {
        if (head.length > 16_384) done(new Error('proxy answer too long'));
        return;
      }
      done(
        null,
        Number(/^HTTP\/1\.[01] (\d{3})/.exec(head.subarray(0, end).toString('latin1'))?.[1] ?? 0),
      );
      const rest = head.subarray(end + 4);
      if (rest.length > 0) socket.unshift(rest);
    };
    const onEnd = (): void => done(new Error('proxy closed the connection'));
    const done = (error: Error | null, status = 0): void => {
      // Paused first: what follows the head is the TLS handshake's, read by whoever comes next.
      socket.pause();
      socket.off('data', onData).off('error', done).off('end', onEnd).off('close', onEnd);
      if (error) reject(error);
      else resolve(status);
    };
    socket.on('data', onData).on('error', done).on('end', onEnd).on('close', onEnd);
  });
}

/** A socket to `host:port`, through `proxy`'s tunnel when one applies. */
async function openWay(
  host: string,
  port: number,
  proxy: URL | null,
  secureContext: SecureContext,
  track: (socket: Socket) => void,
): Promise<Socket | null> {
  if (!proxy) return null;
  const proxyPort = Number(proxy.port) || DEFAULT_PORTS[proxy.protocol] || 80;
  const proxyHost = proxy.hostname.replace(/^\[(.*)\]$/, '$1');
  const socket: Socket =
    proxy.protocol === 'https:'
      ? tlsConnect({
          host: proxyHost,
          port: proxyPort,
          secureContext,
          ...(isIP(proxyHost) ? {} : { servername: proxyHost }),
        })
      : netConnect(proxyPort, proxyHost);
  track(socket);
  const authority = `${isIP(host) === 6 ? `[${host}]` : host}:${port}`;
  const authorization = proxyAuthorization(proxy);
  socket.write(
    `CONNECT ${authority} HTTP/1.1\r\nHost: ${authority}\r\n` +
      (authorization ? `Proxy-Authorization: ${authorization}\r\n` : '') +
      '\r\n',
  );
  const status = await tunnelStatus(socket);
  if (status !== 200) throw new Error(`the proxy answered ${status}`);
  return socket;
}

/**
 * One TLS handshake with `target` (through `proxy`'s tunnel, with its credentials, when one
 * applies) that accepts any certificate, only to read who issued it; nothing is sent over it.
 * Resolves null when it cannot tell (the way failed, the time limit passed, no name).
 */
export async function presentedIssuer(
  target: URL,
  proxy: URL | null,
  options: { timeoutMs: number; secureContext: SecureContext; signal?: AbortSignal | null },
): Promise<string | null> {
  const host = target.hostname.replace(/^\[(.*)\]$/, '$1');
  const port = Number(target.port) || 443;
  const sockets: Socket[] = [];
  let finished = false;
  const track = (socket: Socket): void => {
    sockets.push(socket);
    socket.on('error', () => undefined);
  };
  let timer: NodeJS.Timeout | undefined;
  let onAbort = (): void => undefined;
  const stopped = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), options.timeoutMs);
    onAbort = () => resolve(null);
    options.signal?.addEventListener('abort', onAbort, { once: true });
  });
  const handshake = (async (): Promise<string | null> => {
    const way = await openWay(host, port, proxy, options.secureContext, track);
    // Given up meanwhile (time limit, abort): its sockets are gone, start nothing more.
    if (finished) return null;
    const tls = tlsConnect({
      ...(way ? { socket: way } : { host, port }),
      ...(isIP(host) ? {} : { servername: host }),
      rejectUnauthorized: false,
    });
    track(tls);
    await new Promise<void>((resolve, reject) => {
      tls.once('secureConnect', resolve).once('error', reject);
    });
    return topIssuerName(tls.getPeerCertificate(true));
  })().catch(() => null);
  try {
    return await Promise.race([handshake, stopped]);
  } finally {
    finished = true;
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
    // The TLS socket before the socket under it: the other order can crash Node (seen on 24.21).
    for (const socket of sockets.reverse()) socket.destroy();
  }
}
