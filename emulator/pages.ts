/**
 * The pages a person sees in the browser: sign-in, consent and errors. Plain HTML forms (no
 * scripts), labelled fields, one language, visible focus: small, but accessible.
 */
import { OPTIONAL_SCOPES, SCOPE_DESCRIPTIONS } from './accounts.ts';

/** Escapes text for HTML element content and double-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

const STYLE = `
  :root { color-scheme: light; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
  body { margin: 0; background: #f1f3f4; color: #202124; }
  main { max-width: 28rem; margin: 3rem auto; padding: 2rem; background: #fff;
         border: 1px solid #dadce0; border-radius: 8px; }
  h1 { font-size: 1.5rem; font-weight: 500; margin: 0 0 .5rem; }
  p { line-height: 1.5; }
  .brand { font-size: .875rem; color: #5f6368; margin: 0 0 1.5rem; }
  label { display: block; font-weight: 500; margin: 1rem 0 .25rem; }
  input[type=email] { box-sizing: border-box; width: 100%; padding: .75rem; font-size: 1rem;
         border: 1px solid #80868b; border-radius: 4px; }
  ul { padding: 0; list-style: none; }
  li { padding: .75rem 0; border-top: 1px solid #e8eaed; }
  li label { display: flex; gap: .75rem; font-weight: 400; margin: 0; }
  .actions { display: flex; justify-content: flex-end; gap: .75rem; margin-top: 1.5rem; }
  button { font: inherit; padding: .6rem 1.5rem; border-radius: 4px; cursor: pointer;
           border: 1px solid #1a73e8; background: #1a73e8; color: #fff; }
  button.secondary { background: #fff; color: #1a73e8; border-color: #dadce0; }
  :focus-visible { outline: 3px solid #174ea6; outline-offset: 2px; }
  .error { color: #b3261e; background: #fce8e6; padding: .75rem; border-radius: 4px; }
  .hint { font-size: .875rem; color: #5f6368; }
`;

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} – Google emulator</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<p class="brand">Google emulator (local test server)</p>
${body}
</main>
</body>
</html>`;
}

export interface LoginPageOptions {
  uid: string;
  clientName: string;
  email?: string;
  error?: string;
  accounts: string[];
}

/** Sign-in: one "Email" field and a "Continue" button. */
export function loginPage(options: LoginPageOptions): string {
  const { uid, clientName, email = '', error, accounts } = options;
  const errorBlock = error
    ? `<p class="error" role="alert" id="email-error">${escapeHtml(error)}</p>`
    : '';
  const described = error ? ' aria-describedby="email-error" aria-invalid="true"' : '';
  return layout(
    'Sign in',
    `<h1>Sign in</h1>
<p>to continue to ${escapeHtml(clientName)}</p>
${errorBlock}
<form method="post" action="/interaction/${escapeHtml(uid)}/login">
<label for="email">Email</label>
<input id="email" name="email" type="email" autocomplete="username" required autofocus value="${escapeHtml(email)}"${described}>
<p class="hint">Test accounts: ${accounts.map(escapeHtml).join(', ')}</p>
<div class="actions"><button type="submit">Continue</button></div>
</form>`,
  );
}

export interface ConsentPageOptions {
  uid: string;
  clientName: string;
  email: string;
  /** Scopes this request adds. */
  newScopes: string[];
  /** Scopes the account granted this client before (include_granted_scopes). */
  grantedScopes: string[];
}

function describe(scope: string): string {
  return SCOPE_DESCRIPTIONS[scope] ?? scope;
}

/** Consent: the requested scopes in plain words, optional ones as checkboxes, Allow and Deny. */
export function consentPage(options: ConsentPageOptions): string {
  const { uid, clientName, email, newScopes, grantedScopes } = options;
  const items = newScopes
    .filter((scope) => scope !== 'openid')
    .map((scope) => {
      if (!OPTIONAL_SCOPES.has(scope)) return `<li>${escapeHtml(describe(scope))}</li>`;
      const id = `scope-${scope.replace(/[^a-z0-9]+/gi, '-')}`;
      return `<li><label for="${id}"><input type="checkbox" id="${id}" name="scope" value="${escapeHtml(scope)}" checked> ${escapeHtml(describe(scope))}</label></li>`;
    });
  const granted = grantedScopes.filter((scope) => scope !== 'openid' && scope !== 'offline_access');
  const grantedBlock = granted.length
    ? `<h2 class="hint">You already allowed ${escapeHtml(clientName)} to</h2>
<ul>${granted.map((scope) => `<li>${escapeHtml(describe(scope))}</li>`).join('')}</ul>`
    : '';
  return layout(
    'Allow access',
    `<h1>${escapeHtml(clientName)} wants to access your Google Account</h1>
<p>${escapeHtml(email)}</p>
<form method="post" action="/interaction/${escapeHtml(uid)}/consent">
<p>This will allow ${escapeHtml(clientName)} to:</p>
<ul>${items.join('') || `<li>${escapeHtml(describe('openid'))}</li>`}</ul>
${grantedBlock}
<div class="actions">
<button type="submit" name="decision" value="deny" class="secondary">Deny</button>
<button type="submit" name="decision" value="allow">Allow</button>
</div>
</form>`,
  );
}

/** An error the browser shows instead of redirecting (e.g. an unregistered redirect_uri). */
export function errorPage(error: string, description: string): string {
  return layout(
    'Error',
    `<h1>Something went wrong</h1>
<p class="error" role="alert" data-emulator-error="${escapeHtml(error)}"><strong>${escapeHtml(error)}</strong>${description ? `: ${escapeHtml(description)}` : ''}</p>`,
  );
}
