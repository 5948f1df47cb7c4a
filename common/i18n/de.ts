/**
 * Deutsch. Jede Nachricht des englischen Katalogs (en.ts), mit denselben Platzhaltern. Die
 * Anrede ist „Sie“, wie in Googles eigener deutscher Oberfläche; Googles Produkte heißen, wie
 * Google sie auf Deutsch nennt: Google Kalender, Google Drive, Google Tasks.
 *
 * Wortwahl, überall gleich: sign in → anmelden (die Anmeldung), sign out → abmelden,
 * keychain/keyring → Schlüsselbund, consent screen → Zustimmungsseite, revoke → widerrufen,
 * connect → verbinden, disconnect → trennen, session → Sitzung.
 */
import type { Catalog } from './index.ts';

export const de = {
  // ── Der Anmeldekern ──────────────────────────────────────────────────────────────────────
  'auth.cancelled': 'Die Anmeldung wurde abgebrochen.',
  'auth.dpopKeyMissing':
    'Die Anmeldung von {email} war an den Schlüssel dieses Computers gebunden, der fehlt oder beschädigt ist. Melden Sie sich erneut an.',
  'auth.dpopRefused':
    'Google hat abgelehnt, diese Anmeldung an den Schlüssel dieses Computers zu binden (DPoP), daher hat Latchkey Sie nicht angemeldet. Melden Sie sich erneut an; Latchkey verzichtet für diese App dann auf die Bindung.',
  'auth.dpopAccessTokens':
    'Dieser Anmeldedienst bindet Zugriffstoken mit DPoP, was Latchkey nicht unterstützt, daher hat Latchkey Sie nicht angemeldet. Setzen Sie LATCHKEY_DPOP=off, um sich ohne DPoP anzumelden.',
  'auth.denied':
    'Sie haben den Zugriff auf der Zustimmungsseite von Google abgelehnt, daher hat Latchkey Sie nicht angemeldet.',
  'auth.scopeDenied':
    'Sie haben Latchkey zugelassen, aber nicht den Zugriff, den diese Funktion braucht – setzen Sie das Häkchen, wenn Google erneut fragt.',
  'auth.partialConnect':
    'Sie haben Latchkey zugelassen, aber nicht erlaubt, {what} – setzen Sie das Häkchen neben {product}, wenn Google erneut fragt.',
  'auth.partialSignIn':
    'Sie haben Latchkey zugelassen, aber nicht erlaubt, {missing, select, email {Ihre E-Mail-Adresse} profile {Ihren Namen und Ihr Profilbild} other {Ihre E-Mail-Adresse oder Ihren Namen und Ihr Profilbild}} zu sehen. Latchkey braucht das, um Ihre Konten auseinanderzuhalten – setzen Sie {missing, select, both {beide Häkchen} other {das Häkchen}}, wenn Google erneut fragt.',
  'auth.timedOut':
    'Die Anmeldung hat zu lange gedauert und wurde beendet. Versuchen Sie es erneut, wenn Sie bereit sind.',
  'auth.inProgress':
    'Eine Anmeldung wartet bereits auf Ihren Browser. Schließen Sie sie zuerst ab oder brechen Sie sie ab.',
  'auth.network':
    'Google ist nicht erreichbar. Prüfen Sie Ihre Verbindung und versuchen Sie es erneut.',
  'auth.failed': 'Die Anmeldung wurde nicht abgeschlossen. Versuchen Sie es erneut.',
  'auth.authRequired': 'Dieses Konto ist nicht angemeldet.',
  'auth.sessionExpired':
    'Ihre Sitzung für {email} ist beendet (Google akzeptiert sie nicht mehr – sie wurde vielleicht widerrufen, ist abgelaufen oder wurde ersetzt: Google behält pro Konto und App höchstens 100 Anmeldungen und beendet die älteste). Melden Sie sich erneut an, um fortzufahren.',
  'auth.adminPolicySignIn':
    'Der Google Workspace-Administrator Ihrer Organisation erlaubt Latchkey den angefragten Zugriff nicht, daher hat Google Sie nicht angemeldet. Bitten Sie Ihren Administrator, ihn zu erlauben.',
  'auth.adminPolicy':
    'Der Google Workspace-Administrator Ihrer Organisation erlaubt Latchkey den nötigen Zugriff nicht, daher wurde {email} auf diesem Computer abgemeldet. Bitten Sie Ihren Administrator, ihn zu erlauben.',
  'auth.sessionUnverified':
    'Die Antwort von Google beim Verlängern der Sitzung für {email} ließ sich nicht prüfen, daher hat Latchkey dieses Konto auf diesem Computer abgemeldet. Melden Sie sich erneut an, um fortzufahren.',
  'auth.entryLost':
    'Die gespeicherte Anmeldung für {email} ließ sich nicht aus dem Schlüsselbund lesen. Melden Sie sich erneut an, um fortzufahren.',
  'auth.demoEntryLost':
    'Ihre Demo-Anmeldung als {email} wurde nicht behalten: Der Schlüsselbund, mit dem Latchkey gestartet ist, hatte sie nicht (ein Schlüsselbund, der nur eine Sitzung lang besteht, vergisst sie, wenn Latchkey beendet wird). Melden Sie sich erneut an, um fortzufahren.',
  'auth.demoGoogleAfresh':
    'Ihre Demo-Anmeldung als {email} wurde nicht behalten: {why, select, moved {Das Demo-Google konnte seine alte Adresse nicht wieder belegen (ein anderes Programm nutzt diesen Port), } other {Das Demo-Google hatte keinen gespeicherten Eintrag dazu, }}daher hat es neu begonnen. Melden Sie sich erneut an, um fortzufahren.',
  'auth.keychainWaiting':
    'Warten auf Ihren Schlüsselbund: Ihr System fragt vielleicht, ob Latchkey seine gespeicherte Anmeldung verwenden darf, oder bittet Sie, den Schlüsselbund zu entsperren. Beantworten Sie diese Abfrage, um fortzufahren.',
  'auth.keychainUnavailable':
    'Der Schlüsselbund des Systems ist nicht verfügbar, daher wird Ihre Anmeldung nur im Arbeitsspeicher gehalten und endet, wenn Latchkey beendet wird. ({reason})',
  'auth.revocationNotKept':
    'Von {email} auf diesem Computer abgemeldet, aber Google war nicht erreichbar und Latchkey konnte den Widerruf nicht für einen späteren Versuch aufbewahren. Entfernen Sie Latchkey unter https://myaccount.google.com/permissions, um den Zugriff zu beenden.',
  'auth.revocationPending':
    'Von {email} auf diesem Computer abgemeldet. Google war nicht erreichbar, um den Zugriff von Latchkey zu widerrufen; Latchkey versucht es automatisch erneut.',
  'auth.revocationCompleted':
    'Google hat den ausstehenden Widerruf bestätigt. Latchkey hat keinen Zugriff mehr.',
  'auth.shuttingDown': 'Latchkey wird beendet.',
  'auth.serviceTrouble':
    'Der Anmeldedienst von Google hat nicht richtig geantwortet. Versuchen Sie es gleich noch einmal.',
  'auth.refreshRefused':
    'Google hat abgelehnt, die Sitzung zu verlängern (der OAuth-Client der App ist vielleicht falsch eingerichtet).',
  'auth.unverified':
    'Die Antwort von Google ließ sich nicht prüfen, daher hat Latchkey Sie nicht angemeldet.',
  'auth.differentAccount':
    'Sie haben im Browser ein anderes Google-Konto gewählt. Wählen Sie {email}, um fortzufahren.',
  'auth.differentAccountUnnamed':
    'Sie haben im Browser ein anderes Google-Konto gewählt. Wählen Sie dasselbe Konto, um fortzufahren.',
  'auth.notHinted':
    'Sie haben sich als {chosen} angemeldet, nicht als {hinted}, daher hat Latchkey Sie nicht angemeldet. Melden Sie sich erneut an und wählen Sie {hinted}, oder nutzen Sie „Konto hinzufügen“ für {chosen}.',
  'auth.noEmail':
    'Google hat die E-Mail-Adresse des Kontos nicht geteilt, daher hat Latchkey Sie nicht angemeldet.',
  'auth.noOfflineAccess':
    'Google hat keinen Offlinezugriff gewährt, daher kann Latchkey Sie nicht angemeldet halten. Versuchen Sie es erneut.',
  'auth.signedOutLocally': 'Von {email} auf diesem Computer abgemeldet.',
  'auth.signedOutRevoked':
    'Von {email} abgemeldet. Google hat bestätigt, dass der Zugriff von Latchkey widerrufen ist.',
  'auth.thisAccount': 'dieses Konto',
  'auth.unexpectedIssuer':
    'Die Antwort auf die Anmeldung kam von einem unerwarteten Aussteller und wurde abgelehnt.',
  'auth.authorizationError':
    'Google hat die Anmeldung nicht abgeschlossen. Versuchen Sie es erneut.',
  'auth.authorizationErrorNamed':
    'Google hat die Anmeldung nicht abgeschlossen ({error}). Versuchen Sie es erneut.',

  // ── Die APIs von Google ──────────────────────────────────────────────────────────────────
  'google.service.calendar': 'Ihren Kalender',
  'google.service.drive': 'Ihre Drive-Dateien',
  'google.service.tasks': 'Ihre Aufgaben',
  'google.service.profile': 'Ihr Google-Profil',
  'google.service.account': 'Ihr Google-Konto',
  'google.signInFirst': 'Melden Sie sich zuerst bei Google an.',
  'google.unauthorized':
    'Google hat diese Sitzung für {service} nicht akzeptiert. Versuchen Sie es erneut, oder melden Sie sich ab und wieder an.',
  'google.scope': 'Latchkey braucht Ihre Erlaubnis, um {service} zu lesen.',
  'google.rateLimited':
    'Google erhält zu viele Anfragen für {service}. Versuchen Sie es in einer Minute erneut.',
  'google.quota':
    'Das Nutzungslimit von Google für {service} ist erreicht. Versuchen Sie es später erneut.',
  'google.server':
    'Google konnte {service} gerade nicht laden (HTTP {status}). Versuchen Sie es erneut.',
  'google.network':
    'Google war nicht erreichbar, um {service} zu laden. Prüfen Sie Ihre Verbindung.',
  'google.invalidGrant':
    'Ihre Google-Sitzung ist beendet (widerrufen oder abgelaufen). Melden Sie sich erneut an.',
  'google.redirect':
    'Die Antwort von Google für {service} verwies woandershin; Latchkey ist ihr nicht gefolgt.',
  'google.tooLarge': 'Die Antwort von Google für {service} war zu groß zum Lesen.',
  'google.client': 'Google hat die Anfrage für {service} abgelehnt (HTTP {status}).',
  'google.clientReason':
    'Google hat die Anfrage für {service} abgelehnt (HTTP {status}, {reason}).',
  'google.unknown': 'Latchkey konnte {service} wegen eines internen Fehlers nicht laden.',
  'google.otherProfile': 'Google hat das Profil eines anderen Kontos geliefert.',
  'google.noTitle': '(Kein Titel)',
  'google.untitledList': '(Liste ohne Titel)',

  // ── Der Weg zu Google: ein Proxy oder ein Zertifikat im Weg ────────────────────────────
  'net.proxyCredentials':
    '{named, select, yes {Der Proxy {proxy}} other {Der Proxy Ihres Netzwerks}} hat die Proxy-Anmeldung von Latchkey nicht akzeptiert, daher war {host} nicht erreichbar. Prüfen Sie Benutzername und Passwort für den Proxy und versuchen Sie es erneut.',
  'net.proxyRefused':
    '{named, select, yes {Der Proxy {proxy}} other {Der Proxy Ihres Netzwerks}} hat die Verbindung zu {host} abgelehnt{status, select, none {} other { (HTTP {status})}}. Bitten Sie Ihren Netzwerkadministrator, sie zu erlauben.',
  'net.proxyUnreachable':
    '{named, select, yes {Der Proxy {proxy}} other {Der Proxy Ihres Netzwerks}} war nicht erreichbar. Prüfen Sie die Proxy-Einstellungen Ihres Systems.',
  'net.proxyScript':
    'Das Skript zur Proxy-Konfiguration Ihres Systems (PAC) ist fehlgeschlagen, daher hat Latchkey keinen Weg zu {host} gefunden. Prüfen Sie die automatischen Proxy-Einstellungen Ihres Systems.',
  'net.certificate':
    'Die Verbindung zu {host} wurde gestoppt: Ihr Zertifikat wurde von „{issuer}“ ausgestellt, dem dieser Computer nicht vertraut. Falls Ihr Unternehmen den Datenverkehr prüft, installieren Sie dessen Zertifikat im Zertifikatspeicher Ihres Systems.',
  'net.unknownIssuer': 'einem unbekannten Aussteller',
  'net.badProxy':
    '{variable} ist keine Proxy-URL (erwartet: http://host:port, mit user:password@, wenn der Proxy eine Anmeldung verlangt)',

  // ── Updates von Latchkey ─────────────────────────────────────────────────────────────────
  'updates.unsupported': 'Diese Kopie von Latchkey aktualisiert sich nicht selbst.',
  'updates.unsupported.development':
    'Diese Kopie von Latchkey aktualisiert sich nicht selbst: Sie ist ein Entwicklungslauf, keine installierte App.',
  'updates.unsupported.deb':
    'Diese Kopie von Latchkey aktualisiert sich nicht selbst: Sie wurde aus einem deb-Paket installiert. Aktualisieren Sie sie mit der Paketverwaltung, oder installieren Sie das neue deb-Paket von der Releases-Seite.',
  'updates.unsupported.otherPackage':
    'Diese Kopie von Latchkey aktualisiert sich nicht selbst: Sie wurde von der Paketverwaltung des Systems installiert, die sie auch aktualisiert.',
  'updates.unsupported.unpacked':
    'Diese Kopie von Latchkey aktualisiert sich nicht selbst: Unter Linux aktualisiert sich nur das AppImage selbst. Laden Sie die neue Version von der Releases-Seite herunter.',
  'updates.unsupported.platform':
    'Diese Kopie von Latchkey aktualisiert sich auf diesem System nicht selbst.',
  'updates.unsupported.preview':
    'Die Browser-Vorschau ist ein Entwicklungswerkzeug: Sie aktualisiert sich nicht selbst.',
  'updates.unsupported.smoke': 'Dies ist eine Startprüfung (--smoke).',
  'updates.failure.network':
    'Latchkey hat den Update-Server nicht erreicht (ist der Computer offline?); es versucht es später erneut.',
  'updates.failure.refused':
    'Ein heruntergeladenes Update wurde abgelehnt, weil es nicht zu seiner veröffentlichten Prüfsumme oder Signatur passte; es wurde nichts installiert.',
  'updates.failure.feed':
    'Der Update-Server hat keine brauchbaren Update-Informationen für diese Kopie von Latchkey; es versucht es später erneut.',
  'updates.failure.other':
    'Die Suche nach Updates ist fehlgeschlagen; die Einzelheiten stehen im Protokoll.',

  // ── Die Brücke ───────────────────────────────────────────────────────────────────────────
  'bridge.internal': 'In Latchkey ist etwas schiefgegangen. Versuchen Sie es erneut.',
  'bridge.unknownMethod': 'Unbekannte Methode.',
  'bridge.badArguments': 'Die Argumente von {method} passen nicht zum Vertrag.',
  'bridge.forbidden': 'Dieser Aufrufer darf Latchkey nicht verwenden.',
  'bridge.previewStopped':
    'Die Latchkey-Vorschau wurde beendet. Starten Sie sie erneut und öffnen Sie die Adresse, die sie ausgibt.',
  'bridge.previewNotConnected':
    'Diese Seite ist nicht mit der Latchkey-Vorschau verbunden: Öffnen Sie die Adresse, die die Vorschau ausgegeben hat (sie enthält den Schlüssel dieses Starts).',
  'bridge.unsendable': 'Die Argumente lassen sich nicht an Latchkey senden.',

  // ── Fehler in der Konfiguration ──────────────────────────────────────────────────────────
  'config.unreadable': 'die Konfigurationsdatei {path} lässt sich nicht lesen ({errno})',
  'config.notJson': 'die Konfigurationsdatei {path} ist kein gültiges JSON',
  'config.badShape':
    'die Konfigurationsdatei {path} muss {ours} sein oder das von Google heruntergeladene JSON eines Desktop-Clients ({google})',
  'config.idRequired': 'wird gebraucht, wenn {secret} oder {type} gesetzt ist',
  'config.badId':
    "ist keine Google-OAuth-Client-ID (erwartet: '<'Ziffern>-'<'Buchstaben und Ziffern>.apps.googleusercontent.com)",
  'config.badIdShort': 'ist keine Google-OAuth-Client-ID',
  'config.badType': 'muss „desktop“ oder „ios“ sein',
  'config.iosSecret':
    'darf für einen Client vom Typ iOS nicht gesetzt sein (er hat kein Secret und nutzt die Weiterleitung über ein eigenes URL-Schema)',
  'config.secretRequired': 'wird für einen Client vom Typ „Desktop-App“ gebraucht',
  'config.badSecret':
    'sieht nicht wie ein Google-Client-Secret aus (erwartet: GOCSPX-…, wie in der Google Cloud Console angezeigt)',
  'config.badDpop': 'muss „on“ oder „off“ sein',
  'config.noEmulator':
    'es ist kein Google-Client eingerichtet und für den Demomodus wurde kein lokaler Emulator gestartet',
  'config.noClient':
    'es ist kein Google-Client eingerichtet und dieser Build hat kein lokales Test-Google für den Demomodus. Setzen Sie LATCHKEY_GOOGLE_CLIENT_ID (und LATCHKEY_GOOGLE_CLIENT_SECRET für einen Client vom Typ „Desktop-App“) oder LATCHKEY_CONFIG auf eine Client-JSON-Datei (siehe README, „Google Cloud set-up“)',

  // ── Dialoge der Electron-Hülle ───────────────────────────────────────────────────────────
  'app.cannotStart': 'Latchkey kann nicht starten',
  'app.noSandbox':
    'Latchkey wurde mit abgeschalteter Chromium-Sandbox (--no-sandbox) gestartet, was es ablehnt. Unter Linux passiert das mit dem AppImage auf Systemen, die User-Namespaces einschränken: Installieren Sie stattdessen das deb-Paket, das die Sandbox einrichtet.',
  'app.unexpected':
    'Ein unerwarteter Fehler hat Latchkey beendet. Die Einzelheiten stehen im Protokoll.',
  'app.windowFailed':
    'Latchkey konnte sein Fenster nicht laden. Installieren Sie Latchkey neu (oder führen Sie in einem Checkout `npm run build` aus); die Einzelheiten stehen im Protokoll.',

  // ── Die Seiten im Browser am Ende einer Anmeldung ────────────────────────────────────────
  'page.title': '{title} – Latchkey',
  'page.closeTab': 'Sie können diesen Tab schließen.',
  'page.returnTitle': 'Sie können zu Latchkey zurückkehren',
  'page.signedInAs': 'Sie sind als <strong>{email}</strong> angemeldet.',
  'page.connectedFor': '{product} ist für <strong>{email}</strong> verbunden.',
  'page.howItWent': 'Latchkey zeigt, wie es ausgegangen ist.',
  'page.partialTitle': 'Nicht alles wurde erlaubt',
  'page.partialConnect':
    'Sie haben Latchkey zugelassen, aber das Häkchen für {product} nicht gesetzt, daher ist es nicht verbunden. Latchkey kann erneut fragen.',
  'page.partialSignIn':
    'Sie haben Latchkey zugelassen, aber nicht alles, was es zum Anmelden braucht. Latchkey sagt, was fehlt, und kann erneut fragen.',
  'page.deniedTitle': 'Sie haben sich gegen die Anmeldung entschieden',
  'page.deniedConnectTitle': '{product} wurde nicht verbunden',
  'page.denied': 'Sie haben „Ablehnen“ gewählt, daher wurde nichts Neues mit Latchkey geteilt.',
  'page.failed': 'Die Anmeldung wurde nicht abgeschlossen. Latchkey zeigt, was passiert ist.',
  'page.failedConnect':
    'Das Verbinden von {product} wurde nicht abgeschlossen. Latchkey zeigt, was passiert ist.',
  'page.rejectedTitle': 'Zurück zu Latchkey',
  'page.rejected':
    'Diese Antwort auf eine Anmeldung wurde nicht angenommen. Beginnen Sie in Latchkey von vorn.',
  'page.cancelledTitle': 'Diese Anmeldung wurde abgebrochen',
  'page.cancelledConnectTitle': 'Das Verbinden von {product} wurde abgebrochen',
  'page.cancelled':
    'Es wurde in Latchkey abgebrochen, daher wurde nichts geteilt. Beginnen Sie in Latchkey von vorn, wenn Sie bereit sind.',
  'page.timedOutTitle': 'Diese Anmeldung ist abgelaufen',
  'page.timedOutConnectTitle': 'Das Verbinden von {product} ist abgelaufen',
  'page.timedOut':
    'Latchkey hat aufgehört, darauf zu warten, daher wurde nichts geteilt. Beginnen Sie in Latchkey von vorn, wenn Sie bereit sind.',
  'page.finishedTitle': 'Diese Anmeldung ist schon beendet',
  'page.finishedConnectTitle': 'Das Verbinden von {product} ist schon beendet',
  'page.finished':
    'Latchkey zeigt, wie es ausgegangen ist. Beginnen Sie bei Bedarf in Latchkey von vorn.',
  'page.notFoundTitle': 'Nicht gefunden',
  'page.notFound': 'Hier gibt es nichts.',

  // ── Die Startdateien der Vorschau, im Browser geöffnet ───────────────────────────────────
  'launcher.opening':
    '{title} wird geöffnet … Falls nichts passiert, <link>folgen Sie diesem Link</link>.',
  'launcher.previewTitle': 'Latchkey-Vorschau',
  'launcher.signInTitle': 'Google-Anmeldung',
  'launcher.connectTitle': '{product} verbinden',

  // ── Zeilen im Terminal ───────────────────────────────────────────────────────────────────
  'terminal.usage': 'Aufruf: {usage}   (npm run preview -- … startet direkt die Browser-Vorschau)',
  'terminal.badPort': '--port muss eine ganze Zahl von 0 bis 65535 sein ({usage})',
  'terminal.previewStarted': 'Latchkey-Browser-Vorschau ({mode}), Daten in {dataDir}',
  'terminal.modeDemo': 'Demomodus, lokaler Google-Emulator unter {issuer}',
  'terminal.modeClient': 'Ihr Google-Client',
  'terminal.ready': 'Bereit: Latchkey-Vorschau unter {origin} (Strg+C beendet sie).',
  'terminal.open': 'Öffnen: {path}',
  'terminal.openWhy':
    '  (eine Datei, die nur Sie lesen können; sie führt Ihren Browser mit dem Geheimnis dieses Starts zu {origin})',
  'terminal.signIn':
    'Anmeldung: Die Seite von Google liegt in {path} (falls sich kein Browser geöffnet hat, öffnen Sie diese Datei oder nutzen Sie „Link kopieren“ im Fenster)',
  'terminal.connect':
    'Verbinden von {product}: Die Seite von Google liegt in {path} (falls sich kein Browser geöffnet hat, öffnen Sie diese Datei oder nutzen Sie „Link kopieren“ im Fenster)',
  'terminal.launcherFailed': 'Die Startdatei für die Anmeldung ließ sich nicht schreiben: {error}',
  'terminal.portInUse':
    'Port {port} auf 127.0.0.1 ist schon belegt (von einem anderen Programm oder einem anderen Latchkey): Wählen Sie mit --port einen anderen, oder lassen Sie --port weg, um einen freien zu nehmen.',
  'terminal.portPrivileged':
    'Port {port} braucht Rechte, die dieser Benutzer nicht hat: Wählen Sie einen über 1023.',
  'terminal.previewFailed': 'Die Latchkey-Vorschau konnte nicht starten: {error}',
  'terminal.alreadyRunning':
    'Die Latchkey-Vorschau läuft schon für {dataDir} (Prozess {pid}): {launcher, select, none {Nutzen Sie ihr Fenster} other {Öffnen Sie sie mit {launcher}}}, oder beenden Sie sie zuerst (Strg+C in ihrem Terminal); eine zweite braucht ihr eigenes LATCHKEY_DATA_DIR.',
  'terminal.npmKept':
    'npm hat {options} für sich behalten (Optionen vor `--` gehören npm): Führen Sie stattdessen `{command}` aus.',
  'terminal.noDbus': 'es läuft keine D-Bus-Sitzung',
  'terminal.noSecretService':
    'auf dem Sitzungsbus ist kein Secret Service (org.freedesktop.secrets)',
  'terminal.temporaryKeyring':
    'npm start: {reason}, daher startet Latchkey einen temporären Schlüsselbund nur für diese Sitzung (Anmeldungen darin enden, wenn Latchkey beendet wird; eine Desktop-Sitzung mit ihrem Schlüsselbund behält sie).',
  'terminal.electronNotInstalled':
    'das Paket electron ist nicht installiert (führen Sie npm install aus)',
  'terminal.electronOverrideMissing':
    'ELECTRON_OVERRIDE_DIST_PATH enthält kein Electron unter {path}',
  'terminal.electronNotDownloaded': 'die Laufzeit von Electron ist noch nicht heruntergeladen',
  'terminal.electronIncomplete': 'die Laufzeit von Electron ist unvollständig ({path} fehlt)',
  'terminal.electronDownloading':
    '{missing}: Sie wird jetzt heruntergeladen (etwa 100 MB, einmalig; der Fortschrittsbalken erscheint, wenn es länger dauert). Strg+C bricht den Download ab und startet stattdessen die Browser-Vorschau.',
  'terminal.electronDownloadFailed':
    'der Download von Electron wurde nicht abgeschlossen (Exit-Code {exitCode}; siehe oben)',
  'terminal.electronRecentlyFailed':
    'ihr Download ist vor weniger als einem Tag fehlgeschlagen, daher wird er bis dahin nicht erneut versucht; `npm start -- {retry}` versucht es sofort',
  'terminal.electronOffline':
    'der Download-Server ist nicht erreichbar, daher wurde sie nicht heruntergeladen; der nächste Versuch folgt in einem Tag, oder sofort mit `npm start -- {retry}`',
  'terminal.electronInstalled': 'Die Laufzeit von Electron ist installiert.',
  'terminal.electronMissing':
    'npm start: Die Laufzeit von Electron ist nicht verfügbar ({missing}): Stattdessen startet die Browser-Vorschau.',
  'terminal.npmStart': 'npm start: {message}',

  // ── Das Fenster ──────────────────────────────────────────────────────────────────────────
  'common.cancel': 'Abbrechen',
  'common.dismiss': 'Schließen',
  'common.back': 'Zurück',
  'common.refresh': 'Aktualisieren',
  'common.retry': 'Wiederholen',
  'common.tryAgain': 'Erneut versuchen',
  'common.signOut': 'Abmelden',
  'common.signInAgain': 'Erneut anmelden',
  'common.disconnect': 'Trennen',
  'common.details': 'Details',
  'common.demoMode': 'Demomodus',
  'common.demoModeLong': 'Demomodus: ein lokales Test-Google, nicht Ihr Konto',
  'common.signInWithGoogle': 'Über Google anmelden',
  'common.notification': 'Mitteilung',
  'common.notifications': 'Mitteilungen',

  'feature.calendar.product': 'Google Kalender',
  'feature.calendar.label': 'Termine',
  'feature.calendar.scope': 'Ihre Termine in Google Kalender ansehen',
  'feature.calendar.consent': 'Ihre Termine in Google Kalender anzusehen',
  'feature.drive.product': 'Google Drive',
  'feature.drive.label': 'Drive',
  'feature.drive.scope': 'Namen und Details Ihrer Dateien in Google Drive ansehen',
  'feature.drive.consent': 'Namen und Details Ihrer Dateien in Google Drive anzusehen',
  'feature.tasks.product': 'Google Tasks',
  'feature.tasks.label': 'Aufgaben',
  'feature.tasks.scope': 'Ihre Aufgaben in Google Tasks ansehen',
  'feature.tasks.consent': 'Ihre Aufgaben in Google Tasks anzusehen',
  'scope.openid': 'Bestätigen, wer Sie sind',
  'scope.email': 'Ihre E-Mail-Adresse ansehen',
  'scope.profile': 'Ihren Namen und Ihr Profilbild ansehen',

  'window.signedInAs': 'Angemeldet als {name}.',
  'window.continueInBrowser': 'Weiter im Browser.',
  'window.signedOut': 'Abgemeldet.',
  'window.cannotStart': 'Latchkey kann nicht starten',
  'window.opening': 'Latchkey wird geöffnet …',
  'window.stoppedTitle': 'Die Latchkey-Vorschau wurde beendet',
  'window.stopped':
    'Dieser Tab erreicht Latchkey nicht mehr. Führen Sie <code>npm start</code> erneut aus und öffnen Sie die Adresse, die es ausgibt.',
  'window.noBridge': 'Latchkey: window.api fehlt; öffnen Sie die App, nicht die Seite.',
  'window.title': '{view} · Latchkey',

  'nav.views': 'Ansichten',
  'nav.profile': 'Profil',
  'nav.security': 'Sicherheit',
  'menu.button': 'Kontomenü:',
  'menu.account': 'Konto',
  'menu.switch': 'Konto wechseln',
  'menu.switchTo': 'Wechseln zu',
  'menu.add': 'Weiteres Konto hinzufügen',
  'menu.signOut': '{email} abmelden',

  'signedOut.title': 'Ihr Google-Konto auf Ihrem Desktop',
  'signedOut.ledeKeychain':
    'Latchkey meldet Sie in Ihrem eigenen Browser bei Google an und bewahrt den Schlüssel im Schlüsselbund Ihres Computers auf.',
  'signedOut.ledeTemporary':
    'Latchkey meldet Sie in Ihrem eigenen Browser bei Google an und bewahrt den Schlüssel, solange es läuft, in einem temporären Schlüsselbund auf.',
  'signedOut.ledeMemory':
    'Latchkey meldet Sie in Ihrem eigenen Browser bei Google an und hält den Schlüssel, solange es läuft, im Arbeitsspeicher.',
  'signedOut.browser':
    'Die Seite von Google selbst, in Ihrem Browser: Latchkey sieht Ihr Passwort nie.',
  'signedOut.keptKeychain': 'Im Schlüsselbund aufbewahrt, nie in einer einfachen Datei.',
  'signedOut.keptTemporary':
    'In einem temporären Schlüsselbund aufbewahrt, der endet, wenn Latchkey beendet wird (es läuft kein Schlüsselbund des Systems), nie in einer einfachen Datei.',
  'signedOut.keptMemory':
    'Nur im Arbeitsspeicher, nie in einer Datei: Nach dem Beenden von Latchkey melden Sie sich erneut an.',
  'signedOut.revokes': 'Beim Abmelden wird der Zugriff bei Google widerrufen.',

  'flow.title': 'Weiter im Browser',
  'flow.connect':
    'Wir haben Google in Ihrem Browser geöffnet, um zu fragen, ob Latchkey {name} verwenden darf. Erlauben Sie es dort; dieses Fenster aktualisiert sich von selbst.',
  'flow.thisFeature': 'diese Funktion',
  'flow.addAccount':
    'Wir haben die Anmeldeseite von Google in Ihrem Browser geöffnet: Melden Sie sich dort mit dem anderen Google-Konto an. Dieses Fenster aktualisiert sich von selbst.',
  'flow.signIn':
    'Wir haben die Anmeldeseite von Google in Ihrem Browser geöffnet. Schließen Sie die Anmeldung dort ab; dieses Fenster aktualisiert sich von selbst.',
  'flow.expires':
    'Tab geschlossen oder kein Browser erschienen? Öffnen Sie die Seite erneut. Dieser Anmeldelink gilt bis {time}.',
  'flow.openAgain': 'Erneut öffnen',
  'flow.copyLink': 'Link kopieren',
  'flow.copied': 'Link kopiert',
  'flow.reopened': 'Im Browser erneut geöffnet',
  'flow.manual': 'Kopieren Sie diesen Link und öffnen Sie ihn in Ihrem Browser:',

  'outcome.deniedTitle': 'Sie haben den Zugriff nicht erlaubt',
  'outcome.deniedToast':
    'Nicht angemeldet: Sie haben auf der Seite von Google „Ablehnen“ gewählt, daher wurde nichts geteilt.',
  'outcome.deniedConnectToast':
    '{name} wurde nicht verbunden: Sie haben auf der Seite von Google „Ablehnen“ gewählt.',
  'outcome.partialTitle': 'Nicht alles wurde erlaubt',
  'outcome.deniedConnectTitle': '{name} wurde nicht verbunden',
  'outcome.denied':
    'Google meldet, dass Sie „Ablehnen“ gewählt haben, daher wurde nichts mit Latchkey geteilt.',
  'outcome.timedOutTitle': 'Zeit für die Anmeldung abgelaufen',
  'outcome.timedOutConnectTitle': 'Zeit für das Verbinden von {name} abgelaufen',
  'outcome.timedOut':
    'Ihr Browser ist nicht rechtzeitig zu Latchkey zurückgekehrt. Beginnen Sie von vorn und schließen Sie die Anmeldung innerhalb weniger Minuten im Browser ab.',
  'outcome.cancelledTitle': 'Anmeldung abgebrochen',
  'outcome.cancelledToast': 'Anmeldung abgebrochen. Es wurde nichts mit Latchkey geteilt.',
  'outcome.cancelledConnectToast': 'Verbinden von {name} abgebrochen. Es wurde nichts geteilt.',
  'outcome.cancelledConnectTitle': 'Verbinden von {name} abgebrochen',
  'outcome.cancelled':
    'Sie haben abgebrochen, bevor Google fertig war. Es wurde nichts mit Latchkey geteilt.',
  'outcome.askAgain': 'Google erneut fragen',
  'outcome.busyTitle': 'Eine andere Anmeldung ist noch offen',
  'outcome.busy':
    'Schließen Sie die Anmeldung ab, die in Ihrem Browser wartet, oder brechen Sie sie ab, und versuchen Sie es dann erneut.',
  'outcome.failedTitle': 'Anmeldung hat nicht geklappt',
  'outcome.failedConnectTitle': '{name} konnte nicht verbunden werden',
  'outcome.failed': 'Bei der Verbindung mit Google ist etwas schiefgegangen.',

  'errors.noSentence': 'Latchkey ist auf ein unerwartetes Problem gestoßen.',
  'errors.network': 'Google nicht erreichbar',
  'errors.sessionEnded': 'Ihre Sitzung ist beendet',
  'errors.connect': '{name} verbinden',
  'errors.busy': 'Google ist ausgelastet',
  'errors.keychain': 'Schlüsselbund lässt sich nicht öffnen',
  'errors.other': 'Etwas ist schiefgegangen',

  'notice.memoryOnly':
    'Ihre Anmeldung wird nur im Arbeitsspeicher gehalten; nach dem Beenden von Latchkey melden Sie sich erneut an.',
  'toast.signedIn': 'Angemeldet als {name} ({email}).',
  'toast.signedInAgain': '{email} war bereits angemeldet: Das Konto ist erneut angemeldet.',
  'toast.signedInSwitched':
    '{email} war bereits angemeldet: erneut angemeldet und zu diesem Konto gewechselt.',
  'toast.disconnected': '{name} getrennt.',
  'toast.disconnectedFrom': '{name} von {email} getrennt.',

  'keychain.noService':
    'Es läuft kein Schlüsselbund-Dienst – installieren Sie gnome-keyring (oder einen anderen Secret Service) und starten Sie Latchkey neu.',
  'keychain.noDefault':
    'Ihr Schlüsselbund hat keinen Standard-Schlüsselbund zum Speichern – legen Sie einen an (den Schlüsselbund „Anmeldung“ in „Passwörter und Verschlüsselung“) und starten Sie Latchkey neu.',
  'keychain.locked':
    'Ihr Schlüsselbund ist gesperrt – entsperren Sie ihn und starten Sie Latchkey neu.',
  'keychain.refused':
    'Ihr Schlüsselbund hat Latchkey abgewiesen – erlauben Sie Latchkey in den Einstellungen des Schlüsselbunds und starten Sie es neu.',
  'keychain.other':
    'Latchkey konnte Ihren Schlüsselbund nicht verwenden – starten Sie Latchkey neu, um es erneut zu versuchen.',

  'dialog.signOutTitle': 'Von {who} abmelden?',
  'dialog.signOut':
    'Latchkey vergisst <strong>{email}</strong> auf diesem Computer und bittet Google, den Zugriff zu widerrufen. Sie können sich jederzeit wieder anmelden.',
  'dialog.disconnectTitle': '{name} trennen?',
  'dialog.disconnect': 'Latchkey verwendet {name} für <strong>{email}</strong> nicht mehr.',
  'dialog.disconnectKeeps':
    'Google behält die Berechtigung, bis Sie sich abmelden. Um sie früher zu entfernen, öffnen Sie die <link>Berechtigungen Ihres Google-Kontos</link>.',

  'connect.title': '{name} verbinden',
  'connect.fine':
    'Google bittet Sie in Ihrem Browser um Lesezugriff. Unter „Sicherheit“ können Sie die Verbindung jederzeit trennen.',
  'row.open': 'In {service} öffnen',
  'row.openItem': 'In {service} öffnen: {title}',
  'row.noTitle': '(Kein Titel)',

  'update.label': 'Update',
  'update.ready':
    '<strong>Latchkey {version} ist bereit.</strong> Starten Sie neu, um zu aktualisieren; es geht nichts verloren.',
  'update.whatsNew': 'Neuerungen',
  'update.restart': 'Neu starten und aktualisieren',
  'about.title': 'Über Latchkey',
  'about.version': 'Version',
  'about.unknownVersion': 'unbekannt',
  'about.updates': 'Updates',
  'about.lastChecked': 'Zuletzt geprüft',
  'about.never': 'Nie',
  'about.automatic': 'Automatisch nach Updates suchen',
  'about.checkNow': 'Jetzt prüfen',
  'about.checking': 'Suche nach einer neueren Version …',
  'about.downloading': 'Latchkey {version} wird heruntergeladen ({progress} %) …',
  'about.ready': 'Latchkey {version} ist heruntergeladen: Starten Sie neu, um zu aktualisieren.',
  'about.error': 'Die letzte Prüfung hat nicht geklappt. Latchkey versucht es später erneut.',
  'about.upToDate': 'Auf dem neuesten Stand.',
  'about.notChecked': 'Noch nicht geprüft.',

  'language.title': 'Sprache',
  'language.label': 'Sprache von Latchkey',
  'language.system': 'Wie das System ({language})',
  'language.note':
    'Latchkey folgt der Sprache Ihres Systems, außer Sie wählen hier eine. Datum und Uhrzeit folgen ebenfalls der Sprache.',

  'proxy.title': 'Beim Proxy Ihres Netzwerks anmelden',
  'proxy.asks':
    'Der Proxy <strong>{proxy}</strong> verlangt einen Benutzernamen und ein Passwort, bevor Latchkey <strong>{host}</strong> erreichen kann.',
  'proxy.says': 'Der Proxy sagt: „{realm}“',
  'proxy.refused':
    'Der Proxy hat diesen Benutzernamen und dieses Passwort nicht akzeptiert. Prüfen Sie beides und versuchen Sie es erneut.',
  'proxy.user': 'Benutzername',
  'proxy.password': 'Passwort',
  'proxy.enterUser': 'Geben Sie den Benutzernamen für den Proxy ein.',
  'proxy.enterPassword': 'Geben Sie das Passwort für den Proxy ein.',
  'proxy.remember': 'Auf diesem Computer speichern',
  'proxy.rememberNote':
    'Im Schlüsselbund Ihres Systems aufbewahrt und ohne Nachfrage wieder verwendet; auf der Seite „Sicherheit“ können Sie es vergessen lassen.',
  'proxy.noKeychainNote':
    'Ihr Schlüsselbund ist nicht verfügbar, daher verwendet Latchkey die Anmeldung nur, bis es beendet wird.',
  'proxy.signIn': 'Anmelden',
  'proxy.savedTitle': 'Proxy-Anmeldungen',
  'proxy.savedNote':
    'Im Schlüsselbund Ihres Systems aufbewahrt, für die Proxys zwischen Latchkey und Google, und nur an diese gesendet. Vergessen Sie eine, fragt Latchkey erneut, wenn dieser Proxy das nächste Mal fragt.',
  'proxy.userRealm': '{username} · „{realm}“',
  'proxy.forget': 'Vergessen',
  'proxy.forgetLabel': 'Anmeldung für {proxy} vergessen',
  'proxy.forgetRealmLabel': 'Anmeldung für {proxy} ({realm}) vergessen',
  'proxy.forgot':
    'Die Anmeldung für den Proxy {proxy} wurde vergessen. Latchkey fragt erneut, wenn er das nächste Mal fragt.',

  'profile.title': 'Profil',
  'profile.subtitle': 'Ihr Google-Konto, wie Google es mit Latchkey teilt.',
  'profile.verified': 'Bestätigt',
  'profile.firstName': 'Vorname',
  'profile.lastName': 'Nachname',
  'profile.accountId': 'Google-Konto-ID',
  'profile.lastSignIn': 'Zuletzt angemeldet',
  'profile.fetched': 'Von Google abgerufen',
  'profile.loading': 'Ihr Profil wird geladen …',
  'profile.notLoaded': 'Nicht geladen',
  'profile.cached': 'Eine Kopie, {when} von Google abgerufen',
  'profile.saved': 'Auf diesem Computer gespeichert',

  'agenda.subtitle': 'Ihre nächsten {days} Tage in Google Kalender · Uhrzeiten in {timeZone}',
  'agenda.benefit':
    'Sehen Sie, was in den nächsten 7 Tagen ansteht, mit einem Link zu jedem Termin in Google Kalender.',
  'agenda.loading': 'Ihre Termine werden geladen …',
  'agenda.emptyTitle': 'Nichts in den nächsten {days} Tagen',
  'agenda.empty': 'Ihr Hauptkalender hat bis nächste Woche keine Termine.',
  'agenda.allDay': 'Ganztägig',
  'agenda.from': 'Ab {time}',
  'agenda.until': 'Bis {time}',

  'drive.subtitle': 'Die Dateien, die Sie zuletzt in Google Drive geändert haben.',
  'drive.benefit':
    'Sehen Sie Ihre 20 zuletzt geänderten Dateien, suchen Sie sie nach Namen und öffnen Sie sie in Drive.',
  'drive.loading': 'Ihre Drive-Dateien werden geladen …',
  'drive.searchLabel': 'Drive-Dateien nach Namen suchen',
  'drive.searchPlaceholder': 'Nach Dateinamen suchen',
  'drive.search': 'Suchen',
  'drive.files': 'Dateien',
  'drive.recent':
    '{count, plural, one {# zuletzt geänderte Datei} other {# zuletzt geänderte Dateien}}',
  'drive.found':
    '{count, plural, =0 {Keine Dateien} one {# Datei} other {# Dateien}} mit „{query}“ im Namen',
  'drive.noMatchTitle': 'Keine passenden Dateien',
  'drive.noMatch': 'Kein Dateiname enthält „{query}“. Versuchen Sie es mit weniger Buchstaben.',
  'drive.emptyTitle': 'Noch keine Dateien',
  'drive.empty': 'Dateien, die Sie in Google Drive erstellen oder ändern, erscheinen hier.',
  'drive.meta': '{type} · Eigentümer: {owner}',
  'drive.you': 'Sie',
  'file.document': 'Dokument',
  'file.spreadsheet': 'Tabelle',
  'file.presentation': 'Präsentation',
  'file.folder': 'Ordner',
  'file.form': 'Formular',
  'file.drawing': 'Zeichnung',
  'file.shortcut': 'Verknüpfung',
  'file.site': 'Website',
  'file.pdf': 'PDF',
  'file.word': 'Word-Dokument',
  'file.excel': 'Excel-Tabelle',
  'file.powerpoint': 'PowerPoint-Präsentation',
  'file.zip': 'ZIP-Archiv',
  'file.csv': 'CSV',
  'file.text': 'Text',
  'file.image': 'Bild',
  'file.video': 'Video',
  'file.audio': 'Audio',
  'file.file': 'Datei',

  'tasks.subtitle': 'Ihre offenen Aufgaben aus allen Listen in Google Tasks.',
  'tasks.benefit':
    'Sehen Sie, was noch zu tun ist, Überfälliges zuerst, mit einem Link zu jeder Aufgabe in Google Tasks.',
  'tasks.loading': 'Ihre Aufgaben werden geladen …',
  'tasks.emptyTitle': 'Keine offenen Aufgaben',
  'tasks.empty': 'Alles in Ihren Aufgabenlisten ist erledigt.',
  'tasks.overdue': 'Überfällig',
  'tasks.today': 'Heute',
  'tasks.upcoming': 'Demnächst',
  'tasks.undated': 'Ohne Fälligkeitsdatum',
  'tasks.subtask': 'Unteraufgabe',
  'tasks.daysOverdue': '{days, plural, one {# Tag überfällig} other {# Tage überfällig}}',
  'tasks.dueToday': 'Heute fällig',
  'tasks.dueTomorrow': 'Morgen fällig',
  'tasks.dueOn': 'Fällig am {date}',

  'security.title': 'Sicherheit',
  'security.subtitle': 'Was Latchkey aufbewahrt, wo, und was Google ihm erlaubt.',
  'security.loading': 'Sicherheitsdetails werden geladen …',
  'security.storageTitle': 'Wo Ihre Anmeldung aufbewahrt wird',
  'security.storageTemporary':
    'In einem temporären Schlüsselbund, den <code>npm start</code> geöffnet hat, weil kein Schlüsselbund des Systems lief (Eintrag „{service}“): Er endet, wenn Latchkey beendet wird, und Sie melden sich beim nächsten Mal erneut an. Installieren und entsperren Sie einen Schlüsselbund (GNOME Keyring, KWallet oder KeePassXC), um angemeldet zu bleiben.',
  'security.storageKeychain':
    'Im Schlüsselbund Ihres Betriebssystems (Eintrag „{service}“). Dort liegt nur das Aktualisierungstoken{bound, select, yes {, mit dem Schlüssel, der es an diesen Computer bindet} other {}}; Zugriffstoken bleiben im Arbeitsspeicher und erreichen dieses Fenster nie.',
  'security.storageMemory':
    'Nur im Arbeitsspeicher; nach dem Beenden von Latchkey melden Sie sich erneut an.',
  'security.issuer': 'Anmeldeserver von Google',
  'security.redirect': 'Wie Ihr Browser zurückkehrt',
  'security.redirectLoopback':
    'Eine einmalige lokale Adresse (127.0.0.1), offen während der Anmeldung und kurz danach',
  'security.redirectScheme': 'Latchkeys eigener Linktyp (eigenes URL-Schema)',
  'security.pendingTitle': 'Ausstehende Widerrufe',
  'security.pending':
    '{count, plural, =0 {Keine – jede Abmeldung hat Google erreicht.} one {# Abmeldung hat Google noch nicht erreicht; Latchkey versucht es erneut, sobald es wieder online ist.} other {# Abmeldungen haben Google noch nicht erreicht; Latchkey versucht es erneut, sobald es wieder online ist.}}',
  'security.accountLabel': 'Konto {email}',
  'security.signOutLabel': '{email} abmelden',
  'security.grants': 'Google erlaubt Latchkey',
  'security.disconnectLabel': '{name} trennen',
  'security.accessToken': 'Zugriffstoken',
  'security.bound': 'An diesen Computer gebunden',
  'security.signInEnds': 'Anmeldung endet',
  'security.lastSignIn': 'Zuletzt angemeldet',
  'security.boundYes':
    'Ja. Die Anmeldung funktioniert nur zusammen mit einem Schlüssel auf diesem Computer: Eine Kopie des Tokens ohne den Schlüssel ist anderswo nutzlos (der Schlüssel liegt im selben Eintrag des Schlüsselbunds).',
  'security.boundRefused':
    'Nein. Google hat am {day} abgelehnt, Anmeldungen dieser App an den Schlüssel dieses Computers zu binden, daher meldet Latchkey ohne ihn an. Setzen Sie LATCHKEY_DPOP=on, um es erneut zu versuchen.',
  'security.boundOff':
    'Nein. Die Bindung ist für diese App abgeschaltet (LATCHKEY_DPOP=off): Eine Kopie dieser Anmeldung würde überall funktionieren, wo sie landet.',
  'security.boundNo':
    'Nein. Diese Anmeldung würde überall funktionieren, wo eine Kopie davon landet. Melden Sie sich ab und wieder an, um sie an diesen Computer zu binden.',
  'security.endWhy':
    'Google hat dieses Ende festgelegt: Zugriff für begrenzte Zeit, oder eine App im Testmodus mit verbundenem Kalender, Drive oder Tasks.',
  'security.ended':
    'Diese Anmeldung endete am {day}. {why} Melden Sie sich erneut an, um fortzufahren.',
  'security.ends': 'Diese Anmeldung endet am {day} ({when}). {why} Melden Sie sich dann erneut an.',
  'security.noToken': 'Derzeit keines; Latchkey holt eines, wenn eine Funktion es braucht.',
  'security.tokenExpired': 'Abgelaufen um {time}; wird bei der nächsten Anfrage erneuert.',
  'security.tokenExpires': 'Läuft um {time} ab (in {left}); wird automatisch erneuert.',
  'security.minutes': '{minutes} Min.',
  'security.hours': '{hours} Std. {minutes} Min.',

  'time.justNow': 'gerade eben',
} as const satisfies Catalog;
