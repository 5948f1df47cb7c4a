/**
 * The proxy question, as the window follows it: main pushes it when a proxy between Latchkey and
 * Google asks for a user name and password (the Electron app only; the preview never asks), and
 * null once it was answered. The dialog (components/ProxySignInDialog.svelte) answers it.
 */
import type { ProxyPrompt } from '../../../common/model.ts';
import { api } from './api.ts';

class ProxyQuestion {
  /** The question waiting for an answer, or null. */
  prompt = $state.raw<ProxyPrompt | null>(null);

  /** Follows main's pushes, and asks once for a question already waiting. */
  start(): () => void {
    let bridge;
    try {
      bridge = api();
    } catch {
      // No bridge (a plain page): the account screens say so; nothing to follow here.
      return () => {};
    }
    let pushed = false;
    const off = bridge.proxy.onPrompt((prompt) => {
      pushed = true;
      this.prompt = prompt;
    });
    void bridge.proxy.prompt().then(
      (result) => {
        // A push may already be newer than this answer.
        if (result.ok && !pushed) this.prompt = result.value;
      },
      () => undefined,
    );
    return off;
  }

  /** Answers with a user name and password; the dialog closes at once (main pushes the next). */
  async signIn(username: string, password: string, remember: boolean): Promise<void> {
    const prompt = this.prompt;
    if (!prompt) return;
    this.prompt = null;
    await api().proxy.answer({ id: prompt.id, username, password, remember });
  }

  /** Answers Cancel: the requests waiting on the proxy fail and say so. */
  async cancel(): Promise<void> {
    const prompt = this.prompt;
    if (!prompt) return;
    this.prompt = null;
    await api().proxy.answer({ id: prompt.id, cancel: true });
  }
}

/** The window's proxy question. */
export const proxyQuestion = new ProxyQuestion();
