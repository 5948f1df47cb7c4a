/**
 * main/electron/index.ts on a computer whose operating system prefers German: the language comes
 * from app.getPreferredSystemLanguages(), so the dialog of a configuration error is German.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { recorded, resetElectronMock } from './electron-mock.ts';

vi.mock('electron', async () => (await import('./electron-mock.ts')).electronMock());

const savedEnv = { ...process.env };

beforeAll(async () => {
  resetElectronMock();
  recorded.systemLanguages = ['de-DE', 'en-US'];
  recorded.userData = '/nonexistent';
  process.env.LATCHKEY_GOOGLE_CLIENT_ID = 'not-a-client-id';
  await import('../../../main/electron/index.ts');
  await vi.waitFor(() => expect(recorded.exits).not.toHaveLength(0), { timeout: 9_000 });
});

afterAll(() => {
  process.env = savedEnv;
});

describe('an operating system in German', () => {
  it('gets the configuration error in German', () => {
    expect(recorded.exits).toEqual([1]);
    const [box] = recorded.errorBoxes;
    expect(box!.title).toBe('Latchkey kann nicht starten');
    expect(box!.content).toBe(
      'LATCHKEY_GOOGLE_CLIENT_ID: ist keine Google-OAuth-Client-ID (erwartet: <Ziffern>-<Buchstaben und Ziffern>.apps.googleusercontent.com)',
    );
  });
});
