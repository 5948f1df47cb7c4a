/** Storage and demo mode in plain words: every place follows the real storage. */
import { cleanup, render, screen } from '@testing-library/svelte';
import type { Component } from 'svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CredentialStorage, SecurityInfo } from '../../common/model.ts';
import {
  KEYCHAIN_LOCKED,
  KEYCHAIN_NO_DEFAULT,
  KEYCHAIN_OTHER,
  KEYCHAIN_REFUSED,
  keychainAdvice,
  keychainDetail,
  memoryReason,
  NO_KEYCHAIN_SERVICE,
} from '../../renderer/src/lib/storage.ts';
import SecurityView from '../../renderer/src/views/SecurityView.svelte';
import { ADA, authState, createFakeApi, installApi, ok, settle } from './fake-api.ts';

let done = (): void => {};
afterEach(() => {
  done();
  cleanup();
});

describe('keychain advice', () => {
  it('turns raw reasons into what to do', () => {
    for (const reason of [
      'Cannot autolaunch D-Bus without X11 $DISPLAY',
      'The name org.freedesktop.secrets was not provided by any .service files',
      'No Secret Service is running.',
    ]) {
      expect(keychainAdvice(reason)).toBe(NO_KEYCHAIN_SERVICE);
    }
    expect(keychainAdvice('Cannot create an item in a locked collection')).toBe(KEYCHAIN_LOCKED);
    expect(keychainAdvice('The keychain is locked.')).toBe(KEYCHAIN_LOCKED);
    expect(keychainAdvice('Something odd happened')).toBe(KEYCHAIN_OTHER);
  });

  it('gives each case main names its own advice (no service, locked, no login keyring, refused)', () => {
    const reason = 'Object does not exist at path “/org/freedesktop/secrets/collection/login”';
    expect(keychainAdvice(reason, 'no-default-collection')).toBe(KEYCHAIN_NO_DEFAULT);
    expect(KEYCHAIN_NO_DEFAULT).toMatch(/no default keyring/);
    expect(KEYCHAIN_NO_DEFAULT).not.toMatch(/allow Latchkey/);
    expect(keychainAdvice('whatever', 'no-service')).toBe(NO_KEYCHAIN_SERVICE);
    expect(keychainAdvice('whatever', 'locked')).toBe(KEYCHAIN_LOCKED);
    expect(keychainAdvice('whatever', 'refused')).toBe(KEYCHAIN_REFUSED);
    expect(keychainAdvice('whatever', 'unavailable')).toBe(KEYCHAIN_OTHER);
    // Four different sentences.
    expect(
      new Set([NO_KEYCHAIN_SERVICE, KEYCHAIN_LOCKED, KEYCHAIN_NO_DEFAULT, KEYCHAIN_REFUSED]).size,
    ).toBe(4);
    // An older main without `problem`: the words still lead to the right advice.
    expect(
      keychainAdvice('No such secret collection at path: /org/freedesktop/secrets/aliases/default'),
    ).toBe(KEYCHAIN_NO_DEFAULT);
  });

  it('keeps the raw detail without the lead-in the sentence already says', () => {
    expect(keychainDetail('The system keychain is not available: Cannot autolaunch D-Bus')).toBe(
      'Cannot autolaunch D-Bus',
    );
    expect(keychainDetail('The system keychain refused a request: Object does not exist')).toBe(
      'Object does not exist',
    );
    expect(keychainDetail('  ')).toBeNull();
    expect(memoryReason({ kind: 'memory', reason: 'R' }, 'notice (N)')).toBe('R');
    expect(memoryReason({ kind: 'keychain', service: 's' }, 'kept in memory. (N)')).toBe('N');
  });
});

async function renderSignedOut(storage: CredentialStorage): Promise<void> {
  installApi(createFakeApi(authState({ storage })));
  vi.resetModules();
  const library = await import('@testing-library/svelte');
  const { default: App } = (await import('../../renderer/src/App.svelte')) as {
    default: Component;
  };
  library.render(App);
  done = library.cleanup;
  await settle();
}

describe('the welcome screen', () => {
  it('promises the keychain only when the sign-in is kept there', async () => {
    await renderSignedOut({ kind: 'keychain', service: 'Latchkey' });
    expect(screen.getByText(/Kept in your keychain/)).toBeTruthy();
    expect(document.body.textContent?.replace(/\s+/g, ' ')).toContain(
      "keeps the key in your computer's keychain",
    );
  });

  it('says a keyring opened for this run is temporary, not your keychain', async () => {
    await renderSignedOut({ kind: 'keychain', service: 'Latchkey', temporary: true });
    expect(screen.queryByText(/Kept in your keychain/)).toBeNull();
    const text = document.body.textContent?.replace(/\s+/g, ' ') ?? '';
    expect(text).toContain('keeps the key in a temporary keyring while it runs');
    expect(text).toContain('temporary keyring that ends when Latchkey quits');
    expect(text).not.toMatch(/in your (computer's )?keychain/);
  });

  it('says memory only when there is no keychain', async () => {
    await renderSignedOut({ kind: 'memory', reason: 'Cannot autolaunch D-Bus' });
    expect(screen.queryByText(/Kept in your keychain/)).toBeNull();
    expect(document.body.textContent?.replace(/\s+/g, ' ')).not.toMatch(
      /in your (computer's )?keychain/,
    );
    expect(screen.getByText(/Kept in memory only/)).toBeTruthy();
  });
});

describe('the Security page', () => {
  it('words memory-only storage plainly, with the raw reason behind Details', async () => {
    const info: SecurityInfo = {
      storage: {
        kind: 'memory',
        reason:
          'The system keychain is not available: Cannot autolaunch D-Bus without X11 $DISPLAY',
      },
      demo: false,
      issuer: 'https://accounts.google.com',
      redirect: 'loopback',
      accounts: [],
      pendingRevocations: 0,
      dpopRefusedAt: null,
      dpopEnabled: true,
    };
    const fake = createFakeApi();
    fake.api.settings.security.mockResolvedValue(ok(info));
    installApi(fake);
    render(SecurityView, {
      accounts: [ADA],
      onsignin: vi.fn(),
      onsignout: vi.fn(),
      ondisconnect: vi.fn(),
    });
    await settle();
    expect(
      screen.getByText('In memory only, so you will sign in again after quitting Latchkey.'),
    ).toBeTruthy();
    expect(screen.getByText(NO_KEYCHAIN_SERVICE)).toBeTruthy();
    const details = screen.getByText('Details').closest('details')!;
    expect(details.textContent).toContain('Cannot autolaunch D-Bus without X11 $DISPLAY');
    expect(details.textContent).not.toContain('not available');
  });

  it("gives a Secret Service without a login keyring its own advice, not 'allow Latchkey'", async () => {
    const info: SecurityInfo = {
      storage: {
        kind: 'memory',
        reason:
          'The system keychain is not available: Object does not exist at path “/org/freedesktop/secrets/collection/login”',
        problem: 'no-default-collection',
      },
      demo: false,
      issuer: 'https://accounts.google.com',
      redirect: 'loopback',
      accounts: [],
      pendingRevocations: 0,
      dpopRefusedAt: null,
      dpopEnabled: true,
    };
    const fake = createFakeApi();
    fake.api.settings.security.mockResolvedValue(ok(info));
    installApi(fake);
    render(SecurityView, {
      accounts: [ADA],
      onsignin: vi.fn(),
      onsignout: vi.fn(),
      ondisconnect: vi.fn(),
    });
    await settle();
    expect(screen.getByText(KEYCHAIN_NO_DEFAULT)).toBeTruthy();
    expect(screen.queryByText(KEYCHAIN_REFUSED)).toBeNull();
  });
});
