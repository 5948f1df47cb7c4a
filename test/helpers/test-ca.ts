/**
 * Certificate authorities made at test time (nothing committed): a CA certificate and its key,
 * and server certificates it issues for host names — the demo Google's HTTPS certificate, and a
 * TLS-inspecting proxy's certificates as a company's inspection CA would issue them.
 * ECDSA P-256 keys and SHA-256 signatures, built with @peculiar/x509 over WebCrypto.
 */
import 'reflect-metadata';
import { isIP } from 'node:net';
import * as x509 from '@peculiar/x509';

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
  issue(names: readonly string[]): Promise<IssuedCertificate>;
}

const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const DAY = 24 * 60 * 60 * 1000;

const keyPair = (): Promise<CryptoKeyPair> =>
  crypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify']);

/** A random positive serial number (hex). */
const serial = (): string =>
  '01' + Buffer.from(crypto.getRandomValues(new Uint8Array(11))).toString('hex');

/** A distinguished name with no characters that need escaping (the tests' names have none). */
const dn = (parts: { organization?: string; commonName: string }): string =>
  [`CN=${parts.commonName}`, ...(parts.organization ? [`O=${parts.organization}`] : [])].join(', ');

async function privateKeyPem(key: CryptoKey): Promise<string> {
  const der = Buffer.from(await crypto.subtle.exportKey('pkcs8', key));
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN PRIVATE KEY-----\n${lines.join('\n')}\n-----END PRIVATE KEY-----\n`;
}

/** Makes a CA named `organization` (O) and `commonName` (CN). */
export async function createTestCa(
  organization: string,
  commonName = `${organization} Root CA`,
): Promise<TestCa> {
  const keys = await keyPair();
  const name = dn({ organization, commonName });
  const validity = {
    notBefore: new Date(Date.now() - DAY),
    notAfter: new Date(Date.now() + 30 * DAY),
  };
  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    name,
    keys,
    signingAlgorithm: ALGORITHM,
    ...validity,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(
        x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign,
        true,
      ),
    ],
  });
  return {
    cert: ca.toString('pem'),
    organization,
    async issue(names) {
      const leaf = await keyPair();
      const cert = await x509.X509CertificateGenerator.create({
        serialNumber: serial(),
        subject: dn({ commonName: names[0] ?? 'localhost' }),
        issuer: ca.subject,
        publicKey: leaf.publicKey,
        signingKey: keys.privateKey,
        signingAlgorithm: ALGORITHM,
        ...validity,
        extensions: [
          new x509.BasicConstraintsExtension(false, undefined, true),
          new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
          new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
          new x509.SubjectAlternativeNameExtension(
            names.map((value) => ({
              type: isIP(value) ? ('ip' as const) : ('dns' as const),
              value,
            })),
          ),
        ],
      });
      return { cert: cert.toString('pem'), key: await privateKeyPem(leaf.privateKey) };
    },
  };
}
