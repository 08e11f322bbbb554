/**
 * What a window may open or navigate to. The window only ever shows our app:// origin; http(s)
 * links go to the system browser after validation; nothing else goes anywhere.
 */

/** The URL to hand to shell.openExternal, or undefined when it must not be opened. */
export function externalUrlToOpen(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return undefined;
  // Credentials in a link are a phishing tell (https://bank@evil.example); refuse rather than guess.
  if (!parsed.hostname || parsed.username || parsed.password) return undefined;
  if (parsed.href.length > 2048) return undefined;
  return parsed.href;
}
