/**
 * The sign-in and consent steps, on oidc-provider's interactions API: oidc-provider sends the
 * browser to /interaction/<uid>; the person signs in with a seeded email, then allows or denies
 * the requested scopes; the result goes back to oidc-provider, which redirects to the client.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type Provider from 'oidc-provider';
import type { EmulatorAccount } from './accounts.ts';
import { OPTIONAL_SCOPES } from './accounts.ts';
import type { GrantRegistry } from './grants.ts';
import { readForm, sendHtml } from './http.ts';
import { consentPage, errorPage, loginPage } from './pages.ts';

export interface InteractionDeps {
  provider: Provider;
  accounts: EmulatorAccount[];
  grants: GrantRegistry;
}

const CLIENT_NAME = 'Latchkey';
const PATH = /^\/interaction\/([\w-]+)(?:\/(login|consent))?$/;

/** Serves /interaction/*; returns false when the path is not one of its routes. */
export async function handleInteraction(
  req: IncomingMessage,
  res: ServerResponse,
  pathname: string,
  deps: InteractionDeps,
): Promise<boolean> {
  const match = PATH.exec(pathname);
  if (!match) return false;
  const step = match[2];
  const { provider, accounts } = deps;

  let interaction;
  try {
    interaction = await provider.interactionDetails(req, res);
  } catch {
    sendHtml(
      res,
      400,
      errorPage(
        'session_expired',
        'This sign-in page has expired. Start signing in again from the app.',
      ),
    );
    return true;
  }
  if (interaction.uid !== match[1]) {
    sendHtml(
      res,
      400,
      errorPage('invalid_request', 'This sign-in page does not belong to this browser.'),
    );
    return true;
  }

  const emails = accounts.map((account) => account.email);
  const loginHint = String(interaction.params.login_hint ?? '');

  // The sign-in page is also the account chooser (prompt=select_account).
  const choosingAccount =
    interaction.prompt.name === 'login' || interaction.prompt.name === 'select_account';

  if (req.method === 'GET' && step === undefined) {
    if (choosingAccount) {
      sendHtml(
        res,
        200,
        loginPage({
          uid: interaction.uid,
          clientName: CLIENT_NAME,
          email: loginHint,
          accounts: emails,
        }),
      );
    } else {
      sendHtml(res, 200, renderConsent(interaction, deps));
    }
    return true;
  }

  if (req.method === 'POST' && step === 'login' && choosingAccount) {
    const email = ((await readForm(req)).get('email') ?? '').trim().toLowerCase();
    const account = accounts.find((candidate) => candidate.email === email);
    if (!account) {
      const error = email
        ? `Couldn’t find a Google Account for ${email}. Use one of the test accounts.`
        : 'Enter an email.';
      sendHtml(
        res,
        200,
        loginPage({
          uid: interaction.uid,
          clientName: CLIENT_NAME,
          email,
          error,
          accounts: emails,
        }),
      );
      return true;
    }
    await provider.interactionFinished(
      req,
      res,
      { select_account: {}, login: { accountId: account.sub } },
      { mergeWithLastSubmission: false },
    );
    return true;
  }

  if (req.method === 'POST' && step === 'consent' && interaction.prompt.name === 'consent') {
    const form = await readForm(req);
    if (form.get('decision') !== 'allow') {
      await provider.interactionFinished(
        req,
        res,
        { error: 'access_denied', error_description: 'The user denied access.' },
        { mergeWithLastSubmission: false },
      );
      return true;
    }
    const grantId = await saveGrant(interaction, new Set(form.getAll('scope')), deps);
    await provider.interactionFinished(
      req,
      res,
      { consent: { grantId } },
      { mergeWithLastSubmission: true },
    );
    return true;
  }

  sendHtml(
    res,
    405,
    errorPage('invalid_request', 'This step of signing in cannot be done this way.'),
  );
  return true;
}

type Interaction = Awaited<ReturnType<Provider['interactionDetails']>>;

function requestedScopes(interaction: Interaction): string[] {
  return String(interaction.params.scope ?? '')
    .split(' ')
    .filter(Boolean);
}

/** The scopes the person decides on now; the rest of the request was granted before. */
function scopesToConfirm(interaction: Interaction): string[] {
  const missing = interaction.prompt.details.missingOIDCScope;
  // A native client is asked every time, even when nothing is missing: then confirm them all.
  return missing?.length ? missing : requestedScopes(interaction);
}

function renderConsent(interaction: Interaction, deps: InteractionDeps): string {
  const accountId = interaction.session?.accountId;
  const account = deps.accounts.find((candidate) => candidate.sub === accountId);
  const requested = requestedScopes(interaction);
  const newScopes = scopesToConfirm(interaction);
  return consentPage({
    uid: interaction.uid,
    clientName: CLIENT_NAME,
    email: account?.email ?? '',
    newScopes,
    grantedScopes: requested.filter((scope) => !newScopes.includes(scope)),
  });
}

/** Records what the person allowed: every requested scope except optional ones they unticked. */
async function saveGrant(
  interaction: Interaction,
  ticked: Set<string>,
  deps: InteractionDeps,
): Promise<string> {
  const { provider, grants } = deps;
  const accountId = interaction.session?.accountId ?? '';
  const clientId = String(interaction.params.client_id);
  const existing = interaction.grantId ? await provider.Grant.find(interaction.grantId) : undefined;
  const grant = existing ?? new provider.Grant({ accountId, clientId });

  const asked = new Set(scopesToConfirm(interaction));
  const requested = requestedScopes(interaction);
  // Optional scopes shown with a checkbox count only when ticked.
  const allowed = requested.filter(
    (scope) => !OPTIONAL_SCOPES.has(scope) || !asked.has(scope) || ticked.has(scope),
  );
  const refused = requested.filter((scope) => !allowed.includes(scope));
  // This consent replaces earlier refusals: what is refused now is exactly what was unticked.
  grant.rejected = undefined;
  grant.addOIDCScope(allowed);
  if (refused.length) grant.rejectOIDCScope(refused);
  const claims = interaction.prompt.details.missingOIDCClaims;
  if (claims?.length) grant.addOIDCClaims(claims);

  const grantId = await grant.save();
  grants.remember(accountId, clientId, grantId);
  return grantId;
}
