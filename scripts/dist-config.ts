/**
 * The electron-builder configuration for one build: electron-builder.yml, adjusted for the
 * Google client the publisher builds with and the machine it builds on. Pure, so the packaging
 * test checks it directly.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { redirectSchemeFor, type ClientSettings } from '../main/app/config.ts';

/**
 * The Google client a build is made for: exactly what `loadConfig` reads back from
 * out/latchkey.config.json (its `configFile`), so the packaged app starts with it.
 */
export type BuildClient = ClientSettings;

export interface BuilderConfig {
  appId: string;
  protocols?: Array<{ name: string; schemes: string[] }>;
  electronFuses: Record<string, boolean>;
  toolsets?: { appimage?: string; [key: string]: unknown };
  mac?: { target?: unknown; [key: string]: unknown };
  win?: { [key: string]: unknown };
  publish?: unknown;
  nsis?: { include?: string; [key: string]: unknown };
  [key: string]: unknown;
}

/** What varies with the machine that builds. */
export interface BuildHost {
  /** `process.arch` of the build machine: the one architecture keytar's native module is for. */
  arch: string;
  /** Where the generated NSIS include is written (an absolute path). */
  nsisInclude?: string;
  /** `process.platform` of the build machine (macOS decides the ad-hoc signature reset). */
  platform?: NodeJS.Platform;
  /** Whether a macOS signing identity is configured (see {@link macSigningConfigured}). */
  macSigning?: boolean;
  /** `owner/name` of the GitHub repository the update feed is (GITHUB_REPOSITORY in CI). */
  repository?: string;
  /** Azure Trusted Signing for the Windows build (see {@link azureSignOptions}). */
  azureSign?: AzureSignOptions;
}

/** electron-builder's `win.azureSignOptions`, the parts a publisher sets. */
export interface AzureSignOptions {
  publisherName: string;
  endpoint: string;
  codeSigningAccountName: string;
  certificateProfileName: string;
}

/**
 * The signing settings release.yml passes to the build, each from a repository secret. An unset
 * secret arrives as an empty string, which electron-builder would take as a certificate
 * ("allow to specify as empty string", platformPackager getCscLink): scripts/dist.ts drops them.
 */
export const SIGNING_ENV = {
  mac: [
    'CSC_LINK',
    'CSC_KEY_PASSWORD',
    'APPLE_API_KEY',
    'APPLE_API_KEY_ID',
    'APPLE_API_ISSUER',
    'APPLE_ID',
    'APPLE_APP_SPECIFIC_PASSWORD',
    'APPLE_TEAM_ID',
  ],
  win: [
    'WIN_CSC_LINK',
    'WIN_CSC_KEY_PASSWORD',
    'AZURE_TENANT_ID',
    'AZURE_CLIENT_ID',
    'AZURE_CLIENT_SECRET',
    'AZURE_SIGN_ENDPOINT',
    'AZURE_SIGN_ACCOUNT',
    'AZURE_SIGN_PROFILE',
    'AZURE_SIGN_PUBLISHER',
  ],
} as const;

/** Removes the signing variables that are set but empty (an unset GitHub secret). */
export function dropEmptySigningEnv(env: NodeJS.ProcessEnv): void {
  for (const name of [...SIGNING_ENV.mac, ...SIGNING_ENV.win])
    if (env[name] === '') delete env[name];
}

/**
 * Azure Trusted Signing, when all of its settings are there: the account (AZURE_SIGN_ENDPOINT,
 * _ACCOUNT, _PROFILE, and the certificate's subject CN as _PUBLISHER) goes into the configuration,
 * the service principal (AZURE_TENANT_ID, _CLIENT_ID, _CLIENT_SECRET) stays in the environment,
 * where electron-builder's Invoke-TrustedSigning call reads it (windowsSignAzureManager).
 */
export function azureSignOptions(env: NodeJS.ProcessEnv): AzureSignOptions | null {
  const { AZURE_SIGN_ENDPOINT, AZURE_SIGN_ACCOUNT, AZURE_SIGN_PROFILE, AZURE_SIGN_PUBLISHER } = env;
  if (!AZURE_SIGN_ENDPOINT || !AZURE_SIGN_ACCOUNT || !AZURE_SIGN_PROFILE || !AZURE_SIGN_PUBLISHER)
    return null;
  return {
    publisherName: AZURE_SIGN_PUBLISHER,
    endpoint: AZURE_SIGN_ENDPOINT,
    codeSigningAccountName: AZURE_SIGN_ACCOUNT,
    certificateProfileName: AZURE_SIGN_PROFILE,
  };
}

/** Whether macOS notarization credentials are set (MacTargetHelper.getNotarizeOptions). */
function notarizationConfigured(env: NodeJS.ProcessEnv): boolean {
  return Boolean(
    (env.APPLE_ID && env.APPLE_APP_SPECIFIC_PASSWORD && env.APPLE_TEAM_ID) ||
    (env.APPLE_API_KEY && env.APPLE_API_KEY_ID && env.APPLE_API_ISSUER) ||
    env.APPLE_KEYCHAIN_PROFILE,
  );
}

/**
 * What this build's installers lack for want of signing secrets, one line for the build's OS
 * (empty when nothing is missing). `npm run dist -- --release` prints it; in GitHub Actions as a
 * warning annotation, so it shows on the run's summary.
 */
export function unsignedReport(
  platform: NodeJS.Platform,
  env: NodeJS.ProcessEnv,
  base: BuilderConfig,
): string[] {
  if (platform === 'darwin') {
    if (!macSigningConfigured(env, base)) {
      return [
        'macOS: the dmg and zip are NOT signed with a Developer ID nor notarized (no CSC_LINK): ' +
          'the app is signed ad hoc, Gatekeeper blocks its first open (right-click > Open), and ' +
          'electron-updater cannot install updates to it.',
      ];
    }
    if (!notarizationConfigured(env) && base.mac?.notarize !== false) {
      return [
        'macOS: signed with a Developer ID but NOT notarized (no APPLE_API_KEY/_ID/_ISSUER or ' +
          'APPLE_ID/APPLE_APP_SPECIFIC_PASSWORD/APPLE_TEAM_ID): Gatekeeper blocks its first open.',
      ];
    }
    return [];
  }
  if (platform === 'win32') {
    if (env.WIN_CSC_LINK || env.CSC_LINK || azureSignOptions(env)) return [];
    return [
      'Windows: the installer is NOT Authenticode-signed (no WIN_CSC_LINK or Azure Trusted ' +
        'Signing): SmartScreen warns "unknown publisher" and electron-updater cannot check an ' +
        "update's publisher.",
    ];
  }
  return [
    'Linux: the AppImage and deb carry no signature (electron-builder signs neither): check ' +
      'them against SHA256SUMS and the build provenance attestation (gh attestation verify).',
  ];
}

export const PROTOCOL_NAME = 'Latchkey Google sign-in';

/** A URL scheme as RFC 3986 allows it; anything else never reaches the installer script. */
const SCHEME = /^[a-z][a-z0-9+.-]*$/;

/** Reads electron-builder.yml. */
export function readBaseConfig(path = 'electron-builder.yml'): BuilderConfig {
  return parse(readFileSync(path, 'utf8')) as BuilderConfig;
}

/**
 * Whether this macOS build will be signed with a real identity: a certificate given to
 * electron-builder (CSC_LINK, or CSC_NAME naming one in the keychain) or `mac.identity` in the
 * configuration. `mac.identity: null` means "do not sign" (MacTargetHelper.handleNullIdentity).
 */
export function macSigningConfigured(env: NodeJS.ProcessEnv, base: BuilderConfig): boolean {
  if (env.CSC_LINK || env.CSC_NAME) return true;
  const identity = base.mac?.identity;
  return typeof identity === 'string' && identity.length > 0;
}

/** Whether `publish` is the one GitHub feed electron-builder.yml configures. */
function isGithubFeed(publish: unknown): publish is { provider: 'github'; [key: string]: unknown } {
  return (
    typeof publish === 'object' &&
    publish !== null &&
    (publish as { provider?: unknown }).provider === 'github'
  );
}

/** The reverse-client-ID scheme of an iOS-type client; null for a Desktop (loopback) client. */
export function redirectSchemeOf(client: BuildClient | null): string | null {
  return client ? redirectSchemeFor(client) : null;
}

/**
 * The NSIS include that registers the redirect scheme(s) with Windows at install time and
 * removes them at uninstall (electron-builder's NSIS target ignores `protocols`). The command
 * puts the `--` sentinel before the URL, so nothing in a link is ever parsed as a switch.
 * On uninstall a key is deleted only while it still points at this installation.
 */
export function nsisSchemeInclude(schemes: readonly string[]): string {
  for (const scheme of schemes) {
    if (!SCHEME.test(scheme)) throw new Error(`not a URL scheme: ${JSON.stringify(scheme)}`);
  }
  const command = `'"$INSTDIR\\\${APP_EXECUTABLE_FILENAME}" -- "%1"'`;
  const lines = [
    '; Generated by scripts/dist.ts (nsisSchemeInclude) for this build: do not edit.',
    '!macro customInstall',
  ];
  for (const scheme of schemes) {
    const key = `"Software\\Classes\\${scheme}"`;
    lines.push(
      `  WriteRegStr SHCTX ${key} "" "URL:${PROTOCOL_NAME}"`,
      `  WriteRegStr SHCTX ${key} "URL Protocol" ""`,
      `  WriteRegStr SHCTX "Software\\Classes\\${scheme}\\DefaultIcon" "" "$INSTDIR\\\${APP_EXECUTABLE_FILENAME},0"`,
      `  WriteRegStr SHCTX "Software\\Classes\\${scheme}\\shell\\open\\command" "" ${command}`,
    );
  }
  lines.push('!macroend', '', '!macro customUnInstall', '  Push $0');
  for (const scheme of schemes) {
    lines.push(
      `  ReadRegStr $0 SHCTX "Software\\Classes\\${scheme}\\shell\\open\\command" ""`,
      `  \${if} $0 == ${command}`,
      `    DeleteRegKey SHCTX "Software\\Classes\\${scheme}"`,
      '  ${endIf}',
    );
  }
  lines.push('  Pop $0', '!macroend', '');
  return lines.join('\n');
}

/**
 * The configuration for a build:
 * - an iOS-type client registers its reverse-client-ID scheme (Info.plist on macOS, the
 *   .desktop entry on Linux, the NSIS include on Windows); a Desktop client or none registers
 *   no scheme at all (its redirect is the loopback address);
 * - the macOS dmg and zip are for the build machine's architecture only: keytar's native module
 *   in node_modules is built for that one (see electron-builder.yml);
 * - the GitHub update feed names the repository the workflow runs in (`host.repository`), and a
 *   Windows build signs through Azure Trusted Signing when `host.azureSign` is given;
 * - `e2e` turns on the CLI inspect fuse that Playwright's `_electron` needs and nothing else;
 * - on macOS without a signing identity, the fuses re-sign the app ad hoc: flipping a fuse
 *   rewrites the Electron binary and breaks its signature, electron-builder then finds no
 *   identity and skips signing, and Apple silicon kills an app whose signature is invalid
 *   (`@electron/fuses` flipFuses re-signs only with `resetAdHocDarwinSignature`).
 */
export function builderConfig(
  base: BuilderConfig,
  client: BuildClient | null,
  host: BuildHost,
  options: { e2e?: boolean } = {},
): BuilderConfig {
  const config: BuilderConfig = structuredClone(base);
  delete config.protocols;
  const scheme = redirectSchemeOf(client);
  if (scheme) {
    config.protocols = [{ name: PROTOCOL_NAME, schemes: [scheme] }];
    if (host.nsisInclude) config.nsis = { ...config.nsis, include: host.nsisInclude };
  }
  if (host.arch === 'x64' || host.arch === 'arm64') {
    const arch = [host.arch];
    config.mac = {
      ...config.mac,
      target: [
        { target: 'dmg', arch },
        { target: 'zip', arch },
      ],
    };
  }
  const repository = /^([\w.-]+)\/([\w.-]+)$/.exec(host.repository ?? '');
  if (repository && isGithubFeed(config.publish)) {
    config.publish = { ...config.publish, owner: repository[1], repo: repository[2] };
  }
  if (host.azureSign) config.win = { ...config.win, azureSignOptions: host.azureSign };
  if (options.e2e) {
    config.electronFuses = { ...config.electronFuses, enableNodeCliInspectArguments: true };
  }
  if (host.platform === 'darwin' && !host.macSigning) {
    config.electronFuses = { ...config.electronFuses, resetAdHocDarwinSignature: true };
  }
  return config;
}
