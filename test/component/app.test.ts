/** The whole window against a fake bridge: screens, the sign-in flow, the account menu. */
import { fireEvent, screen, within } from '@testing-library/svelte';
import type { Component } from 'svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Account, PendingFlow } from '../../common/model.ts';
import type { Result } from '../../common/result.ts';
import {
  ADA,
  authState,
  createFakeApi,
  deferred,
  fail,
  GRACE,
  installApi,
  ok,
  profileOf,
  settle,
  type FakeApi,
} from './fake-api.ts';

const FLOW: PendingFlow = {
  purpose: 'sign-in',
  url: 'http://127.0.0.1:4000/o/oauth2/v2/auth?client_id=x&state=abc',
  redirect: 'loopback',
  scopes: ['openid', 'email', 'profile'],
  expiresAt: '2026-11-25T10:00:00Z',
};

let cleanup = (): void => {};

/**
 * A fresh App with fresh singletons (auth store, navigation) for each test. The testing library
 * is imported again after the reset so it mounts with the same Svelte runtime as the App.
 */
async function renderApp(fake: FakeApi): Promise<void> {
  installApi(fake);
  vi.resetModules();
  const library = await import('@testing-library/svelte');
  const { default: App } = (await import('../../renderer/src/App.svelte')) as {
    default: Component;
  };
  library.render(App);
  cleanup = library.cleanup;
  await settle();
}

let writeText: ReturnType<typeof vi.fn>;

beforeEach(() => {
  writeText = vi.fn(async () => {});
  Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
});

afterEach(() => cleanup());

describe('signed out', () => {
  it('says what Latchkey is and offers "Sign in with Google"', async () => {
    await renderApp(createFakeApi(authState()));
    expect(screen.getByRole('heading', { level: 1 }).textContent).toMatch(/Google account/);
    expect(screen.getByRole('button', { name: 'Sign in with Google' })).toBeTruthy();
    expect(screen.queryByText('Demo mode')).toBeNull();
  });

  it('shows the demo badge and sentence in demo mode', async () => {
    await renderApp(createFakeApi(authState({ demo: true })));
    expect(screen.getByText('Demo mode')).toBeTruthy();
    expect(screen.getByText('Demo mode: a local test Google, not your account')).toBeTruthy();
  });

  it('shows notices with "Sign in again" for an expired session', async () => {
    const fake = createFakeApi(
      authState({
        notices: [
          { id: 'n', level: 'error', code: 'SESSION_EXPIRED', message: 'Your session ended.' },
        ],
      }),
    );
    await renderApp(fake);
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('Your session ended.');
    await fireEvent.click(within(alert).getByRole('button', { name: 'Sign in again' }));
    expect(fake.api.auth.signIn).toHaveBeenCalled();
    await fireEvent.click(within(alert).getByRole('button', { name: 'Dismiss' }));
  });
});

describe('focus and what is announced when the screen changes', () => {
  it('moves focus to the new heading at each step of a sign-in, and says what happened', async () => {
    const fake = createFakeApi(authState());
    const pending = deferred<Result<Account>>();
    fake.api.auth.signIn.mockReturnValueOnce(pending.promise);
    await renderApp(fake);
    const button = screen.getByRole('button', { name: 'Sign in with Google' });
    button.focus();
    await fireEvent.click(button);
    await settle();
    // The Sign in button is gone with its screen: focus goes to the new screen's heading.
    expect(document.activeElement).toBe(
      screen.getByRole('heading', { name: 'Continue in your browser' }),
    );
    expect(document.activeElement?.getAttribute('tabindex')).toBe('-1');
    expect(
      screen.getByText('Continue in your browser.', { selector: '[role=status]' }),
    ).toBeTruthy();

    const signedIn = authState({ accounts: [ADA], activeId: ADA.id });
    fake.api.auth.accounts.mockResolvedValue(ok(signedIn));
    fake.emit(signedIn);
    pending.resolve(ok(ADA));
    await settle();
    expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'Profile', level: 1 }));
    // The toast names the account (name and email); the screen line does not say it twice.
    expect(
      within(screen.getByRole('status', { name: 'Notifications' })).getByText(
        'Signed in as Ada Lovelace (ada@example.com).',
      ),
    ).toBeTruthy();
    expect(screen.queryByText('Signed in as Ada Lovelace.')).toBeNull();
  });

  it('leaves focus alone where it still is (a navigation button)', async () => {
    const fake = createFakeApi(authState({ accounts: [ADA], activeId: ADA.id }));
    await renderApp(fake);
    const agenda = screen
      .getByRole('navigation', { name: 'Views' })
      .querySelectorAll('button')[1] as HTMLButtonElement;
    agenda.focus();
    await fireEvent.click(agenda);
    await settle();
    expect(document.activeElement).toBe(agenda);
  });
});

describe('signing in', () => {
  it('waits in the browser with Copy link and Cancel, then shows how it ended', async () => {
    const fake = createFakeApi(authState());
    const pending = deferred<Result<Account>>();
    fake.api.auth.signIn.mockReturnValueOnce(pending.promise);
    await renderApp(fake);
    await fireEvent.click(screen.getByRole('button', { name: 'Sign in with Google' }));
    expect(screen.getByRole('heading', { name: 'Continue in your browser' })).toBeTruthy();
    const copy = screen.getByRole('button', { name: 'Copy link' }) as HTMLButtonElement;
    expect(copy.disabled).toBe(true);

    fake.emit(authState({ flow: FLOW }));
    await settle();
    expect(copy.disabled).toBe(false);
    await fireEvent.click(copy);
    await settle();
    expect(writeText).toHaveBeenCalledWith(FLOW.url);
    expect(screen.getByText('Link copied')).toBeTruthy();

    // It says what Latchkey did, not what the browser shows; "Open again" asks main once more.
    expect(screen.getByText(/^We opened Google's sign-in page in your browser/)).toBeTruthy();
    await fireEvent.click(screen.getByRole('button', { name: 'Open again' }));
    await settle();
    expect(fake.api.auth.reopen).toHaveBeenCalledOnce();
    expect(screen.getByText('Opened again in your browser')).toBeTruthy();

    await fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(fake.api.auth.cancel).toHaveBeenCalledOnce();
    fake.emit(authState());
    pending.resolve(fail('CANCELLED'));
    await settle();
    // Back where the person was (no Back to press), and a toast says what happened.
    expect(screen.getByRole('button', { name: 'Sign in with Google' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Back' })).toBeNull();
    expect(screen.getByText('Sign-in cancelled. Nothing was shared with Latchkey.')).toBeTruthy();
  });

  it('shows the link to open by hand when Open again could not open a browser', async () => {
    const fake = createFakeApi(authState({ flow: FLOW }));
    fake.api.auth.signIn.mockReturnValueOnce(new Promise(() => {}));
    fake.api.auth.reopen.mockResolvedValueOnce({ ok: true, value: false });
    await renderApp(fake);
    await fireEvent.click(screen.getByRole('button', { name: 'Open again' }));
    await settle();
    expect((screen.getByRole('textbox') as HTMLInputElement).value).toBe(FLOW.url);
  });

  it('shows the link to copy by hand when the clipboard refuses', async () => {
    writeText.mockRejectedValueOnce(new Error('denied'));
    const fake = createFakeApi(authState({ flow: FLOW }));
    fake.api.auth.signIn.mockReturnValueOnce(new Promise(() => {}));
    await renderApp(fake);
    await fireEvent.click(screen.getByRole('button', { name: 'Copy link' }));
    await settle();
    const field = screen.getByRole('textbox') as HTMLInputElement;
    expect(field.value).toBe(FLOW.url);
  });

  it('after CONSENT_DENIED goes back to the signed-out screen with a toast, not two buttons', async () => {
    const fake = createFakeApi(authState());
    fake.api.auth.signIn.mockResolvedValueOnce(fail('CONSENT_DENIED'));
    await renderApp(fake);
    await fireEvent.click(screen.getByRole('button', { name: 'Sign in with Google' }));
    await settle();
    const toast = screen
      .getByText("Not signed in: you pressed Deny on Google's page, so nothing was shared.")
      .closest('.toast');
    // What happened instead of the action: the information mark, not the check mark of a success.
    expect(toast?.querySelector('.icon-wrap.info')).not.toBeNull();
    expect(screen.queryByRole('button', { name: 'Try again' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Sign in with Google' })).toBeTruthy();
  });

  it("after CONSENT_PARTIAL says main's sentence above the one button that asks again", async () => {
    const fake = createFakeApi(authState());
    const sentence = 'You allowed Latchkey in, but not to see your email address.';
    fake.api.auth.signIn.mockResolvedValueOnce(fail('CONSENT_PARTIAL', sentence));
    await renderApp(fake);
    await fireEvent.click(screen.getByRole('button', { name: 'Sign in with Google' }));
    await settle();
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('Not everything was allowed.');
    expect(alert.textContent).toContain(sentence);
    expect(screen.queryByRole('button', { name: 'Try again' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Back' })).toBeNull();
    await fireEvent.click(screen.getByRole('button', { name: 'Sign in with Google' }));
    expect(fake.api.auth.signIn).toHaveBeenCalledTimes(2);
  });

  it.each([
    ['TIMED_OUT', 'Sign-in timed out'],
    ['SIGN_IN_FAILED', "Sign-in didn't work"],
  ])('after %s offers "Try again"', async (code, title) => {
    const fake = createFakeApi(authState());
    fake.api.auth.signIn.mockResolvedValueOnce(fail(code)).mockResolvedValueOnce(fail(code));
    await renderApp(fake);
    await fireEvent.click(screen.getByRole('button', { name: 'Sign in with Google' }));
    await settle();
    expect(screen.getByRole('heading', { name: title })).toBeTruthy();
    await fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(fake.api.auth.signIn).toHaveBeenCalledTimes(2);
    await settle();
    await fireEvent.click(screen.getByRole('button', { name: 'Back' }));
    expect(screen.getByRole('button', { name: 'Sign in with Google' })).toBeTruthy();
  });
});

describe('signed in', () => {
  function signedIn(): FakeApi {
    const fake = createFakeApi(authState({ accounts: [ADA, GRACE], activeId: ADA.id }));
    fake.api.profile.get.mockResolvedValue(ok(profileOf(ADA, { cached: true })));
    return fake;
  }

  it('shows the views in a navigation and the profile first', async () => {
    const fake = signedIn();
    await renderApp(fake);
    const nav = screen.getByRole('navigation', { name: 'Views' });
    const names = within(nav)
      .getAllByRole('button')
      .map((b) => b.textContent?.trim());
    expect(names).toEqual(['Profile', 'Agenda', 'Drive', 'Tasks', 'Security']);
    expect(within(nav).getByRole('button', { name: 'Profile' }).getAttribute('aria-current')).toBe(
      'page',
    );
    expect(screen.getByRole('heading', { name: 'Ada Lovelace' })).toBeTruthy();
    expect(screen.getAllByText('ada@example.com').length).toBeGreaterThan(0);
    expect(fake.api.profile.get).toHaveBeenCalledWith({ accountId: ADA.id });
    expect(screen.getByText('A copy fetched from Google just now')).toBeTruthy();

    await fireEvent.click(within(nav).getByRole('button', { name: 'Agenda' }));
    expect(screen.getByRole('heading', { name: 'Agenda', level: 1 })).toBeTruthy();
    expect(document.title).toBe('Agenda · Latchkey');
  });

  it('shows the account from the auth state while the profile loads', async () => {
    const fake = signedIn();
    fake.api.profile.get.mockReturnValue(new Promise(() => {}));
    await renderApp(fake);
    expect(screen.getByRole('heading', { name: 'Ada Lovelace' })).toBeTruthy();
    expect(screen.getByText('Loading your profile…')).toBeTruthy();
  });

  it('runs the account menu from the keyboard', async () => {
    const fake = signedIn();
    await renderApp(fake);
    const trigger = screen.getByRole('button', { name: /Account menu/ });
    expect(trigger.getAttribute('aria-expanded')).toBe('false');
    trigger.focus();
    await fireEvent.keyDown(trigger, { key: 'ArrowDown' });
    await settle();
    expect(trigger.getAttribute('aria-expanded')).toBe('true');
    const menu = screen.getByRole('menu', { name: 'Account' });
    const items = within(menu).getAllByRole('menuitem');
    expect(items).toHaveLength(3);
    expect(items[0]).toBe(
      within(menu).getByRole('menuitem', { name: 'Switch to Grace Hopper grace@example.com' }),
    );
    expect(items[1]).toBe(within(menu).getByRole('menuitem', { name: 'Add another account' }));
    expect(items[2]).toBe(within(menu).getByRole('menuitem', { name: 'Sign out ada@example.com' }));
    expect(document.activeElement).toBe(items[0]);
    await fireEvent.keyDown(menu, { key: 'ArrowDown' });
    expect(document.activeElement).toBe(items[1]);
    await fireEvent.keyDown(menu, { key: 'End' });
    expect(document.activeElement).toBe(items[2]);
    await fireEvent.keyDown(menu, { key: 'ArrowDown' });
    expect(document.activeElement).toBe(items[0]);
    await fireEvent.keyDown(menu, { key: 'ArrowUp' });
    expect(document.activeElement).toBe(items[2]);
    await fireEvent.keyDown(menu, { key: 'Escape' });
    await settle();
    expect(screen.queryByRole('menu')).toBeNull();
    expect(document.activeElement).toBe(trigger);

    await fireEvent.click(trigger);
    await settle();
    await fireEvent.click(screen.getByRole('menuitem', { name: /Grace Hopper/ }));
    expect(fake.api.auth.setActive).toHaveBeenCalledWith({ accountId: GRACE.id });

    await fireEvent.click(trigger);
    await settle();
    await fireEvent.click(screen.getByRole('menuitem', { name: 'Sign out ada@example.com' }));
    await settle();
    await fireEvent.click(
      within(screen.getByRole('dialog', { name: 'Sign out of Ada Lovelace?' })).getByRole(
        'button',
        { name: 'Sign out' },
      ),
    );
    await settle();
    expect(fake.api.auth.signOut).toHaveBeenCalledWith({ accountId: ADA.id });
    expect(screen.getByText('Signed out; Google revoked access.')).toBeTruthy();
  });

  it('shows adding an account as a banner with Cancel', async () => {
    const fake = signedIn();
    fake.api.auth.addAccount.mockReturnValueOnce(new Promise(() => {}));
    await renderApp(fake);
    await fireEvent.click(screen.getByRole('button', { name: /Account menu/ }));
    await settle();
    await fireEvent.click(screen.getByRole('menuitem', { name: 'Add another account' }));
    await settle();
    expect(fake.api.auth.addAccount).toHaveBeenCalledOnce();
    expect(screen.getByRole('heading', { name: 'Continue in your browser' })).toBeTruthy();
    expect(screen.getByText(/other Google account/)).toBeTruthy();
    await fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(fake.api.auth.cancel).toHaveBeenCalledOnce();
  });
});

describe('the host behind the page stops', () => {
  it('says the preview stopped and what to do, instead of failing silently', async () => {
    const fake = createFakeApi(authState({ accounts: [ADA], activeId: ADA.id }));
    await renderApp(fake);
    expect(screen.queryByRole('heading', { name: "Latchkey's preview has stopped" })).toBeNull();
    const { HOST_STOPPED_EVENT } = await import('../../common/contract.ts');
    window.dispatchEvent(new Event(HOST_STOPPED_EVENT));
    await settle();
    const heading = screen.getByRole('heading', { name: "Latchkey's preview has stopped" });
    expect(screen.getByRole('alert').textContent).toContain('Run npm start again');
    expect(document.activeElement).toBe(heading);
    // The signed-in screen is gone: nothing left to press that could only fail.
    expect(screen.queryByRole('navigation', { name: 'Views' })).toBeNull();
  });
});
