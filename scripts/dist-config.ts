/**
 * The electron-builder configuration for one build: electron-builder.yml, adjusted for the
 * Google client the publisher builds with. Pure, so the packaging test checks it directly.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

/** The Google client a build is made for (from LATCHKEY_GOOGLE_CLIENT_ID / _SECRET). */
export interface BuildClient {
  clientId: string;
  clientSecret?: string;
  /** For an iOS-type client: its reverse-client-ID scheme. */
  redirectScheme?: string;
}

export interface BuilderConfig {
  appId: string;
  protocols: Array<{ name: string; schemes: string[] }>;
  electronFuses: Record<string, boolean>;
  extraMetadata?: Record<string, unknown>;
  [key: string]: unknown;
}

/** Reads electron-builder.yml. */
export function readBaseConfig(path = 'electron-builder.yml'): BuilderConfig {
  return parse(readFileSync(path, 'utf8')) as BuilderConfig;
}

/**
 * The configuration for a build: an iOS-type client registers its own scheme (a Desktop client
 * keeps the base scheme: its redirect is the loopback address); `e2e` turns on the CLI inspect
 * fuse that Playwright's `_electron` needs and nothing else.
 */
export function builderConfig(
  base: BuilderConfig,
  client: BuildClient | null,
  options: { e2e?: boolean } = {},
): BuilderConfig {
  const config: BuilderConfig = structuredClone(base);
  if (client?.redirectScheme) {
    config.protocols = [{ name: 'Latchkey Google sign-in', schemes: [client.redirectScheme] }];
  }
  if (options.e2e) {
    config.electronFuses = { ...config.electronFuses, enableNodeCliInspectArguments: true };
  }
  return config;
}
