/**
 * Certificate authorities made at test time (nothing committed): a CA certificate and its key,
 * and server certificates it issues for host names — the demo Google's HTTPS certificate, and a
 * TLS-inspecting proxy's certificates as a company's inspection CA would issue them.
 *
 * Built with Node's crypto alone: ECDSA P-256 keys, SHA-256 signatures, and the few DER shapes
 * an X.509 v3 certificate needs (RFC 5280 §4.1), written out below. (@peculiar/x509 would do it
 * too, but it needs a Reflect metadata polyfill that is not installed.)
 */
import { generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { isIPv4, isIPv6 } from 'node:net';

/** A certificate and its private key, both PEM. */
export interface IssuedCertificate {
  cert: string;
  key: string;
}

/** A test certificate authority. */
export interface TestCa {
  /** The CA's certificate (PEM): what a company installs in its computers' trust stores. */
  readonly cert: string;
  /** Its subject's organization (O), as the network port names it in the certificate message. */
  readonly organization: string;
  /** A server certificate for `names` (DNS names or IP addresses), signed by this CA. */
  issue(names: readonly string[]): IssuedCertificate;
}

// --- DER (X.690), just what a certificate needs --------------------------------------------

function length(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let rest = n; rest > 0; rest >>= 8) bytes.unshift(rest & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}
function tlv(tag: number, ...content: Buffer[]): Buffer {
  const body = Buffer.concat(content);
  return Buffer.concat([Buffer.from([tag]), length(body.length), body]);
}
const sequence = (...items: Buffer[]): Buffer => tlv(0x30, ...items);
const set = (...items: Buffer[]): Buffer => tlv(0x31, ...items);
const octets = (value: Buffer): Buffer => tlv(0x04, value);
const bits = (value: Buffer): Buffer => tlv(0x03, Buffer.from([0]), value);
const utf8 = (value: string): Buffer => tlv(0x0c, Buffer.from(value, 'utf8'));
const bool = (value: boolean): Buffer => tlv(0x01, Buffer.from([value ? 0xff : 0]));
/** [n] EXPLICIT. */
const explicit = (n: number, inner: Buffer): Buffer => tlv(0xa0 | n, inner);

function integer(value: Buffer | number): Buffer {
  let bytes = typeof value === 'number' ? Buffer.from([value]) : value;
  while (bytes.length > 1 && bytes[0] === 0 && bytes[1]! < 0x80) bytes = bytes.subarray(1);
  if (bytes[0]! >= 0x80) bytes = Buffer.concat([Buffer.from([0]), bytes]);
  return tlv(0x02, bytes);
}

function oid(dotted: string): Buffer {
  const parts = dotted.split('.').map(Number);
  const out = [40 * parts[0]! + parts[1]!];
  for (const part of parts.slice(2)) {
    const chunk: number[] = [part & 0x7f];
    for (let rest = part >> 7; rest > 0; rest >>= 7) chunk.unshift(0x80 | (rest & 0x7f));
    out.push(...chunk);
  }
  return tlv(0x06, Buffer.from(out));
}

/** UTCTime (dates before 2050, as RFC 5280 requires for them). */
function time(date: Date): Buffer {
  const text = date.toISOString().replace(/[-:T]/g, '').slice(2, 14) + 'Z';
  return tlv(0x17, Buffer.from(text, 'ascii'));
}

const OID = {
  commonName: '2.5.4.3',
  organization: '2.5.4.10',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  basicConstraints: '2.5.29.19',
  keyUsage: '2.5.29.15',
  extKeyUsage: '2.5.29.37',
  serverAuth: '1.3.6.1.5.5.7.3.1',
  subjectAltName: '2.5.29.17',
} as const;

function name(parts: { organization?: string; commonName: string }): Buffer {
  const rdns = [];
  if (parts.organization) rdns.push(set(sequence(oid(OID.organization), utf8(parts.organization))));
  rdns.push(set(sequence(oid(OID.commonName), utf8(parts.commonName))));
  return sequence(...rdns);
}

function extension(id: string, critical: boolean, value: Buffer): Buffer {
  return sequence(oid(id), ...(critical ? [bool(true)] : []), octets(value));
}

/** KeyUsage as a named BIT STRING: bit 0 digitalSignature, 5 keyCertSign, 6 cRLSign. */
function keyUsage(flags: number[]): Buffer {
  let byte = 0;
  for (const flag of flags) byte |= 0x80 >> flag;
  const unused = Math.min(7, 7 - Math.max(...flags));
  return tlv(0x03, Buffer.from([unused, byte]));
}

function altName(value: string): Buffer {
  if (isIPv4(value)) return tlv(0x87, Buffer.from(value.split('.').map(Number)));
  if (isIPv6(value)) throw new RangeError('IPv6 names are not needed here');
  return tlv(0x82, Buffer.from(value, 'ascii'));
}

const SIGNATURE = sequence(oid(OID.ecdsaWithSha256));
const DAY = 24 * 60 * 60 * 1000;

function certificate(fields: {
  subject: Buffer;
  issuer: Buffer;
  publicKey: KeyObject;
  signingKey: KeyObject;
  extensions: Buffer[];
}): string {
  const now = Date.now();
  const tbs = sequence(
    explicit(0, integer(2)),
    integer(Buffer.concat([Buffer.from([0x01]), randomBytes(11)])),
    SIGNATURE,
    fields.issuer,
    sequence(time(new Date(now - DAY)), time(new Date(now + 30 * DAY))),
    fields.subject,
    fields.publicKey.export({ type: 'spki', format: 'der' }),
    explicit(3, sequence(...fields.extensions)),
  );
  const signature = sign('sha256', tbs, fields.signingKey);
  const der = sequence(tbs, SIGNATURE, bits(signature));
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}

function keyPair(): { publicKey: KeyObject; privateKey: KeyObject } {
  return generateKeyPairSync('ec', { namedCurve: 'P-256' });
}

/** Makes a CA named `organization` (O) and `commonName` (CN). */
export function createTestCa(organization: string, commonName = `${organization} Root CA`): TestCa {
  const keys = keyPair();
  const subject = name({ organization, commonName });
  const cert = certificate({
    subject,
    issuer: subject,
    publicKey: keys.publicKey,
    signingKey: keys.privateKey,
    extensions: [
      extension(OID.basicConstraints, true, sequence(bool(true), integer(0))),
      extension(OID.keyUsage, true, keyUsage([5, 6])),
    ],
  });
  return {
    cert,
    organization,
    issue(names) {
      const leaf = keyPair();
      const leafCert = certificate({
        subject: name({ commonName: names[0] ?? 'localhost' }),
        issuer: subject,
        publicKey: leaf.publicKey,
        signingKey: keys.privateKey,
        extensions: [
          extension(OID.basicConstraints, true, sequence()),
          extension(OID.keyUsage, true, keyUsage([0])),
          extension(OID.extKeyUsage, false, sequence(oid(OID.serverAuth))),
          extension(OID.subjectAltName, false, sequence(...names.map(altName))),
        ],
      });
      return {
        cert: leafCert,
        key: leaf.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
      };
    },
  };
}
