/**
 * `grant_type=refresh_token` for a DPoP-bound refresh token: a form POST through a
 * {@link dpopFormPost} (a fresh proof per request, the nonce challenge answered once). Not through
 * gaxios: its retries would resend the same proof, which the server must refuse as a replay
 * (RFC 9449 §11.1); here each retry signs a new one.
 */
import { OversizedAnswerError, type FormAnswer, type FormPost } from '../issuer/form-post.ts';
import {
  MAX_TOKEN_BODY,
  MalformedResponseError,
  parseRefreshResponse,
  refreshForm,
  tokenAnswerData,
  type RefreshRequest,
  type TokenResponse,
} from '../issuer/http.ts';

/** Like the bearer refresh: two more tries after a dropped connection or a 5xx. */
const RETRIES = 2;
const RETRY_DELAY_MS = 100;

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Sends the refresh through `post` (which adds the proof). A non-2xx answer throws
 * {@link HttpStatusError} (read by classifyHttpError: `invalid_grant` when the key does not match),
 * an unusable 2xx one {@link MalformedResponseError}.
 */
export async function requestDpopRefresh(
  post: FormPost,
  req: RefreshRequest,
): Promise<TokenResponse> {
  const form = refreshForm(req);
  let answer: FormAnswer | undefined;
  for (let attempt = 0; ; attempt += 1) {
    try {
      answer = await post(req.tokenUrl, form, {
        timeoutMs: req.timeoutMs,
        maxBytes: MAX_TOKEN_BODY,
      });
    } catch (error) {
      if (error instanceof OversizedAnswerError) throw new MalformedResponseError('token');
      if (attempt >= RETRIES) throw error;
      await pause(RETRY_DELAY_MS);
      continue;
    }
    if (answer.status >= 500 && attempt < RETRIES) {
      await pause(RETRY_DELAY_MS);
      continue;
    }
    break;
  }
  return parseRefreshResponse(tokenAnswerData(answer));
}
