/**
 * Proxy sign-in in the window: the dialog a proxy's question opens (who asks, for which host,
 * the realm; user name, password, Remember, Cancel), the answers it sends over the bridge, and the
 * saved proxy sign-ins on the Security page with "Forget".
 */
import { cleanup, fireEvent, render, screen, within } from '@testing-library/svelte';
import type { Component } from 'svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import ProxySignInDialog from '../../renderer/src/components/ProxySignInDialog.svelte';
import SecurityView from '../../renderer/src/views/SecurityView.svelte';
import {
  ADA,
  authState,
  createFakeApi,
  installApi,
  ok,
  proxyPrompt,
  settle,
  type FakeApi,
} from './fake-api.ts';

// jsdom has no modal dialogs: stand in for showModal/close and record the calls.
const showModal = vi.fn(function (this: HTMLDialogElement) {
  this.setAttribute('open', '');
});
const close = vi.fn(function (this: HTMLDialogElement) {
  this.removeAttribute('open');
});

beforeEach(() => {
  Object.assign(HTMLDialogElement.prototype, { showModal, close });
  showModal.mockClear();
  close.mockClear();
});

let done = (): void => {};
afterEach(() => {
  done();
  done = () => {};
  cleanup();
  Reflect.deleteProperty(HTMLDialogElement.prototype, 'showModal');
  Reflect.deleteProperty(HTMLDialogElement.prototype, 'close');
});

const TITLE = 'Sign in to your network’s proxy';

function renderDialog(overrides: Parameters<typeof proxyPrompt>[0] = {}) {
  const onsignin = vi.fn();
  const oncancel = vi.fn();
  render(ProxySignInDialog, { prompt: proxyPrompt(overrides), onsignin, oncancel });
  const dialog = screen.getByRole('dialog', { name: TITLE });
  return { dialog, onsignin, oncancel };
}

describe('the proxy sign-in dialog', () => {
  it('is a modal dialog saying who asks, for which host, and the realm', () => {
    const { dialog } = renderDialog();
    expect(showModal).toHaveBeenCalledOnce();
    const described = document.getElementById(dialog.getAttribute('aria-describedby')!)!;
    expect(described.textContent).toContain('The proxy proxy.corp.example:3128 asks for a user');
    expect(described.textContent).toContain('before Latchkey can reach oauth2.googleapis.com');
    expect(described.textContent).toContain('The proxy says: “Corp proxy”');
    expect(within(dialog).queryByRole('alert')).toBeNull();
    const user = within(dialog).getByLabelText('User name');
    expect(document.activeElement).toBe(user);
    expect(user.getAttribute('autocomplete')).toBe('username');
    const password = within(dialog).getByLabelText('Password');
    expect(password.getAttribute('type')).toBe('password');
    expect(password.getAttribute('autocomplete')).toBe('current-password');
    const remember = within(dialog).getByRole('checkbox', { name: 'Remember on this computer' });
    expect((remember as HTMLInputElement).checked).toBe(false);
    expect(remember.getAttribute('aria-describedby')).toBeTruthy();
    expect(dialog.textContent).toContain('Kept in your system keychain');
  });

  it('sends the user name, password and Remember', async () => {
    const { dialog, onsignin, oncancel } = renderDialog();
    await fireEvent.input(within(dialog).getByLabelText('User name'), {
      target: { value: 'CORP\\ada' },
    });
    await fireEvent.input(within(dialog).getByLabelText('Password'), {
      target: { value: 's3cret' },
    });
    await fireEvent.click(within(dialog).getByRole('checkbox'));
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Sign in' }));
    expect(onsignin).toHaveBeenCalledWith('CORP\\ada', 's3cret', true);
    expect(oncancel).not.toHaveBeenCalled();
  });

  it('asks for what is missing instead of sending it empty', async () => {
    const { dialog, onsignin } = renderDialog({ username: 'ada' });
    const password = within(dialog).getByLabelText('Password');
    // The user name is filled in: the password field has focus.
    expect((within(dialog).getByLabelText('User name') as HTMLInputElement).value).toBe('ada');
    expect(document.activeElement).toBe(password);
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Sign in' }));
    expect(onsignin).not.toHaveBeenCalled();
    expect(within(dialog).getByRole('status').textContent).toBe('Enter the proxy password.');
    expect(password.getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(password);
  });

  it('says when the proxy refused the last ones', () => {
    const { dialog } = renderDialog({ refused: true, username: 'ada' });
    expect(within(dialog).getByRole('alert').textContent).toContain(
      'The proxy did not accept that user name and password.',
    );
  });

  it('cannot remember without a keychain, and says so', async () => {
    const { dialog, onsignin } = renderDialog({ canRemember: false, username: 'ada' });
    const remember = within(dialog).getByRole('checkbox') as HTMLInputElement;
    expect(remember.disabled).toBe(true);
    expect(dialog.textContent).toContain('uses it only until it quits');
    await fireEvent.input(within(dialog).getByLabelText('Password'), { target: { value: 'pw' } });
    await fireEvent.submit(dialog.querySelector('form')!);
    expect(onsignin).toHaveBeenCalledWith('ada', 'pw', false);
  });

  it('cancels with Escape and with Cancel, and keeps Tab inside', async () => {
    const { dialog, oncancel, onsignin } = renderDialog();
    await fireEvent.keyDown(dialog, { key: 'Escape' });
    expect(oncancel).toHaveBeenCalledTimes(1);
    await fireEvent(dialog, new Event('cancel', { cancelable: true }));
    expect(oncancel).toHaveBeenCalledTimes(2);
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(oncancel).toHaveBeenCalledTimes(3);
    expect(onsignin).not.toHaveBeenCalled();

    const user = within(dialog).getByLabelText('User name');
    const signIn = within(dialog).getByRole('button', { name: 'Sign in' });
    signIn.focus();
    await fireEvent.keyDown(dialog, { key: 'Tab' });
    expect(document.activeElement).toBe(user);
    await fireEvent.keyDown(dialog, { key: 'Tab', shiftKey: true });
    expect(document.activeElement).toBe(signIn);
  });
});

/** The whole window on a fake bridge (its stores are fresh modules for each test). */
async function renderApp(fake: FakeApi): Promise<void> {
  installApi(fake);
  vi.resetModules();
  const library = await import('@testing-library/svelte');
  const { default: App } = (await import('../../renderer/src/App.svelte')) as {
    default: Component;
  };
  library.render(App);
  done = library.cleanup;
  await settle();
}

describe('the proxy question in the window', () => {
  it('opens when main asks, answers over the bridge, and gives focus back', async () => {
    const fake = createFakeApi(authState({ accounts: [ADA], activeId: ADA.id }));
    await renderApp(fake);
    expect(screen.queryByRole('dialog')).toBeNull();
    const before = screen.getByRole('button', { name: /Account menu/ });
    before.focus();

    fake.ask(proxyPrompt());
    await settle();
    const dialog = screen.getByRole('dialog', { name: TITLE });
    await fireEvent.input(within(dialog).getByLabelText('User name'), { target: { value: 'ada' } });
    await fireEvent.input(within(dialog).getByLabelText('Password'), { target: { value: 'pw' } });
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Sign in' }));
    await settle();
    expect(fake.api.proxy.answer).toHaveBeenCalledWith({
      id: proxyPrompt().id,
      username: 'ada',
      password: 'pw',
      remember: false,
    });
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(before);

    // Refused: main asks again, and the new dialog says so with the user name filled in.
    fake.ask(proxyPrompt({ id: 'f'.repeat(32), refused: true, username: 'ada' }));
    await settle();
    const again = screen.getByRole('dialog', { name: TITLE });
    expect(within(again).getByRole('alert')).toBeTruthy();
    await fireEvent.click(within(again).getByRole('button', { name: 'Cancel' }));
    await settle();
    expect(fake.api.proxy.answer).toHaveBeenLastCalledWith({ id: 'f'.repeat(32), cancel: true });
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('shows a question already waiting when the window opens, and closes when main says', async () => {
    const fake = createFakeApi(authState());
    fake.api.proxy.prompt.mockResolvedValue(ok(proxyPrompt()));
    await renderApp(fake);
    expect(screen.getByRole('dialog', { name: TITLE })).toBeTruthy();
    // Answered elsewhere (or the app gave up): main pushes null.
    fake.ask(null);
    await settle();
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(fake.api.proxy.answer).not.toHaveBeenCalled();
  });

  it('in the preview (no question ever), nothing opens', async () => {
    const fake = createFakeApi(authState());
    await renderApp(fake);
    expect(fake.api.proxy.onPrompt).toHaveBeenCalledOnce();
    expect(screen.queryByRole('dialog')).toBeNull();
  });
});

describe('saved proxy sign-ins on the Security page', () => {
  const CORP = { proxy: 'proxy.corp.example:3128', realm: 'Corp proxy', username: 'ada' };
  const LAB = { proxy: '10.0.0.8:8080', realm: '', username: 'lab' };

  function renderSecurity(fake: FakeApi): void {
    installApi(fake);
    render(SecurityView, {
      accounts: [ADA],
      onsignin: vi.fn(),
      onsignout: vi.fn(async () => undefined),
      ondisconnect: vi.fn(async () => undefined),
    });
  }

  it('lists one row per saved proxy, and Forget forgets it', async () => {
    const fake = createFakeApi(authState({ accounts: [ADA], activeId: ADA.id }));
    fake.api.proxy.saved.mockResolvedValue(ok([CORP, LAB]));
    fake.api.proxy.forget.mockResolvedValue(ok([LAB]));
    renderSecurity(fake);
    await settle();
    const section = screen.getByRole('region', { name: 'Proxy sign-ins' });
    const rows = within(section).getAllByRole('listitem');
    expect(rows.map((row) => row.textContent?.replace(/\s+/g, ' ').trim())).toEqual([
      'proxy.corp.example:3128 ada · “Corp proxy” Forget',
      '10.0.0.8:8080 lab Forget',
    ]);

    await fireEvent.click(
      within(section).getByRole('button', {
        name: 'Forget the sign-in for proxy.corp.example:3128 (Corp proxy)',
      }),
    );
    await settle();
    expect(fake.api.proxy.forget).toHaveBeenCalledWith({
      proxy: 'proxy.corp.example:3128',
      realm: 'Corp proxy',
    });
    expect(within(section).getAllByRole('listitem')).toHaveLength(1);
    const left = within(section).getByRole('button', {
      name: 'Forget the sign-in for 10.0.0.8:8080',
    });
    expect(document.activeElement).toBe(left);
    expect(
      screen
        .getAllByRole('status')
        .some((status) =>
          status.textContent?.includes('Forgot the sign-in for the proxy proxy.corp.example:3128'),
        ),
    ).toBe(true);

    // The last one gone: the section goes too.
    fake.api.proxy.forget.mockResolvedValue(ok([]));
    await fireEvent.click(left);
    await settle();
    expect(screen.queryByRole('region', { name: 'Proxy sign-ins' })).toBeNull();
  });

  it('has no proxy section when none is saved (always so in the preview)', async () => {
    const fake = createFakeApi(authState({ accounts: [ADA], activeId: ADA.id }));
    renderSecurity(fake);
    await settle();
    expect(fake.api.proxy.saved).toHaveBeenCalledOnce();
    expect(screen.queryByRole('region', { name: 'Proxy sign-ins' })).toBeNull();
    expect(screen.queryByText(/proxy/i)).toBeNull();
  });
});
