/**
 * End-to-end in German: the browser preview with a German browser (Playwright's `locale`:
 * navigator.languages and Accept-Language say de-DE), the REAL core against the local Google
 * emulator. The window asks main which language to speak, reporting the browser's languages, so
 * everything comes out German: the window's own words, main's sentences (notices, errors, the
 * toast after signing out) and the pages the browser shows after a sign-in. Every screen is
 * checked with axe in light and dark (zero violations) and, in the narrow and zoomed sizes, for
 * sideways scrolling: German is long, and this is where the layouts prove they hold.
 *
 * With LATCHKEY_SCREENSHOTS=1 each screen is saved, light and dark, to docs/screenshots/de/,
 * named as its English twin in docs/screenshots/.
 *
 * Preview only (tagged): the Electron app takes its language from the operating system
 * (app.getPreferredSystemLanguages), which a test cannot switch per window.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser, Locator, Page } from '@playwright/test';
import type { ProxyPrompt, SavedProxySignIn } from '../../common/model.ts';
import { axeViolations } from '../helpers/axe.ts';
import { completeConsent } from '../helpers/consent.ts';
import { savePageText } from '../helpers/e2e-artifacts.ts';
import { startPreviewHost, type AppHost } from '../helpers/hosts.ts';
import { NO_SECRET_SERVICE_SKIP } from '../helpers/keychain.ts';
import { startPreviewProcess } from '../helpers/preview.ts';
import { expect, test } from './fixtures.ts';

const SCREENSHOTS = process.env.LATCHKEY_SCREENSHOTS === '1';
const SCREENSHOT_DIR = resolve(import.meta.dirname, '../../docs/screenshots/de');
const PREVIEW_ONLY = { tag: '@preview-only' };

/** The host of the running test, for its page texts (the leak scan reads them). */
let current: AppHost | null = null;

/** A preview whose browser speaks German. */
async function germanHost(browser: Browser, env?: NodeJS.ProcessEnv): Promise<AppHost> {
  current = await startPreviewHost(browser, { locale: 'de-DE', ...(env ? { env } : {}) });
  return current;
}

/** Checks the screen with axe in both colour schemes; saves screenshots when asked. */
async function checkScreen(page: Page, name: string): Promise<void> {
  await page.evaluate(() => document.fonts.ready);
  if (current) await savePageText(page, current.runDir, `de-${name}`);
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme, reducedMotion: 'reduce' });
    await page.evaluate(
      () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))),
    );
    const violations = await axeViolations(page);
    expect(violations, `axe violations on "${name}" in German (${colorScheme})`).toEqual([]);
    if (SCREENSHOTS) {
      mkdirSync(SCREENSHOT_DIR, { recursive: true });
      await page.screenshot({ path: resolve(SCREENSHOT_DIR, `${name}-${colorScheme}.png`) });
    }
  }
  await page.emulateMedia({ colorScheme: 'light', reducedMotion: 'no-preference' });
}

/** The emulator's test instrumentation. */
async function emulator(host: AppHost, path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${host.issuer}/__emulator/${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  expect(response.ok, `emulator ${path}`).toBe(true);
  const text = await response.text();
  return text ? JSON.parse(text) : {};
}

/** Answers the next sign-in the app opens (the emulator's own pages are Google's: English). */
async function consent(
  host: AppHost,
  browserPage: Page,
  email: string,
  action: 'allow' | 'deny' = 'allow',
  untick: string[] = [],
): Promise<string> {
  return completeConsent(browserPage, await host.nextSignInUrl(), { email, action, untick });
}

const SIGN_IN = 'Über Google anmelden';
const CONTINUE = 'Weiter im Browser';

function nav(page: Page, name: string): Locator {
  return page.getByRole('navigation', { name: 'Ansichten' }).getByRole('button', { name });
}

async function openAccountMenu(page: Page): Promise<Locator> {
  await page.getByRole('button', { name: /^Kontomenü:/ }).click();
  const menu = page.getByRole('menu', { name: 'Konto' });
  await expect(menu).toBeVisible();
  return menu;
}

/** Opens the app in German and signs in as Ada; returns the system-browser page. */
async function signInAsAda(host: AppHost): Promise<Page> {
  const browserPage = await host.systemBrowser();
  await host.page.getByRole('button', { name: SIGN_IN }).click();
  await consent(host, browserPage, 'ada@example.com');
  await expect(host.page.getByRole('heading', { name: 'Ada Lovelace' })).toBeVisible();
  return browserPage;
}

test(
  'the whole app in German: sign in, every view, a second account, sign out',
  PREVIEW_ONLY,
  async ({ browser }) => {
    test.setTimeout(300_000);
    const host = await germanHost(browser);
    try {
      const page = host.page;
      const browserPage = await host.systemBrowser();

      // Signed out, in German; the page says which language it is in.
      await expect(page.getByRole('button', { name: SIGN_IN })).toBeVisible();
      await expect(page.locator('html')).toHaveAttribute('lang', 'de');
      await expect(
        page.getByRole('heading', { level: 1, name: 'Ihr Google-Konto auf Ihrem Desktop' }),
      ).toBeVisible();
      await expect(
        page.getByText('Demomodus: ein lokales Test-Google, nicht Ihr Konto'),
      ).toBeVisible();
      await checkScreen(page, 'signed-out');

      // Waiting for the browser.
      await page.getByRole('button', { name: SIGN_IN }).click();
      await expect(page.getByRole('heading', { name: CONTINUE })).toBeVisible();
      await expect(page.getByText(/^Wir haben die Anmeldeseite von Google/)).toBeVisible();
      const url = await host.nextSignInUrl();
      await page.getByRole('button', { name: 'Link kopieren' }).click();
      await expect(page.getByText('Link kopiert')).toBeVisible();
      await checkScreen(page, 'signing-in');

      // The browser's page after the sign-in: main's language, German.
      await completeConsent(browserPage, url, { email: 'ada@example.com' });
      await expect(
        browserPage.getByRole('heading', { name: 'Sie können zu Latchkey zurückkehren' }),
      ).toBeVisible();
      await expect(browserPage.getByText('Sie sind als ada@example.com angemeldet.')).toBeVisible();
      await expect(browserPage.locator('html')).toHaveAttribute('lang', 'de');
      await checkScreen(browserPage, 'browser-signed-in');

      // The profile.
      await expect(nav(page, 'Profil')).toHaveAttribute('aria-current', 'page');
      await expect(page.getByRole('heading', { name: 'Profil', level: 1 })).toBeFocused();
      await expect(
        page
          .getByRole('status', { name: 'Mitteilungen' })
          .getByText('Angemeldet als Ada Lovelace (ada@example.com).'),
      ).toBeVisible();
      // Fetched now, or the saved copy when the view loaded twice: said the German way either way.
      await expect(
        page.getByText(/^(Von Google abgerufen|Auf diesem Computer gespeichert)$/),
      ).toBeVisible();
      await expect(page.getByText(/gerade eben|vor \d+ Minuten?/)).toBeVisible();
      await checkScreen(page, 'profile');

      // Termine (Agenda): connect, then the days.
      await nav(page, 'Termine').click();
      await expect(page.getByRole('button', { name: 'Google Kalender verbinden' })).toBeVisible();
      await checkScreen(page, 'agenda-connect');
      await page.getByRole('button', { name: 'Google Kalender verbinden' }).click();
      await consent(host, browserPage, 'ada@example.com');
      await expect(
        page.getByRole('link', { name: /^In Google Kalender öffnen/ }).first(),
      ).toBeVisible();
      await expect(page.getByRole('region', { name: /^Heute / })).toBeVisible();
      await checkScreen(page, 'agenda');

      // Drive: connect, the files, a search that finds nothing.
      await nav(page, 'Drive').click();
      await page.getByRole('button', { name: 'Google Drive verbinden' }).click();
      await consent(host, browserPage, 'ada@example.com');
      const files = page.getByRole('list', { name: 'Dateien' }).getByRole('listitem');
      await expect(files.first()).toBeVisible();
      await expect(page.getByText(/^\d+ zuletzt geänderte Dateien$/)).toBeVisible();
      await checkScreen(page, 'drive');
      const search = page.getByRole('searchbox', { name: 'Drive-Dateien nach Namen suchen' });
      await search.fill('zzzz-keine-solche-datei');
      await search.press('Enter');
      await expect(page.getByRole('heading', { name: 'Keine passenden Dateien' })).toBeVisible();
      await checkScreen(page, 'drive-no-match');

      // Aufgaben (Tasks): connect, overdue first.
      await nav(page, 'Aufgaben').click();
      await expect(page.getByRole('heading', { name: 'Aufgaben', level: 1 })).toBeVisible();
      await checkScreen(page, 'tasks-connect');
      await page.getByRole('button', { name: 'Google Tasks verbinden' }).click();
      await consent(host, browserPage, 'ada@example.com');
      const headings = page.getByRole('heading', { level: 2 });
      await expect(headings).toHaveText([
        /^Überfällig/,
        /^Heute/,
        /^Demnächst/,
        /^Ohne Fälligkeitsdatum/,
      ]);
      await expect(page.getByText(/Tage? überfällig/).first()).toBeVisible();
      await checkScreen(page, 'tasks');

      // Sicherheit (Security): scopes in words, the binding, the language setting.
      await nav(page, 'Sicherheit').click();
      const adaSecurity = page.getByRole('region', { name: 'Konto ada@example.com' });
      await expect(adaSecurity.getByText('Ihre Termine in Google Kalender ansehen')).toBeVisible();
      await expect(adaSecurity.getByText(/^Läuft um .* ab/)).toBeVisible();
      await expect(
        adaSecurity.getByText(/^Ja\. Die Anmeldung funktioniert nur zusammen/),
      ).toBeVisible();
      await expect(page.getByRole('combobox', { name: 'Sprache von Latchkey' })).toHaveValue(
        'system',
      );
      await checkScreen(page, 'security');

      // Disconnect Drive: the question, then a toast.
      await page.getByRole('button', { name: 'Google Drive trennen' }).click();
      await expect(page.getByRole('dialog')).toContainText('Google behält die Berechtigung');
      await checkScreen(page, 'confirm-disconnect');
      await page.getByRole('dialog').getByRole('button', { name: 'Trennen' }).click();
      await expect(
        page
          .getByRole('status', { name: 'Mitteilungen' })
          .getByText('Google Drive von ada@example.com getrennt.'),
      ).toBeVisible();
      await checkScreen(page, 'toast-disconnected');

      // A second account, then the account menu with the keyboard.
      let menu = await openAccountMenu(page);
      await menu.getByRole('menuitem', { name: 'Weiteres Konto hinzufügen' }).click();
      await expect(page.getByRole('heading', { name: CONTINUE })).toBeVisible();
      await expect(page.getByText(/mit dem anderen Google-Konto an/)).toBeVisible();
      await checkScreen(page, 'adding-account');
      await consent(host, browserPage, 'grace@example.com');
      await expect(page.getByRole('button', { name: 'Kontomenü: Grace Hopper' })).toBeVisible();
      const trigger = page.getByRole('button', { name: /^Kontomenü:/ });
      await trigger.focus();
      await page.keyboard.press('ArrowDown');
      menu = page.getByRole('menu', { name: 'Konto' });
      await expect(menu.getByRole('menuitem', { name: /Wechseln zu Ada Lovelace/ })).toBeFocused();
      await checkScreen(page, 'account-menu');
      await page.keyboard.press('Enter');
      await expect(page.getByRole('button', { name: 'Kontomenü: Ada Lovelace' })).toBeVisible();

      // Sign out of Ada: the question, then main's own sentence, in German.
      menu = await openAccountMenu(page);
      await menu.getByRole('menuitem', { name: 'ada@example.com abmelden' }).click();
      await expect(page.getByRole('dialog')).toContainText('Latchkey vergisst ada@example.com');
      await checkScreen(page, 'confirm-sign-out');
      await page.getByRole('dialog').getByRole('button', { name: 'Abmelden' }).click();
      const toast = page
        .getByRole('status', { name: 'Mitteilungen' })
        .getByText(
          'Von ada@example.com abgemeldet. Google hat bestätigt, dass der Zugriff von Latchkey widerrufen ist.',
        );
      await expect(toast).toBeVisible();
      await checkScreen(page, 'toast-signed-out');

      // The language setting: English at once, and back to the system's (German).
      await nav(page, 'Sicherheit').click();
      await page.getByRole('combobox', { name: 'Sprache von Latchkey' }).selectOption('en');
      await expect(page.getByRole('heading', { name: 'Security', level: 1 })).toBeVisible();
      await expect(page.locator('html')).toHaveAttribute('lang', 'en');
      await page.getByRole('combobox', { name: 'Language of Latchkey' }).selectOption('system');
      await expect(page.getByRole('heading', { name: 'Sicherheit', level: 1 })).toBeVisible();
      await browserPage.context().close();
    } finally {
      await host.stop();
    }
  },
);

test(
  'in German: a denied and a cancelled sign-in, and the browser page after Cancel',
  PREVIEW_ONLY,
  async ({ browser }) => {
    const host = await germanHost(browser);
    try {
      const page = host.page;
      const browserPage = await host.systemBrowser();
      const toasts = page.getByRole('status', { name: 'Mitteilungen' });
      await page.getByRole('button', { name: SIGN_IN }).click();
      await consent(host, browserPage, 'ada@example.com', 'deny');
      await expect(
        browserPage.getByRole('heading', {
          name: 'Sie haben sich gegen die Anmeldung entschieden',
        }),
      ).toBeVisible();
      // Back on the signed-out screen, with a toast saying what happened.
      await expect(page.getByRole('button', { name: SIGN_IN })).toBeVisible();
      await expect(
        toasts.getByText(
          'Nicht angemeldet: Sie haben auf der Seite von Google „Ablehnen“ gewählt, daher wurde nichts geteilt.',
        ),
      ).toBeVisible();
      await checkScreen(page, 'sign-in-denied');

      await page.getByRole('button', { name: SIGN_IN }).click();
      await expect(page.getByRole('heading', { name: CONTINUE })).toBeVisible();
      const cancelledUrl = await host.nextSignInUrl();
      await page.getByRole('button', { name: 'Abbrechen' }).click();
      await expect(page.getByRole('button', { name: SIGN_IN })).toBeVisible();
      await expect(
        toasts.getByText('Anmeldung abgebrochen. Es wurde nichts mit Latchkey geteilt.'),
      ).toBeVisible();
      await checkScreen(page, 'sign-in-cancelled');

      await completeConsent(browserPage, cancelledUrl, { email: 'ada@example.com' });
      await expect(
        browserPage.getByRole('heading', { name: 'Diese Anmeldung wurde abgebrochen' }),
      ).toBeVisible();
      await expect(browserPage.getByText(/Beginnen Sie in Latchkey von vorn/)).toBeVisible();
      await checkScreen(browserPage, 'browser-cancelled');
      await browserPage.context().close();
    } finally {
      await host.stop();
    }
  },
);

test(
  'in German: an unticked box is named, at sign-in and when connecting',
  PREVIEW_ONLY,
  async ({ browser }) => {
    test.setTimeout(120_000);
    const host = await germanHost(browser);
    try {
      const page = host.page;
      const browserPage = await host.systemBrowser();
      await page.getByRole('button', { name: SIGN_IN }).click();
      await consent(host, browserPage, 'ada@example.com', 'allow', ['email']);
      await expect(
        browserPage.getByRole('heading', { name: 'Nicht alles wurde erlaubt' }),
      ).toBeVisible();
      const said = page.getByRole('alert');
      await expect(said).toContainText('Nicht alles wurde erlaubt.');
      await expect(said).toContainText(
        'Sie haben Latchkey zugelassen, aber nicht erlaubt, Ihre E-Mail-Adresse zu sehen.',
      );
      await checkScreen(page, 'sign-in-partial');
      await page.getByRole('button', { name: SIGN_IN }).click();
      await consent(host, browserPage, 'ada@example.com');
      await expect(page.getByRole('heading', { name: 'Ada Lovelace' })).toBeVisible();

      await nav(page, 'Termine').click();
      await page.getByRole('button', { name: 'Google Kalender verbinden' }).click();
      await consent(host, browserPage, 'ada@example.com', 'allow', [
        'https://www.googleapis.com/auth/calendar.readonly',
      ]);
      await expect(
        browserPage.getByText(/das Häkchen für Google Kalender nicht gesetzt/),
      ).toBeVisible();
      const card = page.getByRole('alert');
      await expect(card).toContainText('Google Kalender wurde nicht verbunden.');
      await expect(card).toContainText(
        'Sie haben Latchkey zugelassen, aber nicht erlaubt, Ihre Termine in Google Kalender anzusehen – setzen Sie das Häkchen neben Google Kalender, wenn Google erneut fragt.',
      );
      await checkScreen(page, 'agenda-partial');

      await page.getByRole('button', { name: 'Google Kalender verbinden' }).click();
      await consent(host, browserPage, 'ada@example.com');
      await expect(
        page.getByRole('link', { name: /^In Google Kalender öffnen/ }).first(),
      ).toBeVisible();
      await expect(
        browserPage.getByText('Google Kalender ist für ada@example.com verbunden.'),
      ).toBeVisible();
      await checkScreen(browserPage, 'browser-connected');
      await browserPage.context().close();
    } finally {
      await host.stop();
    }
  },
);

test(
  'in German: an ended session, Google unreachable, a revocation left pending',
  PREVIEW_ONLY,
  async ({ browser }) => {
    test.setTimeout(180_000);
    const host = await germanHost(browser);
    try {
      const page = host.page;
      const browserPage = await signInAsAda(host);

      // Google ends the grant: main's notice, in German, with "Erneut anmelden".
      await emulator(host, 'revoke-grants', { email: 'ada@example.com' });
      await page.getByRole('button', { name: 'Aktualisieren' }).click();
      await expect(page.getByRole('button', { name: 'Erneut anmelden' }).first()).toBeVisible();
      await expect(page.getByText(/^Ihre Sitzung für ada@example\.com ist beendet/)).toBeVisible();
      await checkScreen(page, 'session-expired');
      await page.getByRole('button', { name: 'Erneut anmelden' }).first().click();
      await consent(host, browserPage, 'ada@example.com');
      await expect(page.getByRole('heading', { name: 'Ada Lovelace' })).toBeVisible();

      // The Calendar API drops every connection: the window's heading and main's sentence.
      await nav(page, 'Termine').click();
      await page.getByRole('button', { name: 'Google Kalender verbinden' }).click();
      await consent(host, browserPage, 'ada@example.com');
      await expect(
        page.getByRole('link', { name: /^In Google Kalender öffnen/ }).first(),
      ).toBeVisible();
      await emulator(host, 'fault', { endpoint: 'api', kind: 'down' });
      await page.getByRole('button', { name: 'Aktualisieren' }).click();
      await expect(page.getByRole('heading', { name: 'Google nicht erreichbar' })).toBeVisible({
        timeout: 30_000,
      });
      await expect(page.getByText(/^Google war nicht erreichbar, um Ihren Kalender/)).toBeVisible();
      await checkScreen(page, 'agenda-offline');
      await emulator(host, 'fault', null);
      await page.getByRole('button', { name: 'Wiederholen' }).click();
      await expect(
        page.getByRole('link', { name: /^In Google Kalender öffnen/ }).first(),
      ).toBeVisible();

      // Signing out while Google's revocation endpoint is down: pending, said in German.
      const menu = await openAccountMenu(page);
      await menu.getByRole('menuitem', { name: 'Weiteres Konto hinzufügen' }).click();
      await consent(host, browserPage, 'grace@example.com');
      await expect(page.getByRole('button', { name: 'Kontomenü: Grace Hopper' })).toBeVisible();
      await emulator(host, 'fault', { endpoint: 'revoke', kind: 'down' });
      await nav(page, 'Sicherheit').click();
      await page.getByRole('button', { name: 'ada@example.com abmelden' }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'Abmelden' }).click();
      await expect(page.getByText(/^1 Abmeldung hat Google noch nicht erreicht/)).toBeVisible({
        timeout: 20_000,
      });
      // The sign-out has finished (its buttons are back): the screen checked is the settled one.
      await expect(page.getByRole('main').locator('button:disabled')).toHaveCount(0, {
        timeout: 20_000,
      });
      await checkScreen(page, 'security-revocation-pending');
      await emulator(host, 'fault', null);
      await browserPage.context().close();
    } finally {
      await host.stop();
    }
  },
);

test(
  'in German: Google refusing the key binding (DPoP), at 800×600',
  PREVIEW_ONLY,
  async ({ browser }) => {
    const host = await germanHost(browser);
    try {
      await emulator(host, 'dpop', { refuse: true });
      const page = host.page;
      const browserPage = await host.systemBrowser();
      await page.setViewportSize({ width: 800, height: 600 });
      await page.getByRole('button', { name: SIGN_IN }).click();
      await consent(host, browserPage, 'ada@example.com');
      await expect(
        page.getByRole('heading', { name: 'Anmeldung hat nicht geklappt' }),
      ).toBeVisible();
      await expect(page.getByText(/^Google hat abgelehnt, diese Anmeldung/)).toBeVisible();
      await checkScreen(page, 'sign-in-dpop-refused-800x600');
      await page.getByRole('button', { name: 'Erneut versuchen' }).click();
      await consent(host, browserPage, 'ada@example.com');
      await expect(page.getByRole('heading', { name: 'Ada Lovelace' })).toBeVisible();
      await nav(page, 'Sicherheit').click();
      const notBound = page.getByText(/^Nein\. Google hat am .* abgelehnt/);
      await expect(notBound).toBeVisible();
      await notBound.scrollIntoViewIfNeeded();
      await checkScreen(page, 'security-dpop-refused-800x600');
      await emulator(host, 'dpop', { refuse: false });
      await browserPage.context().close();
    } finally {
      await host.stop();
    }
  },
);

test(
  'in German without a Secret Service: memory only, said everywhere',
  PREVIEW_ONLY,
  async ({ browser }) => {
    test.skip(NO_SECRET_SERVICE_SKIP !== null, NO_SECRET_SERVICE_SKIP ?? '');
    const host = await germanHost(browser, {
      DBUS_SESSION_BUS_ADDRESS: undefined,
      LATCHKEY_KEYRING_STARTED: undefined,
    });
    try {
      const page = host.page;
      await expect(page.getByRole('button', { name: SIGN_IN })).toBeVisible();
      await expect(page.getByText(/^Nur im Arbeitsspeicher, nie in einer Datei/)).toBeVisible();
      await expect(
        page.getByText(/^Ihre Anmeldung wird nur im Arbeitsspeicher gehalten/),
      ).toBeVisible();
      await checkScreen(page, 'memory-only');
      const browserPage = await host.systemBrowser();
      await page.getByRole('button', { name: SIGN_IN }).click();
      await consent(host, browserPage, 'ada@example.com');
      await nav(page, 'Sicherheit').click();
      await expect(page.getByText(/^Nur im Arbeitsspeicher; nach dem Beenden/)).toBeVisible();
      await checkScreen(page, 'security-memory-only');
    } finally {
      await host.stop();
    }
  },
);

/** The window sizes of a small or zoomed window, and the screenshot suffix of each. */
const NARROW_SIZES = [
  { width: 360, height: 640, suffix: '360' },
  { width: 600, height: 500, suffix: '600x500' },
  { width: 800, height: 600, suffix: '800x600' },
] as const;

/** No sideways scrolling (page or view), and each of `inside` fully in the viewport. */
async function expectFits(page: Page, screen: string, inside: Locator[] = []): Promise<void> {
  const widths = await page.evaluate(() => {
    const content = document.querySelector<HTMLElement>('main.content');
    return {
      page: document.documentElement.scrollWidth,
      window: window.innerWidth,
      content: content ? content.scrollWidth - content.clientWidth : 0,
      past: [...document.querySelectorAll('body *')]
        .filter((element) => element.getBoundingClientRect().right > window.innerWidth + 0.5)
        .slice(0, 5)
        .map((element) => `${element.tagName.toLowerCase()}.${[...element.classList].join('.')}`),
    };
  });
  expect(
    widths.page,
    `${screen}: the page scrolls sideways (${widths.past.join(', ')})`,
  ).toBeLessThanOrEqual(widths.window);
  expect(
    widths.content,
    `${screen}: the view scrolls sideways (${widths.past.join(', ')})`,
  ).toBeLessThanOrEqual(0);
  const viewport = page.viewportSize()!;
  for (const locator of inside) {
    await locator.scrollIntoViewIfNeeded();
    const box = (await locator.boundingBox())!;
    const what = `${screen}: ${await locator.evaluate((element) => element.textContent?.trim() || element.getAttribute('aria-label'))}`;
    expect(box, what).not.toBeNull();
    expect(box.x, what).toBeGreaterThanOrEqual(0);
    expect(box.y, what).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width, what).toBeLessThanOrEqual(viewport.width);
    expect(box.y + box.height, what).toBeLessThanOrEqual(viewport.height);
  }
}

test(
  'in German every screen fits a narrow or zoomed window: 360, 600×500 and 800×600',
  PREVIEW_ONLY,
  async ({ browser }) => {
    test.setTimeout(360_000);
    const host = await germanHost(browser);
    try {
      const page = host.page;
      const browserPage = await host.systemBrowser();
      const atEachSize = async (screen: string, inside: () => Locator[]): Promise<void> => {
        for (const { width, height, suffix } of NARROW_SIZES) {
          await page.setViewportSize({ width, height });
          await expectFits(page, `${screen} at ${suffix}`, inside());
          await page.mouse.move(0, height - 1);
          await checkScreen(page, `${screen}-${suffix}`);
        }
      };
      const flowButtons = (): Locator[] =>
        ['Erneut öffnen', 'Link kopieren', 'Abbrechen'].map((name) =>
          page.getByRole('button', { name }),
        );

      await expect(page.getByRole('button', { name: SIGN_IN })).toBeVisible();
      await atEachSize('signed-out', () => [page.getByRole('button', { name: SIGN_IN })]);
      await page.getByRole('button', { name: SIGN_IN }).click();
      await expect(page.getByRole('heading', { name: CONTINUE })).toBeVisible();
      await atEachSize('signing-in', flowButtons);
      // A box left unticked at Google: what is missing, above the one button that asks again.
      await consent(host, browserPage, 'ada@example.com', 'allow', ['profile']);
      await expect(page.getByRole('alert')).toContainText('Nicht alles wurde erlaubt.');
      await atEachSize('sign-in-partial', () => [
        page.getByRole('alert'),
        page.getByRole('button', { name: SIGN_IN }),
      ]);
      await page.getByRole('button', { name: SIGN_IN }).click();
      await consent(host, browserPage, 'ada@example.com');
      await expect(page.getByRole('heading', { name: 'Ada Lovelace' })).toBeVisible();

      await nav(page, 'Termine').click();
      await page.getByRole('button', { name: 'Google Kalender verbinden' }).click();
      await expect(page.getByRole('heading', { name: CONTINUE })).toBeVisible();
      await atEachSize('connecting', flowButtons);
      await consent(host, browserPage, 'ada@example.com');
      await expect(
        page.getByRole('link', { name: /^In Google Kalender öffnen/ }).first(),
      ).toBeVisible();
      await page.setViewportSize({ width: 1280, height: 720 });
      for (const [view, product] of [
        ['Drive', 'Google Drive'],
        ['Aufgaben', 'Google Tasks'],
      ] as const) {
        await nav(page, view).click();
        await page.getByRole('button', { name: `${product} verbinden` }).click();
        await consent(host, browserPage, 'ada@example.com');
        await expect(
          page.getByRole('link', { name: /^In Google .* öffnen/ }).first(),
        ).toBeVisible();
      }

      const menuButton = page.getByRole('button', { name: /^Kontomenü:/ });
      const views = [
        ['Profil', 'profile'],
        ['Termine', 'agenda'],
        ['Drive', 'drive'],
        ['Aufgaben', 'tasks'],
        ['Sicherheit', 'security'],
      ] as const;
      for (const [view, name] of views) {
        await nav(page, view).click();
        const inside = (): Locator[] => [
          menuButton,
          ...views.map(([other]) => nav(page, other)),
          page.getByRole('button', { name: 'Aktualisieren' }),
          ...(view === 'Drive'
            ? [
                page.getByRole('searchbox', { name: 'Drive-Dateien nach Namen suchen' }),
                page.getByRole('button', { name: 'Suchen', exact: true }),
              ]
            : []),
          ...(view === 'Sicherheit'
            ? [page.getByRole('combobox', { name: 'Sprache von Latchkey' })]
            : []),
        ];
        await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible();
        await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
        await atEachSize(name, inside);
      }

      const menuItems = (): Locator[] =>
        ['Weiteres Konto hinzufügen', 'ada@example.com abmelden'].map((name) =>
          page.getByRole('menu', { name: 'Konto' }).getByRole('menuitem', { name }),
        );
      for (const { width, height, suffix } of NARROW_SIZES) {
        await page.setViewportSize({ width, height });
        const menu = await openAccountMenu(page);
        await expectFits(page, `account menu at ${suffix}`, [menuButton, ...menuItems()]);
        await checkScreen(page, `account-menu-${suffix}`);
        await menu.getByRole('menuitem', { name: 'ada@example.com abmelden' }).click();
        const dialog = page.getByRole('dialog');
        await expect(dialog).toContainText('ada@example.com');
        await expectFits(page, `sign-out question at ${suffix}`, [
          dialog.getByRole('button', { name: 'Abmelden' }),
          dialog.getByRole('button', { name: 'Abbrechen' }),
        ]);
        await checkScreen(page, `confirm-sign-out-${suffix}`);
        await dialog.getByRole('button', { name: 'Abbrechen' }).click();
        await expect(dialog).toHaveCount(0);
      }
      await browserPage.context().close();
    } finally {
      await host.stop();
    }
  },
);

test(
  'in German: the preview tab says so when the preview stops',
  PREVIEW_ONLY,
  async ({ browser }) => {
    const preview = await startPreviewProcess();
    const context = await browser.newContext({
      viewport: { width: 800, height: 600 },
      locale: 'de-DE',
    });
    try {
      const page = await context.newPage();
      await page.goto(preview.url);
      await expect(page.getByRole('button', { name: SIGN_IN })).toBeVisible();
      await preview.stop();
      const heading = page.getByRole('heading', { name: 'Die Latchkey-Vorschau wurde beendet' });
      await expect(heading).toBeVisible();
      await expect(heading).toBeFocused();
      await expect(page.getByRole('alert')).toContainText('Führen Sie npm start erneut aus');
      await checkScreen(page, 'preview-stopped');
    } finally {
      await context.close();
      await preview.stop();
    }
  },
);

/**
 * Stands in for the proxy part of the bridge (the preview has no proxy question), as the English
 * scenario does (test/e2e/app.spec.ts): wraps the `window.api` the preview's client defines, so
 * the rest stays the real bridge, and is driven through `window.__proxyStandIn`.
 */
function proxyStandIn(saved: SavedProxySignIn[]): void {
  const define = Object.defineProperty;
  Object.defineProperty = function <T>(
    target: T,
    key: PropertyKey,
    descriptor: PropertyDescriptor,
  ) {
    if ((target as unknown) === window && key === 'api' && descriptor && 'value' in descriptor) {
      Object.defineProperty = define;
      const real = descriptor.value as Record<string, unknown>;
      const listeners = new Set<(prompt: unknown) => void>();
      let rows = [...saved];
      const control = {
        prompt: null as unknown,
        ask(prompt: unknown) {
          control.prompt = prompt;
          for (const listener of listeners) listener(prompt);
        },
      };
      (window as unknown as { __proxyStandIn: typeof control }).__proxyStandIn = control;
      const proxyApi = Object.freeze({
        prompt: async () => ({ ok: true, value: control.prompt }),
        answer: async () => {
          control.prompt = null;
          return { ok: true, value: true };
        },
        saved: async () => ({ ok: true, value: rows }),
        forget: async (entry: { proxy: string; realm: string }) => {
          rows = rows.filter((row) => row.proxy !== entry.proxy || row.realm !== entry.realm);
          return { ok: true, value: rows };
        },
        onPrompt: (listener: (prompt: unknown) => void) => {
          listeners.add(listener);
          return () => listeners.delete(listener);
        },
      });
      descriptor = { ...descriptor, value: Object.freeze({ ...real, proxy: proxyApi }) };
    }
    return define.call(Object, target, key, descriptor) as T;
  } as typeof Object.defineProperty;
}

test(
  'in German: the proxy question and the saved proxy sign-ins fit every window (stand-in proxy questions)',
  PREVIEW_ONLY,
  async ({ browser }) => {
    test.setTimeout(120_000);
    const host = await germanHost(browser);
    try {
      const page = host.page;
      const browserPage = await signInAsAda(host);
      await page.addInitScript(proxyStandIn, [
        { proxy: 'proxy.corp.example:3128', realm: 'Corp proxy (staff)', username: 'ada.lovelace' },
        { proxy: '10.20.30.40:8080', realm: '', username: 'CORP\\ada' },
      ]);
      await page.reload();
      await expect(page.getByRole('heading', { name: 'Ada Lovelace' })).toBeVisible();
      const prompt: ProxyPrompt = {
        id: 'c3'.repeat(16),
        proxy: 'proxy.corp.example:3128',
        host: 'oauth2.googleapis.com',
        realm: 'Corp proxy (staff)',
        scheme: 'basic',
        refused: true,
        username: 'ada.lovelace',
        canRemember: true,
      };
      const sizes = NARROW_SIZES.filter((size) => size.suffix !== '600x500');
      for (const { width, height, suffix } of sizes) {
        await page.setViewportSize({ width, height });
        await page.evaluate((next) => {
          (window as unknown as { __proxyStandIn: { ask(p: unknown): void } }).__proxyStandIn.ask(
            next,
          );
        }, prompt);
        const dialog = page.getByRole('dialog', { name: 'Beim Proxy Ihres Netzwerks anmelden' });
        await expect(dialog).toBeVisible();
        await expect(dialog.getByRole('alert')).toContainText('nicht akzeptiert');
        await expectFits(page, `proxy sign-in at ${suffix}`, [
          dialog.getByLabel('Benutzername'),
          dialog.getByLabel('Passwort', { exact: true }),
          dialog.getByRole('button', { name: 'Abbrechen' }),
          dialog.getByRole('button', { name: 'Anmelden' }),
        ]);
        await checkScreen(page, `proxy-sign-in-refused-${suffix}`);
        await dialog.getByRole('button', { name: 'Abbrechen' }).click();
        await expect(dialog).toHaveCount(0);
      }

      await nav(page, 'Sicherheit').click();
      const saved = page.getByRole('region', { name: 'Proxy-Anmeldungen' });
      await expect(saved.getByRole('listitem')).toHaveCount(2);
      for (const { width, height, suffix } of sizes) {
        await page.setViewportSize({ width, height });
        await saved.scrollIntoViewIfNeeded();
        await expectFits(page, `proxy rows at ${suffix}`, [
          saved.getByRole('button', { name: /^Anmeldung für proxy\.corp\.example:3128/ }),
          saved.getByRole('button', { name: 'Anmeldung für 10.20.30.40:8080 vergessen' }),
        ]);
        await checkScreen(page, `security-proxy-sign-ins-${suffix}`);
      }
      await browserPage.context().close();
    } finally {
      await host.stop();
    }
  },
);
