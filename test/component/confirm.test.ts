/** Confirmations before signing out and disconnecting, and the account photo. */
import { cleanup, fireEvent, render, screen, within } from '@testing-library/svelte';
import type { Component } from 'svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import Avatar from '../../renderer/src/components/Avatar.svelte';
import DisconnectDialog from '../../renderer/src/components/DisconnectDialog.svelte';
import SignOutDialog from '../../renderer/src/components/SignOutDialog.svelte';
import { ADA, authState, createFakeApi, installApi, settle, type FakeApi } from './fake-api.ts';

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

describe('the sign-out confirmation', () => {
  it('is a modal dialog naming the account, with focus on Cancel', () => {
    render(SignOutDialog, {
      name: 'Ada Lovelace',
      email: ADA.email,
      onconfirm: vi.fn(),
      oncancel: vi.fn(),
    });
    const dialog = screen.getByRole('dialog', { name: 'Sign out of Ada Lovelace?' });
    expect(showModal).toHaveBeenCalledOnce();
    expect(dialog.textContent).toContain('ada@example.com');
    expect(document.activeElement).toBe(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(dialog.getAttribute('aria-describedby')).toBeTruthy();
  });

  it('cancels with Escape and with Cancel; confirms with Sign out', async () => {
    const onconfirm = vi.fn();
    const oncancel = vi.fn();
    render(SignOutDialog, { name: 'Ada Lovelace', email: ADA.email, onconfirm, oncancel });
    const dialog = screen.getByRole('dialog');
    await fireEvent.keyDown(dialog, { key: 'Escape' });
    expect(oncancel).toHaveBeenCalledTimes(1);
    await fireEvent(dialog, new Event('cancel', { cancelable: true }));
    expect(oncancel).toHaveBeenCalledTimes(2);
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(oncancel).toHaveBeenCalledTimes(3);
    expect(onconfirm).not.toHaveBeenCalled();
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Sign out' }));
    expect(onconfirm).toHaveBeenCalledOnce();
  });

  it('keeps Tab and Shift+Tab inside', async () => {
    render(SignOutDialog, {
      name: 'Ada Lovelace',
      email: ADA.email,
      onconfirm: vi.fn(),
      oncancel: vi.fn(),
    });
    const dialog = screen.getByRole('dialog');
    const cancel = within(dialog).getByRole('button', { name: 'Cancel' });
    const confirm = within(dialog).getByRole('button', { name: 'Sign out' });
    confirm.focus();
    await fireEvent.keyDown(dialog, { key: 'Tab' });
    expect(document.activeElement).toBe(cancel);
    await fireEvent.keyDown(dialog, { key: 'Tab', shiftKey: true });
    expect(document.activeElement).toBe(confirm);
  });

  async function renderSignedIn(): Promise<FakeApi> {
    const fake = createFakeApi(authState({ accounts: [ADA], activeId: ADA.id }));
    installApi(fake);
    vi.resetModules();
    const library = await import('@testing-library/svelte');
    const { default: App } = (await import('../../renderer/src/App.svelte')) as {
      default: Component;
    };
    library.render(App);
    done = library.cleanup;
    await settle();
    return fake;
  }

  it('stands between the account menu and signing out, and gives focus back', async () => {
    const fake = await renderSignedIn();
    const trigger = screen.getByRole('button', { name: /Account menu/ });
    await fireEvent.click(trigger);
    await settle();
    await fireEvent.click(screen.getByRole('menuitem', { name: 'Sign out ada@example.com' }));
    await settle();
    const dialog = screen.getByRole('dialog', { name: 'Sign out of Ada Lovelace?' });
    expect(fake.api.auth.signOut).not.toHaveBeenCalled();
    await fireEvent.keyDown(dialog, { key: 'Escape' });
    await settle();
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(fake.api.auth.signOut).not.toHaveBeenCalled();
    expect(document.activeElement).toBe(trigger);
  });
});

describe('the disconnect confirmation', () => {
  it('says Google keeps the permission until sign-out and links to the permissions page', async () => {
    const onconfirm = vi.fn();
    render(DisconnectDialog, {
      feature: 'calendar',
      email: ADA.email,
      onconfirm,
      oncancel: vi.fn(),
    });
    const dialog = screen.getByRole('dialog', { name: 'Disconnect Google Calendar?' });
    expect(dialog.textContent).toContain('Google keeps the permission until you sign out');
    const link = within(dialog).getByRole('link', { name: /Google Account permissions/ });
    expect(link.getAttribute('href')).toBe('https://myaccount.google.com/permissions');
    expect(link.getAttribute('target')).toBe('_blank');
    expect(link.getAttribute('rel')).toContain('noopener');
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Disconnect' }));
    expect(onconfirm).toHaveBeenCalledOnce();
  });
});

describe('the avatar', () => {
  const PHOTO = 'https://lh3.googleusercontent.com/a/ada=s96-c';

  it('shows the account photo when there is one', () => {
    const { container } = render(Avatar, { name: 'Ada Lovelace', pictureUrl: PHOTO, size: 32 });
    const img = container.querySelector('img')!;
    expect(img.getAttribute('src')).toBe(PHOTO);
    expect(img.getAttribute('alt')).toBe('');
    expect(img.getAttribute('referrerpolicy')).toBe('no-referrer');
  });

  it('falls back to initials when the photo does not load, or there is none', async () => {
    const { container } = render(Avatar, { name: 'Ada Lovelace', pictureUrl: PHOTO, size: 32 });
    await fireEvent.error(container.querySelector('img')!);
    expect(container.querySelector('img')).toBeNull();
    expect(container.textContent?.trim()).toBe('AL');
    cleanup();
    const none = render(Avatar, { name: 'Grace Hopper', pictureUrl: null });
    expect(none.container.textContent?.trim()).toBe('GH');
  });
});
