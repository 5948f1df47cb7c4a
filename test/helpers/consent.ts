/**
 * Drives the emulator's sign-in and consent pages in a real browser page, the way a person would:
 * type the email, press Continue, press Allow or Deny. Resolves with the URL the emulator sent the
 * browser back to (the client's redirect_uri with code or error, state and iss).
 */
import type { Locator, Page, Response, Route } from 'playwright-core';

const RETURNED_PAGE =
  '<!doctype html><html lang="en"><title>Returned to the app</title><p>Returned to the app.</p></html>';

export interface ConsentOptions {
  /** A seeded account's email. */
  email: string;
  /** What to press on the consent page (default 'allow'). */
  action?: 'allow' | 'deny';
  /** Optional scopes (Calendar, Drive) to untick before allowing, as Google lets a person do. */
  untick?: string[];
  /** How long to wait for each page (default 15 s). */
  timeoutMs?: number;
}

/**
 * Opens `authorizationUrl` in `page`, signs in and answers the consent page. For a loopback
 * redirect the page really navigates there (so the app's loopback server receives it); for a
 * custom scheme the redirect is captured from the emulator's answer without navigating.
 * Rejects when the emulator shows a problem instead (an error page, e.g. for an unregistered
 * redirect_uri, or an unknown email). When the emulator redirects back before a step (an invalid
 * request it reports to the client, e.g. no PKCE), resolves with that redirect at once.
 */
export async function completeConsent(
  page: Page,
  authorizationUrl: string,
  options: ConsentOptions,
): Promise<string> {
  const { email, action = 'allow', untick = [], timeoutMs = 15_000 } = options;
  const emulatorOrigin = new URL(authorizationUrl).origin;

  // The redirect leaves the emulator's origin: catch the 3xx that points away from it.
  let resolveRedirect: (url: string) => void = () => {};
  const redirected = new Promise<string>((resolve) => (resolveRedirect = resolve));
  const onResponse = (response: Response): void => {
    const location = response.headers()['location'];
    if (response.status() < 300 || response.status() >= 400 || !location) return;
    const target = new URL(location, response.url());
    if (target.origin !== emulatorOrigin || !/^https?:$/.test(target.protocol)) {
      resolveRedirect(target.href);
    }
  };
  page.on('response', onResponse);

  // A custom-scheme redirect is taken from the emulator's answer and replaced by a small page:
  // the browser never tries to hand the URL to an (absent) app, which leaves the page stuck.
  // Playwright routes only a navigation's first request, not its redirect hops, so the requests
  // that may end in such a redirect (the authorization request and the consent form) are routed
  // and their hops inside the emulator followed here, with the browser context's cookies.
  const authorizationPath = new URL(authorizationUrl).pathname;
  const isAuthorization = (url: URL): boolean =>
    url.origin === emulatorOrigin &&
    (url.pathname === authorizationPath || /^\/interaction\/[^/]+\/consent$/.test(url.pathname));
  const interceptCustomScheme = async (route: Route): Promise<void> => {
    let response = await route.fetch({ maxRedirects: 0 });
    let url = route.request().url();
    for (let hop = 0; hop < 5; hop += 1) {
      const location = response.headers()['location'];
      if (!location) break;
      const target = new URL(location, url);
      if (!/^https?:$/.test(target.protocol)) {
        resolveRedirect(target.href);
        await route.fulfill({ status: 200, contentType: 'text/html', body: RETURNED_PAGE });
        return;
      }
      // Only the authorization endpoint's own hops (resume) are followed; the browser takes the rest.
      if (
        target.origin !== emulatorOrigin ||
        !target.pathname.startsWith(`${authorizationPath}/`)
      ) {
        await route.fulfill({
          response,
          headers: { ...response.headers(), location: target.href },
        });
        return;
      }
      url = target.href;
      response = await page.request.get(url, { maxRedirects: 0 });
    }
    await route.fulfill({ response });
  };
  await page.route(isAuthorization, interceptCustomScheme);

  // Each step ends in the next page, a problem shown on the page, or the redirect back.
  const step = async (expected: Locator): Promise<'ready' | 'redirected'> => {
    const problem = page.locator('[data-emulator-error], [role=alert]').first();
    const shown = expected
      .or(problem)
      .first()
      .waitFor({ timeout: timeoutMs })
      .then(
        () => 'shown' as const,
        () => 'timeout' as const,
      );
    const outcome = await Promise.race([redirected.then(() => 'redirected' as const), shown]);
    if (outcome === 'redirected') return outcome;
    if (outcome === 'timeout') throw new Error(`timed out waiting for ${expected}`);
    if (await problem.isVisible())
      throw new Error(`the emulator said: ${await problem.innerText()}`);
    return 'ready';
  };

  try {
    await page.goto(authorizationUrl, { timeout: timeoutMs });
    const emailField = page.getByLabel('Email');
    if ((await step(emailField)) === 'ready') {
      await emailField.fill(email);
      await page.getByRole('button', { name: 'Continue' }).click();
      const allow = page.getByRole('button', { name: 'Allow' });
      if ((await step(allow)) === 'ready') {
        for (const scope of untick) {
          await page.locator(`input[type=checkbox][value="${scope}"]`).uncheck();
        }
        const button = action === 'allow' ? allow : page.getByRole('button', { name: 'Deny' });
        await button.click({ noWaitAfter: true });
      }
    }

    const target = await withTimeout(redirected, timeoutMs, 'the emulator did not redirect back');
    if (/^https?:$/.test(new URL(target).protocol)) {
      // Let the navigation reach the client's loopback server (or fail trying, if none listens).
      await page.waitForURL((url) => url.href === target, { timeout: timeoutMs }).catch(() => {});
    }
    return target;
  } finally {
    page.off('response', onResponse);
    await page.unroute(isAuthorization, interceptCustomScheme);
  }
}

async function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
