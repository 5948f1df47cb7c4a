/**
 * English: the source catalog. Its keys are THE keys — every other language has exactly these
 * (common/i18n/de.ts is typed against them, and test/unit/i18n/catalogs.test.ts checks keys,
 * ICU syntax and placeholders). Messages are ICU MessageFormat: `{name}` for a value,
 * `{n, plural, one {…} other {…}}`, `{x, select, …}`, `<strong>…</strong>` for stressed words,
 * `<link>…</link>` for the words of a link, `<code>…</code>` for a command.
 * An apostrophe is literal unless it stands before `{`, `}`, `<` or `#` (ICU quoting): there, write
 * the typographic ’ instead.
 *
 * Keys by where the sentence is shown: `auth.*`, `google.*`, `updates.*`, `bridge.*`, `config.*`
 * (the main process: errors, notices, what the window shows of them), `page.*` (the browser
 * pages after a sign-in), `terminal.*` (lines for people in the terminal), `app.*` (the Electron
 * shell's dialogs), and the window's own by screen or component.
 */
export const en = {
  // ── The auth core (main/auth/errors.ts MESSAGES) ─────────────────────────────────────────
  'auth.cancelled': 'Sign-in was cancelled.',
  'auth.dpopKeyMissing':
    "The sign-in of {email} was bound to this computer's key, which is missing or damaged. Sign in again.",
  'auth.dpopRefused':
    'Google refused to bind this sign-in to this computer’s key (DPoP), so Latchkey did not sign you in — sign in again and Latchkey will go without the binding for this app.',
  'auth.dpopAccessTokens':
    'This sign-in service binds access tokens with DPoP, which Latchkey does not support, so Latchkey did not sign you in; set LATCHKEY_DPOP=off to sign in without DPoP.',
  'auth.denied': 'You declined access on Google’s consent screen, so Latchkey did not sign you in.',
  'auth.scopeDenied':
    'You allowed Latchkey in, but not the access this feature needs — tick its box when Google asks again.',
  'auth.partialConnect':
    'You allowed Latchkey in, but not to {what} — tick the box next to {product} when Google asks again.',
  'auth.partialSignIn':
    'You allowed Latchkey in, but not to see {missing, select, email {your email address} profile {your name and profile picture} other {your email address or your name and profile picture}}, which Latchkey needs to tell your accounts apart — tick {missing, select, both {both boxes} other {the box}} when Google asks again.',
  'auth.timedOut': 'Sign-in took too long and was stopped. Try again when you are ready.',
  'auth.inProgress': 'A sign-in is already waiting for your browser. Finish or cancel it first.',
  'auth.network': 'Google could not be reached. Check your connection and try again.',
  'auth.failed': 'Sign-in did not complete. Try again.',
  'auth.authRequired': 'That account is not signed in.',
  'auth.sessionExpired':
    'Your session for {email} has ended (Google no longer accepts it — it may have been revoked or expired, or replaced: Google keeps at most 100 sign-ins per account for an app and ends the oldest). Sign in again to continue.',
  'auth.adminPolicySignIn':
    'Your organization’s Google Workspace administrator does not allow Latchkey the access it asks for, so Google did not sign you in. Ask your administrator to allow it.',
  'auth.adminPolicy':
    'Your organization’s Google Workspace administrator does not allow Latchkey the access it needs, so {email} was signed out on this computer. Ask your administrator to allow it.',
  'auth.sessionUnverified':
    'Google’s answer when renewing the session for {email} could not be verified, so Latchkey signed that account out on this computer. Sign in again to continue.',
  'auth.entryLost':
    'The saved sign-in for {email} could not be read from the keychain. Sign in again to continue.',
  'auth.demoEntryLost':
    'Your demo sign-in as {email} was not kept: the keychain Latchkey started with did not have it (a keychain that lasts one session only forgets it when Latchkey quits). Sign in again to continue.',
  'auth.demoGoogleAfresh':
    'Your demo sign-in as {email} was not kept: {why, select, moved {the demo Google could not get its old address back (another program uses that port), } other {the demo Google had no saved record of it, }}so it started afresh. Sign in again to continue.',
  'auth.keychainWaiting':
    'Waiting for your keychain: your system may be asking whether Latchkey can use its saved sign-in, or to unlock the keychain. Answer that prompt to go on.',
  'auth.keychainUnavailable':
    'The system keychain is not available, so your sign-in is kept in memory only and will end when Latchkey quits. ({reason})',
  'auth.revocationNotKept':
    'Signed out of {email} on this computer, but Google could not be reached and Latchkey could not keep the revocation to try later. Remove Latchkey at https://myaccount.google.com/permissions to end its access.',
  'auth.revocationPending':
    'Signed out of {email} on this computer. Google could not be reached to revoke Latchkey’s access; Latchkey will retry automatically.',
  'auth.revocationCompleted':
    'Google confirmed the revocation that was waiting. Latchkey no longer has access.',
  'auth.shuttingDown': 'Latchkey is shutting down.',
  'auth.serviceTrouble': 'Google’s sign-in service did not answer properly. Try again in a moment.',
  'auth.refreshRefused':
    'Google refused to renew the session (the app’s OAuth client may be misconfigured).',
  'auth.unverified': 'Google’s answer could not be verified, so Latchkey did not sign you in.',
  'auth.differentAccount':
    'You chose a different Google account in the browser. Choose {email} to continue.',
  'auth.differentAccountUnnamed':
    'You chose a different Google account in the browser. Choose the same account to continue.',
  'auth.notHinted':
    'You signed in as {chosen}, not {hinted}, so Latchkey did not sign you in. Sign in again and choose {hinted}, or use “Add account” for {chosen}.',
  'auth.noEmail':
    'Google did not share the account’s email address, so Latchkey did not sign you in.',
  'auth.noOfflineAccess':
    'Google did not grant offline access, so Latchkey cannot keep you signed in. Try again.',
  'auth.signedOutLocally': 'Signed out of {email} on this computer.',
  'auth.signedOutRevoked': 'Signed out of {email}. Google confirmed Latchkey’s access is revoked.',
  'auth.thisAccount': 'this account',
  'auth.unexpectedIssuer': 'The sign-in response came from an unexpected issuer and was refused.',
  'auth.authorizationError': 'Google did not complete the sign-in. Try again.',
  'auth.authorizationErrorNamed': 'Google did not complete the sign-in ({error}). Try again.',

  // ── Google's APIs (main/google/) ─────────────────────────────────────────────────────────
  'google.service.calendar': 'your calendar',
  'google.service.drive': 'your Drive files',
  'google.service.tasks': 'your tasks',
  'google.service.profile': 'your Google profile',
  'google.service.account': 'your Google account',
  'google.signInFirst': 'Sign in to Google first.',
  'google.unauthorized':
    'Google did not accept this session for {service}. Try again, or sign out and in.',
  'google.scope': 'Latchkey needs your permission to read {service}.',
  'google.rateLimited':
    'Google is receiving too many requests for {service}. Try again in a minute.',
  'google.quota': "Google's usage limit for {service} has been reached. Try again later.",
  'google.server': 'Google could not load {service} right now (HTTP {status}). Try again.',
  'google.network': 'Google could not be reached to load {service}. Check your connection.',
  'google.invalidGrant': 'Your Google session has ended (revoked or expired). Sign in again.',
  'google.redirect': "Google's answer for {service} pointed elsewhere; Latchkey did not follow it.",
  'google.tooLarge': "Google's answer for {service} was too large to read.",
  'google.client': 'Google refused the request for {service} (HTTP {status}).',
  'google.clientReason': 'Google refused the request for {service} (HTTP {status}, {reason}).',
  'google.unknown': 'Latchkey could not load {service} because of an internal error.',
  'google.otherProfile': 'Google returned the profile of a different account.',
  'google.noTitle': '(No title)',
  'google.untitledList': '(Untitled list)',

  // ── The way to Google (main/net/): a proxy or a certificate in the way ──────────────────
  'net.proxyCredentials':
    '{named, select, yes {The proxy {proxy}} other {Your network’s proxy}} did not accept Latchkey’s proxy sign-in, so {host} could not be reached. Check the proxy user name and password, then try again.',
  'net.proxyRefused':
    '{named, select, yes {The proxy {proxy}} other {Your network’s proxy}} refused the connection to {host}{status, select, none {} other { (HTTP {status})}}. Ask your network administrator to allow it.',
  'net.proxyUnreachable':
    '{named, select, yes {The proxy {proxy}} other {Your network’s proxy}} could not be reached. Check your system’s proxy settings.',
  'net.proxyScript':
    'Your system’s proxy configuration script (PAC) failed, so Latchkey found no way to {host}. Check the automatic proxy settings of your system.',
  'net.certificate':
    'The connection to {host} was stopped: its certificate was issued by “{issuer}”, which this computer does not trust. If your company inspects traffic, install its certificate in your system’s certificate store.',
  'net.unknownIssuer': 'an unknown issuer',
  'net.badProxy':
    '{variable} is not a proxy URL (expected http://host:port, with user:password@ when the proxy asks for a sign-in)',

  // ── Latchkey's own updates (main/app/updates.ts, main/electron/updater.ts) ───────────────
  'updates.unsupported': 'This copy of Latchkey does not update itself.',
  'updates.unsupported.development':
    'This copy of Latchkey does not update itself: it is a development run, not an installed app.',
  'updates.unsupported.deb':
    'This copy of Latchkey does not update itself: it was installed from a deb, so update it with the package manager or install the new deb from the Releases page.',
  'updates.unsupported.otherPackage':
    'This copy of Latchkey does not update itself: it was installed by the system’s package manager, which updates it.',
  'updates.unsupported.unpacked':
    'This copy of Latchkey does not update itself: only the AppImage updates itself on Linux; download the new version from the Releases page.',
  'updates.unsupported.platform': 'This copy of Latchkey does not update itself on this system.',
  'updates.unsupported.preview':
    'The browser preview is a development tool: it does not update itself.',
  'updates.unsupported.smoke': 'This is a start check (--smoke).',
  'updates.failure.network':
    'Latchkey could not reach the update server (is the computer offline?); it will try again later.',
  'updates.failure.refused':
    'A downloaded update was refused because it did not match its published checksum or signature; nothing was installed.',
  'updates.failure.feed':
    'The update server has no usable update information for this copy of Latchkey; it will try again later.',
  'updates.failure.other': 'Checking for updates failed; the details are in the log.',

  // ── The bridge (main/bridge/, preview/client.ts) ─────────────────────────────────────────
  'bridge.internal': 'Something went wrong inside Latchkey. Try again.',
  'bridge.unknownMethod': 'Unknown method.',
  'bridge.badArguments': 'The arguments of {method} do not match the contract.',
  'bridge.forbidden': 'This caller may not use Latchkey.',
  'bridge.previewStopped':
    'The Latchkey preview stopped. Start it again and open the address it prints.',
  'bridge.previewNotConnected':
    'This page is not connected to the Latchkey preview: open the address the preview printed (it carries the key of this launch).',
  'bridge.unsendable': 'The arguments cannot be sent to Latchkey.',

  // ── Configuration errors (main/app/config.ts, main/app/start.ts) ─────────────────────────
  'config.unreadable': 'cannot read the config file {path} ({errno})',
  'config.notJson': 'the config file {path} is not valid JSON',
  'config.badShape':
    "the config file {path} must be {ours} or Google's downloaded Desktop client JSON ({google})",
  'config.idRequired': 'is required when {secret} or {type} is set',
  // '<' quotes the angle bracket: without it, ICU would read a tag.
  'config.badId':
    "is not a Google OAuth client ID (expected '<'digits>-'<'letters and digits>.apps.googleusercontent.com)",
  'config.badIdShort': 'is not a Google OAuth client ID',
  'config.badType': 'must be "desktop" or "ios"',
  'config.iosSecret':
    'must not be set for an iOS-type client (it has no secret and uses the custom-scheme redirect)',
  'config.secretRequired': 'is required for a "Desktop app" client',
  'config.badSecret':
    'does not look like a Google client secret (expected GOCSPX-… as shown in Google Cloud Console)',
  'config.badDpop': 'must be "on" or "off"',
  'config.noEmulator':
    'no Google client is configured and no local emulator was started for demo mode',
  'config.noClient':
    'no Google client is configured and this build has no local test Google for demo mode. Set LATCHKEY_GOOGLE_CLIENT_ID (and LATCHKEY_GOOGLE_CLIENT_SECRET for a "Desktop app" client), or LATCHKEY_CONFIG to a client JSON file (see the README, "Google Cloud set-up")',

  // ── The Electron shell's dialogs (main/electron/index.ts) ────────────────────────────────
  'app.cannotStart': 'Latchkey cannot start',
  'app.noSandbox':
    'Latchkey was started with the Chromium sandbox switched off (--no-sandbox), which it refuses to do. On Linux this happens with the AppImage on systems that restrict user namespaces: install the deb package instead, which sets the sandbox up.',
  'app.unexpected': 'An unexpected error stopped Latchkey. Details are in the log.',
  'app.windowFailed':
    'Latchkey could not load its window. Reinstall Latchkey (or run `npm run build` in a checkout); details are in the log.',

  // ── The pages the browser shows at the end of a sign-in (main/auth/flow/loopback.ts) ─────
  'page.title': '{title} — Latchkey',
  'page.closeTab': 'You can close this tab.',
  'page.returnTitle': 'You can return to Latchkey',
  'page.signedInAs': "You're signed in as <strong>{email}</strong>.",
  'page.connectedFor': '{product} is connected for <strong>{email}</strong>.',
  'page.howItWent': 'Latchkey shows how it went.',
  'page.partialTitle': 'Not everything was allowed',
  'page.partialConnect':
    'You allowed Latchkey in, but the box for {product} was not ticked, so it is not connected. Latchkey can ask again.',
  'page.partialSignIn':
    'You allowed Latchkey in, but not everything it needs to sign you in. Latchkey says what is missing and can ask again.',
  'page.deniedTitle': 'You chose not to sign in',
  'page.deniedConnectTitle': '{product} was not connected',
  'page.denied': 'You pressed Deny, so nothing new was shared with Latchkey.',
  'page.failed': 'Sign-in did not complete. Latchkey shows what happened.',
  'page.failedConnect': 'Connecting {product} did not complete. Latchkey shows what happened.',
  'page.rejectedTitle': 'Return to Latchkey',
  'page.rejected': 'This sign-in response was not accepted. Start again in Latchkey.',
  'page.cancelledTitle': 'This sign-in was cancelled',
  'page.cancelledConnectTitle': 'Connecting {product} was cancelled',
  'page.cancelled':
    "It was cancelled in Latchkey, so nothing was shared. Start again in Latchkey when you're ready.",
  'page.timedOutTitle': 'This sign-in timed out',
  'page.timedOutConnectTitle': 'Connecting {product} timed out',
  'page.timedOut':
    "Latchkey stopped waiting for it, so nothing was shared. Start again in Latchkey when you're ready.",
  'page.finishedTitle': 'This sign-in has already finished',
  'page.finishedConnectTitle': 'Connecting {product} has already finished',
  'page.finished': 'Latchkey shows how it went. Start again in Latchkey if you need to.',
  'page.notFoundTitle': 'Not found',
  'page.notFound': 'There is nothing here.',

  // ── The preview's launcher files (preview/launcher.ts), opened in the browser ─────────────
  'launcher.opening': 'Opening {title}… If nothing happens, <link>follow this link</link>.',
  'launcher.previewTitle': 'Latchkey preview',
  'launcher.signInTitle': 'Google sign-in',
  'launcher.connectTitle': 'Connect {product}',

  // ── Terminal lines for people (preview/, scripts/start.ts) ───────────────────────────────
  'terminal.usage': 'usage: {usage}   (npm run preview -- … starts the browser preview directly)',
  'terminal.badPort': '--port must be an integer from 0 to 65535 ({usage})',
  'terminal.previewStarted': 'Latchkey browser preview ({mode}), data in {dataDir}',
  'terminal.modeDemo': 'demo mode, local Google emulator at {issuer}',
  'terminal.modeClient': 'your Google client',
  'terminal.ready': 'Ready: Latchkey preview at {origin} (Ctrl+C stops it).',
  'terminal.open': 'Open: {path}',
  'terminal.openWhy':
    "  (a file only you can read; it leads your browser to {origin} with this launch's secret)",
  'terminal.signIn':
    "Sign-in: Google's page is in {path} (if no browser came up, open that file, or use Copy link in the window)",
  'terminal.connect':
    "Connecting {product}: Google's page is in {path} (if no browser came up, open that file, or use Copy link in the window)",
  'terminal.launcherFailed': 'Could not write the sign-in launcher: {error}',
  'terminal.portInUse':
    'Port {port} on 127.0.0.1 is already in use (by another program, or another Latchkey): choose another with --port, or leave --port out to take a free one.',
  'terminal.portPrivileged':
    'Port {port} needs privileges this user does not have: choose one above 1023.',
  'terminal.previewFailed': 'Latchkey preview could not start: {error}',
  'terminal.alreadyRunning':
    "Latchkey's preview is already running on {dataDir} (process {pid}): {launcher, select, none {use its window} other {open it with {launcher}}}, or stop it first (Ctrl+C in its terminal); for a second one, give it its own LATCHKEY_DATA_DIR.",
  'terminal.npmKept':
    "npm kept {options} for itself (options before `--` are npm's): run `{command}` instead.",
  'terminal.noDbus': 'no D-Bus session is running',
  'terminal.noSecretService': 'no Secret Service (org.freedesktop.secrets) is on the session bus',
  'terminal.temporaryKeyring':
    'npm start: {reason}, so Latchkey starts a temporary keyring for this session only (sign-ins kept in it end when Latchkey quits; a desktop session with its keyring keeps them).',
  'terminal.electronNotInstalled': 'the electron package is not installed (run npm install)',
  'terminal.electronOverrideMissing': 'ELECTRON_OVERRIDE_DIST_PATH has no Electron at {path}',
  'terminal.electronNotDownloaded': "Electron's runtime has not been downloaded yet",
  'terminal.electronIncomplete': "Electron's runtime is incomplete ({path} is missing)",
  'terminal.electronDownloading':
    '{missing}: downloading it now (about 100 MB, once; the progress bar appears if it takes a while). Ctrl+C stops the download and starts the browser preview instead.',
  'terminal.electronDownloadFailed':
    "Electron's download did not finish (exit code {exitCode}; see above)",
  'terminal.electronRecentlyFailed':
    'its download failed less than a day ago, so it is not tried again until then; `npm start -- {retry}` tries now',
  'terminal.electronOffline':
    'the download host cannot be reached, so it was not downloaded; the next try is in a day, or at once with `npm start -- {retry}`',
  'terminal.electronInstalled': "Electron's runtime is installed.",
  'terminal.electronMissing':
    "npm start: Electron's runtime is not available ({missing}): starting the browser preview instead.",
  'terminal.npmStart': 'npm start: {message}',

  // ── The window (renderer/src) ────────────────────────────────────────────────────────────
  // Words used in many places.
  'common.cancel': 'Cancel',
  'common.dismiss': 'Dismiss',
  'common.back': 'Back',
  'common.refresh': 'Refresh',
  'common.retry': 'Retry',
  'common.tryAgain': 'Try again',
  'common.signOut': 'Sign out',
  'common.signInAgain': 'Sign in again',
  'common.disconnect': 'Disconnect',
  'common.details': 'Details',
  'common.demoMode': 'Demo mode',
  'common.demoModeLong': 'Demo mode: a local test Google, not your account',
  'common.signInWithGoogle': 'Sign in with Google',
  'common.notification': 'Notification',
  'common.notifications': 'Notifications',

  // The features (common/features.ts): Google's product, the view's name, the scope in words.
  'feature.calendar.product': 'Google Calendar',
  'feature.calendar.label': 'Agenda',
  'feature.calendar.scope': 'See your Google Calendar events',
  'feature.calendar.consent': 'see your Google Calendar events',
  'feature.drive.product': 'Google Drive',
  'feature.drive.label': 'Drive',
  'feature.drive.scope': 'See the names and details of your Google Drive files',
  'feature.drive.consent': 'see the names and details of your Google Drive files',
  'feature.tasks.product': 'Google Tasks',
  'feature.tasks.label': 'Tasks',
  'feature.tasks.scope': 'See your tasks in Google Tasks',
  'feature.tasks.consent': 'see your tasks in Google Tasks',
  'scope.openid': 'Confirm who you are',
  'scope.email': 'See your email address',
  'scope.profile': 'See your name and profile picture',

  // App.svelte
  'window.signedInAs': 'Signed in as {name}.',
  'window.continueInBrowser': 'Continue in your browser.',
  'window.signedOut': 'Signed out.',
  'window.cannotStart': "Latchkey can't start",
  'window.opening': 'Opening Latchkey…',
  'window.stoppedTitle': "Latchkey's preview has stopped",
  'window.stopped':
    'This tab no longer reaches Latchkey. Run <code>npm start</code> again and open the address it prints.',
  'window.noBridge': 'Latchkey: window.api is missing; open the app, not the page.',
  'window.title': '{view} · Latchkey',

  // The navigation and the account menu.
  'nav.views': 'Views',
  'nav.profile': 'Profile',
  'nav.security': 'Security',
  'menu.button': 'Account menu:',
  'menu.account': 'Account',
  'menu.switch': 'Switch account',
  'menu.switchTo': 'Switch to',
  'menu.add': 'Add another account',
  'menu.signOut': 'Sign out {email}',

  // Signed out (screens/SignedOut.svelte).
  'signedOut.title': 'Your Google account on your desktop',
  'signedOut.ledeKeychain':
    "Latchkey signs you in with Google in your own browser and keeps the key in your computer's keychain.",
  'signedOut.ledeTemporary':
    'Latchkey signs you in with Google in your own browser and keeps the key in a temporary keyring while it runs.',
  'signedOut.ledeMemory':
    'Latchkey signs you in with Google in your own browser and keeps the key in memory while it runs.',
  'signedOut.browser': "Google's own page, in your browser: Latchkey never sees your password.",
  'signedOut.keptKeychain': 'Kept in your keychain, never in a plain file.',
  'signedOut.keptTemporary':
    'Kept in a temporary keyring that ends when Latchkey quits (no system keychain is running), never in a plain file.',
  'signedOut.keptMemory':
    'Kept in memory only, never in a file: you sign in again after quitting Latchkey.',
  'signedOut.revokes': 'Signing out revokes access at Google.',

  // Waiting for the browser (components/FlowPanel.svelte).
  'flow.title': 'Continue in your browser',
  'flow.connect':
    'We opened Google in your browser to ask whether Latchkey may use {name}. Allow it there and this window updates by itself.',
  'flow.thisFeature': 'this feature',
  'flow.addAccount':
    "We opened Google's sign-in page in your browser: sign in there with the other Google account. This window updates by itself.",
  'flow.signIn':
    "We opened Google's sign-in page in your browser. Finish there and this window updates by itself.",
  'flow.expires':
    'Closed the tab, or no browser came up? Open it again. This sign-in link works until {time}.',
  'flow.openAgain': 'Open again',
  'flow.copyLink': 'Copy link',
  'flow.copied': 'Link copied',
  'flow.reopened': 'Opened again in your browser',
  'flow.manual': 'Copy this link and open it in your browser:',

  // How a flow ended (lib/outcome.ts).
  'outcome.deniedTitle': 'You chose not to allow access',
  'outcome.deniedToast': "Not signed in: you pressed Deny on Google's page, so nothing was shared.",
  'outcome.deniedConnectToast': "{name} was not connected: you pressed Deny on Google's page.",
  'outcome.partialTitle': 'Not everything was allowed',
  'outcome.deniedConnectTitle': '{name} was not connected',
  'outcome.denied': 'Google reports that you pressed Deny, so nothing was shared with Latchkey.',
  'outcome.timedOutTitle': 'Sign-in timed out',
  'outcome.timedOutConnectTitle': 'Connecting {name} timed out',
  'outcome.timedOut':
    "Your browser didn't come back to Latchkey in time. Start again and finish in the browser within a few minutes.",
  'outcome.cancelledTitle': 'Sign-in cancelled',
  'outcome.cancelledToast': 'Sign-in cancelled. Nothing was shared with Latchkey.',
  'outcome.cancelledConnectToast': 'Connecting {name} cancelled. Nothing was shared.',
  'outcome.cancelledConnectTitle': 'Connecting {name} cancelled',
  'outcome.cancelled': 'You cancelled before Google finished. Nothing was shared with Latchkey.',
  'outcome.askAgain': 'Ask Google again',
  'outcome.busyTitle': 'Another sign-in is still open',
  'outcome.busy': 'Finish or cancel the sign-in waiting in your browser, then try again.',
  'outcome.failedTitle': "Sign-in didn't work",
  'outcome.failedConnectTitle': "Couldn't connect {name}",
  'outcome.failed': 'Something went wrong while talking to Google.',

  // A data view's error (lib/errors.ts).
  'errors.noSentence': 'Latchkey hit an unexpected problem.',
  'errors.network': "Can't reach Google",
  'errors.sessionEnded': 'Your session has ended',
  'errors.connect': 'Connect {name}',
  'errors.busy': 'Google is busy',
  'errors.keychain': "Can't open the keychain",
  'errors.other': 'Something went wrong',

  // Notices and toasts.
  'notice.memoryOnly':
    'Your sign-in is kept in memory only, so you will sign in again after Latchkey quits.',
  'toast.signedIn': 'Signed in as {name} ({email}).',
  'toast.signedInAgain': '{email} was already signed in: it is signed in again.',
  'toast.signedInSwitched': '{email} was already signed in: signed in again and switched to it.',
  'toast.disconnected': 'Disconnected {name}.',
  'toast.disconnectedFrom': 'Disconnected {name} from {email}.',

  // What to do about a keychain (lib/storage.ts).
  'keychain.noService':
    'No keychain service is running — install gnome-keyring (or another Secret Service), then restart Latchkey.',
  'keychain.locked': 'Your keychain is locked — unlock it, then restart Latchkey.',
  'keychain.noDefault':
    'Your keychain has no default keyring to save in — create one (the "login" keyring, in Passwords and Keys), then restart Latchkey.',
  'keychain.refused':
    'Your keychain refused Latchkey — allow Latchkey in your keychain settings, then restart it.',
  'keychain.other': 'Latchkey could not use your keychain — restart Latchkey to try again.',

  // Dialogs.
  'dialog.signOutTitle': 'Sign out of {who}?',
  'dialog.signOut':
    'Latchkey will forget <strong>{email}</strong> on this computer and ask Google to revoke its access. You can sign in again at any time.',
  'dialog.disconnectTitle': 'Disconnect {name}?',
  'dialog.disconnect': 'Latchkey stops using {name} for <strong>{email}</strong>.',
  'dialog.disconnectKeeps':
    'Google keeps the permission until you sign out. To remove it sooner, open your <link>Google Account permissions</link>.',

  // A feature before it is connected (components/ConnectCard.svelte).
  'connect.title': 'Connect {name}',
  'connect.fine':
    'Google will ask you in your browser for read-only access. You can disconnect it at any time under Security.',
  'row.open': 'Open in {service}',
  'row.openItem': 'Open in {service}: {title}',
  'row.noTitle': '(No title)',

  // The update banner and About Latchkey.
  'update.label': 'Update',
  'update.ready':
    '<strong>Latchkey {version} is ready.</strong> Restart to update; nothing is lost.',
  'update.whatsNew': "What's new",
  'update.restart': 'Restart to update',
  'about.title': 'About Latchkey',
  'about.version': 'Version',
  'about.unknownVersion': 'unknown',
  'about.updates': 'Updates',
  'about.lastChecked': 'Last checked',
  'about.never': 'Never',
  'about.automatic': 'Check for updates automatically',
  'about.checkNow': 'Check now',
  'about.checking': 'Checking for a newer version…',
  'about.downloading': 'Downloading Latchkey {version} ({progress} %)…',
  'about.ready': 'Latchkey {version} is downloaded: restart to update.',
  'about.error': 'The last check did not work. Latchkey tries again later.',
  'about.upToDate': 'Up to date.',
  'about.notChecked': 'Not checked yet.',

  // The language setting (components/LanguageCard.svelte).
  'language.title': 'Language',
  'language.label': 'Language of Latchkey',
  'language.system': 'Same as the system ({language})',
  'language.note':
    'Latchkey follows your system’s language unless you choose one here. Dates and times follow the language too.',

  // A proxy asking for a sign-in (components/ProxySignInDialog.svelte, ProxySignIns.svelte).
  'proxy.title': 'Sign in to your network’s proxy',
  'proxy.asks':
    'The proxy <strong>{proxy}</strong> asks for a user name and password before Latchkey can reach <strong>{host}</strong>.',
  'proxy.says': 'The proxy says: “{realm}”',
  'proxy.refused':
    'The proxy did not accept that user name and password. Check them and try again.',
  'proxy.user': 'User name',
  'proxy.password': 'Password',
  'proxy.enterUser': 'Enter the proxy user name.',
  'proxy.enterPassword': 'Enter the proxy password.',
  'proxy.remember': 'Remember on this computer',
  'proxy.rememberNote':
    'Kept in your system keychain and used again without asking; the Security page can forget it.',
  'proxy.noKeychainNote':
    'Your keychain is not available, so Latchkey uses it only until it quits.',
  'proxy.signIn': 'Sign in',
  'proxy.savedTitle': 'Proxy sign-ins',
  'proxy.savedNote':
    'Kept in your system keychain for the proxies between Latchkey and Google, and sent only to them. Forget one and Latchkey asks again the next time that proxy does.',
  'proxy.userRealm': '{username} · “{realm}”',
  'proxy.forget': 'Forget',
  'proxy.forgetLabel': 'Forget the sign-in for {proxy}',
  'proxy.forgetRealmLabel': 'Forget the sign-in for {proxy} ({realm})',
  'proxy.forgot':
    'Forgot the sign-in for the proxy {proxy}. Latchkey asks again the next time it does.',

  // Profile.
  'profile.title': 'Profile',
  'profile.subtitle': 'Your Google account as Google shares it with Latchkey.',
  'profile.verified': 'Verified',
  'profile.firstName': 'First name',
  'profile.lastName': 'Last name',
  'profile.accountId': 'Google account ID',
  'profile.lastSignIn': 'Last signed in',
  'profile.fetched': 'Fetched from Google',
  'profile.loading': 'Loading your profile…',
  'profile.notLoaded': 'Not loaded',
  'profile.cached': 'A copy fetched from Google {when}',
  'profile.saved': 'Saved on this computer',

  // Agenda.
  'agenda.subtitle': 'Your next {days} days in Google Calendar · times in {timeZone}',
  'agenda.benefit':
    "See what's coming up in the next 7 days, with a link to each event in Google Calendar.",
  'agenda.loading': 'Loading your agenda…',
  'agenda.emptyTitle': 'Nothing in the next {days} days',
  'agenda.empty': 'Your primary calendar has no events until next week.',
  'agenda.allDay': 'All day',
  'agenda.from': 'From {time}',
  'agenda.until': 'Until {time}',

  // Drive.
  'drive.subtitle': 'Files you changed most recently in Google Drive.',
  'drive.benefit':
    'See your 20 most recently changed files, search them by name and open them in Drive.',
  'drive.loading': 'Loading your Drive files…',
  'drive.searchLabel': 'Search Drive files by name',
  'drive.searchPlaceholder': 'Search by file name',
  'drive.search': 'Search',
  'drive.files': 'Files',
  'drive.recent': '{count, plural, one {# recent file} other {# most recent files}}',
  'drive.found':
    '{count, plural, =0 {No files} one {# file} other {# files}} with “{query}” in the name',
  'drive.noMatchTitle': 'No matching files',
  'drive.noMatch': 'No file name contains “{query}”. Try fewer letters.',
  'drive.emptyTitle': 'No files yet',
  'drive.empty': 'Files you create or change in Google Drive appear here.',
  'drive.meta': '{type} · Owned by {owner}',
  'drive.you': 'you',
  'file.document': 'Document',
  'file.spreadsheet': 'Spreadsheet',
  'file.presentation': 'Presentation',
  'file.folder': 'Folder',
  'file.form': 'Form',
  'file.drawing': 'Drawing',
  'file.shortcut': 'Shortcut',
  'file.site': 'Site',
  'file.pdf': 'PDF',
  'file.word': 'Word document',
  'file.excel': 'Excel spreadsheet',
  'file.powerpoint': 'PowerPoint presentation',
  'file.zip': 'ZIP archive',
  'file.csv': 'CSV',
  'file.text': 'Text',
  'file.image': 'Image',
  'file.video': 'Video',
  'file.audio': 'Audio',
  'file.file': 'File',

  // Tasks.
  'tasks.subtitle': 'Your open tasks from every list in Google Tasks.',
  'tasks.benefit':
    'See the tasks you still have to do, overdue ones first, with a link to each in Google Tasks.',
  'tasks.loading': 'Loading your tasks…',
  'tasks.emptyTitle': 'No open tasks',
  'tasks.empty': 'Everything in your task lists is done.',
  'tasks.overdue': 'Overdue',
  'tasks.today': 'Today',
  'tasks.upcoming': 'Upcoming',
  'tasks.undated': 'No due date',
  'tasks.subtask': 'Subtask',
  'tasks.daysOverdue': '{days, plural, one {# day overdue} other {# days overdue}}',
  'tasks.dueToday': 'Due today',
  'tasks.dueTomorrow': 'Due tomorrow',
  'tasks.dueOn': 'Due {date}',

  // Security.
  'security.title': 'Security',
  'security.subtitle': 'What Latchkey keeps, where, and what Google lets it do.',
  'security.loading': 'Loading security details…',
  'security.storageTitle': 'Where your sign-in is kept',
  'security.storageTemporary':
    'In a temporary keyring that <code>npm start</code> opened because no system keychain was running (entry “{service}”): it ends when Latchkey quits, and you sign in again next time. Install and unlock a keychain (GNOME Keyring, KWallet or KeePassXC) to stay signed in.',
  'security.storageKeychain':
    "In your operating system's keychain (entry “{service}”). Only the refresh token is stored there{bound, select, yes {, with the key that binds it to this computer} other {}}; access tokens stay in memory and never reach this window.",
  'security.storageMemory': 'In memory only, so you will sign in again after quitting Latchkey.',
  'security.issuer': 'Google sign-in server',
  'security.redirect': 'How your browser returns',
  'security.redirectLoopback':
    'A one-time local address (127.0.0.1), open while you sign in and briefly after',
  'security.redirectScheme': "Latchkey's own link type (custom URL scheme)",
  'security.pendingTitle': 'Revocations waiting',
  'security.pending':
    '{count, plural, =0 {None — every sign-out has reached Google.} one {# sign-out has not reached Google yet; Latchkey retries when it is back online.} other {# sign-outs have not reached Google yet; Latchkey retries when it is back online.}}',
  'security.accountLabel': 'Account {email}',
  'security.signOutLabel': 'Sign out {email}',
  'security.grants': 'Google lets Latchkey',
  'security.disconnectLabel': 'Disconnect {name}',
  'security.accessToken': 'Access token',
  'security.bound': 'Bound to this computer',
  'security.signInEnds': 'Sign-in ends',
  'security.lastSignIn': 'Last signed in',
  'security.boundYes':
    'Yes. The sign-in only works together with a key kept on this computer: a copy of the token without the key is useless elsewhere (the key is in the same keychain entry).',
  'security.boundRefused':
    'No. Google refused to bind sign-ins of this app to this computer’s key on {day}, so Latchkey signs in without it. Set LATCHKEY_DPOP=on to try again.',
  'security.boundOff':
    'No. Binding is turned off for this app (LATCHKEY_DPOP=off): a copy of this sign-in would work wherever it ended up.',
  'security.boundNo':
    'No. This sign-in would work wherever a copy of it ended up. Sign out and in again to bind it to this computer.',
  'security.endWhy':
    'Google set that end: access granted for a limited time, or an app in Testing mode with Calendar, Drive or Tasks connected.',
  'security.ended': 'This sign-in ended on {day}. {why} Sign in again to continue.',
  'security.ends': 'This sign-in ends on {day} ({when}). {why} Sign in again then.',
  'security.noToken': 'None held right now; Latchkey gets one when a feature needs it.',
  'security.tokenExpired': 'Expired at {time}; renewed on the next request.',
  'security.tokenExpires': 'Expires at {time} (in {left}); renewed automatically.',
  'security.minutes': '{minutes} min',
  'security.hours': '{hours} h {minutes} min',

  // Times (lib/time.ts).
  'time.justNow': 'just now',
} as const;

/** A key of the catalogs. */
export type MessageKey = keyof typeof en;
