/**
 * The main process speaks the language of the moment: its errors, notices, update notes and the
 * browser pages after a sign-in come out in German once German is chosen (and a notice already
 * on screen follows the change); terminal lines follow the terminal's LANG.
 */
import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { setMessageLocale } from '../../../common/i18n/current.ts';
import { createTranslator } from '../../../common/i18n/index.ts';
import { MESSAGES } from '../../../main/auth/errors.ts';
import { LOOPBACK_PATH, openLoopback } from '../../../main/auth/flow/loopback.ts';
import { NoticeBoard } from '../../../main/auth/session/notices.ts';
import { toApiError } from '../../../main/google/errors.ts';
import { dispatch } from '../../../main/bridge/dispatch.ts';
import { createUpdateController } from '../../../main/app/updates.ts';
import { networkProblemMessage } from '../../../main/net/network.ts';
import { alreadyRunning } from '../../../preview/instance-lock.ts';
import { swallowedByNpm } from '../../../scripts/npm-args.ts';
import { missingSecretService } from '../../../scripts/start.ts';
import { memoryStore, captureLog } from '../../helpers/memory.ts';
import type { Handlers } from '../../../common/contract.ts';

afterEach(() => setMessageLocale('en'));

function get(port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the main process in German', () => {
  it('words the auth core’s messages in the language of the moment', () => {
    expect(MESSAGES.cancelled).toBe('Sign-in was cancelled.');
    setMessageLocale('de');
    expect(MESSAGES.cancelled).toBe('Die Anmeldung wurde abgebrochen.');
    expect(MESSAGES.signedOutLocally('ada@example.com')).toBe(
      'Von ada@example.com auf diesem Computer abgemeldet.',
    );
    expect(MESSAGES.differentAccount(undefined)).toContain('Wählen Sie dasselbe Konto');
  });

  it('keeps a notice unworded, so one on screen follows a change of language', () => {
    const board = new NoticeBoard();
    board.add('warning', 'SESSION_EXPIRED', () => MESSAGES.entryLost('ada@example.com'));
    expect(board.list()[0]!.message).toMatch(/^The saved sign-in for ada@example\.com/);
    setMessageLocale('de');
    expect(board.list()[0]!.message).toMatch(/^Die gespeicherte Anmeldung für ada@example\.com/);
    // The same notice again replaces the old copy, whatever language it was worded in.
    board.add('warning', 'SESSION_EXPIRED', () => MESSAGES.entryLost('ada@example.com'));
    expect(board.list()).toHaveLength(1);
  });

  it('says Google’s failures in German, naming what was being loaded', () => {
    setMessageLocale('de');
    expect(
      toApiError({ kind: 'server', status: 503, retryAfterMs: null }, 'Ihren Kalender'),
    ).toEqual({
      code: 'GOOGLE_API',
      message:
        'Google konnte Ihren Kalender gerade nicht laden (HTTP 503). Versuchen Sie es erneut.',
      retryable: true,
    });
  });

  it('says what stands between Latchkey and Google in German (a proxy, a certificate)', () => {
    const details = { host: 'oauth2.googleapis.com', proxy: 'proxy.example:3128', status: 403 };
    expect(networkProblemMessage('proxy-refused', details)).toBe(
      'The proxy proxy.example:3128 refused the connection to oauth2.googleapis.com (HTTP 403). Ask your network administrator to allow it.',
    );
    setMessageLocale('de');
    expect(networkProblemMessage('proxy-refused', details)).toBe(
      'Der Proxy proxy.example:3128 hat die Verbindung zu oauth2.googleapis.com abgelehnt (HTTP 403). Bitten Sie Ihren Netzwerkadministrator, sie zu erlauben.',
    );
    expect(networkProblemMessage('proxy-unreachable', { host: 'x' })).toBe(
      'Der Proxy Ihres Netzwerks war nicht erreichbar. Prüfen Sie die Proxy-Einstellungen Ihres Systems.',
    );
  });

  it('answers a call with bad arguments in German', async () => {
    setMessageLocale('de');
    const result = await dispatch({} as Handlers, {
      namespace: 'auth',
      method: 'signOut',
      input: 1,
    });
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'INVALID_ARGUMENT',
        message: 'Die Argumente von auth.signOut passen nicht zum Vertrag.',
      },
    });
  });

  it('words the update note when the window asks, in the language of that moment', () => {
    const controller = createUpdateController(null, {
      version: '1.0.0',
      metadata: memoryStore(),
      logger: captureLog().logger,
    });
    expect(controller.status().note).toBe('This copy of Latchkey does not update itself.');
    setMessageLocale('de');
    expect(controller.status().note).toBe(
      'Diese Kopie von Latchkey aktualisiert sich nicht selbst.',
    );
    controller.dispose();
  });

  it('shows the browser pages in German, with lang="de"', async () => {
    setMessageLocale('de');
    const listener = await openLoopback({
      onRedirect: async () => ({
        accepted: true,
        completed: Promise.resolve().then(() => {
          listener.end({ kind: 'signed-in', email: 'ada@example.com' });
          return true;
        }),
      }),
    });
    try {
      const missing = await get(listener.port, '/elsewhere');
      expect(missing.status).toBe(404);
      expect(missing.body).toContain('<html lang="de">');
      expect(missing.body).toContain('<h1>Nicht gefunden</h1>');
      const done = await get(listener.port, `${LOOPBACK_PATH}?state=s&code=c`);
      expect(done.body).toContain('<title>Sie können zu Latchkey zurückkehren – Latchkey</title>');
      expect(done.body).toContain('Sie sind als <strong>ada@example.com</strong> angemeldet.');
      expect(done.body).toContain('Sie können diesen Tab schließen.');
    } finally {
      await listener.close();
    }
  });
});

describe('terminal lines follow the terminal’s language', () => {
  it('in German under LANG=de_DE.UTF-8, in English under C', () => {
    const german = { npm_lifecycle_event: 'start', npm_config_port: 'true', LANG: 'de_DE.UTF-8' };
    expect(swallowedByNpm(german, ['5000'])).toBe(
      'npm hat --port 5000 für sich behalten (Optionen vor `--` gehören npm): Führen Sie stattdessen `npm start -- --port 5000` aus.',
    );
    expect(missingSecretService({ LANG: 'de_DE.UTF-8' }, 'linux', () => true)).toBe(
      'es läuft keine D-Bus-Sitzung',
    );
    expect(missingSecretService({ LANG: 'C.UTF-8' }, 'linux', () => true)).toBe(
      'no D-Bus session is running',
    );
    expect(alreadyRunning('/data', { pid: 42 }, createTranslator('de'))).toBe(
      'Die Latchkey-Vorschau läuft schon für /data (Prozess 42): Nutzen Sie ihr Fenster, oder beenden Sie sie zuerst (Strg+C in ihrem Terminal); eine zweite braucht ihr eigenes LATCHKEY_DATA_DIR.',
    );
  });
});
