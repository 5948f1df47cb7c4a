/** Links from Google's answers, before the window shows them: https only. */

/** `value` as a normalized https URL, or `fallback` when it is missing or not https. */
export function httpsOr<T extends string | null>(
  value: string | null | undefined,
  fallback: T,
): string | T {
  if (value) {
    try {
      const url = new URL(value);
      if (url.protocol === 'https:') return url.href;
    } catch {
      // Not a URL: the fallback.
    }
  }
  return fallback;
}
