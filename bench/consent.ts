/**
 * The emulator's sign-in and consent pages answered over plain HTTP (fetch with a cookie jar), so
 * the benchmark gets authorization codes in milliseconds without a browser. It does what a person
 * does in test/helpers/consent.ts: type the email, Continue, Allow (optional scopes left ticked).
 * Resolves with the redirect the emulator sends back to the app; it does not deliver it.
 */

/** The cookies of one browser session, by name (paths are ignored: one emulator origin). */
class CookieJar {
  readonly #cookies = new Map<string, string>();

  take(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attributes.some((a) => /^\s*(max-age=0|expires=thu, 01 jan 1970)/i.test(a));
      if (expired || value === '') this.#cookies.delete(name);
      else this.#cookies.set(name, value);
    }
  }

  header(): string {
    return [...this.#cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}

const FORM = /<form method="post" action="([^"]+)">/;
const CHECKED_SCOPE = /<input type="checkbox"[^>]*name="scope" value="([^"]+)" checked>/g;

function unescapeHtml(text: string): string {
  return text
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&');
}

/**
 * Opens `authorizationUrl`, signs in as `email` and allows. Answers the URL the emulator redirects
 * to outside its own origin (loopback `http://127.0.0.1:<port>/…` or the custom scheme).
 */
export async function consentOverHttp(authorizationUrl: string, email: string): Promise<string> {
  const origin = new URL(authorizationUrl).origin;
  const jar = new CookieJar();
  let url = authorizationUrl;
  let body: URLSearchParams | undefined;
  for (let step = 0; step < 12; step += 1) {
    const response = await fetch(url, {
      method: body ? 'POST' : 'GET',
      redirect: 'manual',
      headers: {
        cookie: jar.header(),
        ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(body ? { body } : {}),
    });
    jar.take(response);
    body = undefined;
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      await response.body?.cancel();
      const target = new URL(location, url);
      if (target.origin !== origin) return target.href;
      url = target.href;
      continue;
    }
    const html = await response.text();
    const action = FORM.exec(html)?.[1];
    if (!action || response.status !== 200) {
      throw new Error(`the emulator answered ${response.status} without a form at ${url}`);
    }
    url = new URL(unescapeHtml(action), origin).href;
    if (action.endsWith('/login')) {
      body = new URLSearchParams({ email });
    } else {
      body = new URLSearchParams({ decision: 'allow' });
      for (const match of html.matchAll(CHECKED_SCOPE)) {
        body.append('scope', unescapeHtml(match[1] as string));
      }
    }
  }
  throw new Error('the emulator did not redirect back to the app');
}
