/**
 * The web shell's bearer token: taken once from `#token=…` (then removed from the address bar so
 * it does not end up in screenshots or bookmarks), kept in sessionStorage for this tab.
 */

const STORAGE_KEY = 'warroom.token';
const TOKEN_IN_HASH = /(^|[?&#])token=([^&]*)&?/;

/** The browser pieces the token code touches; injectable for tests. */
export interface TokenEnv {
  location: Pick<Location, 'hash' | 'pathname' | 'search'>;
  history: Pick<History, 'replaceState' | 'state'>;
  storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;
}

const browserEnv = (): TokenEnv => ({ location: window.location, history: window.history, storage: window.sessionStorage });

/** Moves a token from the URL hash into sessionStorage; returns the token now in use, if any. */
export function consumeTokenFromHash(env: TokenEnv = browserEnv()): string | null {
  const hash = env.location.hash.replace(/^#/, '');
  const match = TOKEN_IN_HASH.exec(hash);
  if (match) {
    const token = safeDecode(match[2] ?? '');
    if (token) env.storage.setItem(STORAGE_KEY, token);
    const rest = hash.replace(TOKEN_IN_HASH, '$1').replace(/[?&]$/, '');
    const newHash = rest.replace(/^[?&]/, '') ? `#${rest}` : '';
    env.history.replaceState(env.history.state, '', `${env.location.pathname}${env.location.search}${newHash}`);
  }
  return readToken(env);
}

/** The stored token, or null. */
export function readToken(env: Pick<TokenEnv, 'storage'> = browserEnv()): string | null {
  return env.storage.getItem(STORAGE_KEY) || null;
}

/** Stores a token pasted by the user (an empty one clears it). */
export function storeToken(token: string, env: Pick<TokenEnv, 'storage'> = browserEnv()): void {
  const trimmed = token.trim();
  if (trimmed) env.storage.setItem(STORAGE_KEY, trimmed);
  else env.storage.removeItem(STORAGE_KEY);
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
