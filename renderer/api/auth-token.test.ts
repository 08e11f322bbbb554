import { describe, expect, it, vi } from 'vitest';
import { consumeTokenFromHash, readToken, storeToken } from './auth-token.js';
import type { TokenEnv } from './auth-token.js';

function env(hash: string): TokenEnv & { url: () => string } {
  const store = new Map<string, string>();
  let url = `/index.html${hash}`;
  return {
    location: { hash, pathname: '/index.html', search: '' },
    history: { state: null, replaceState: vi.fn((_s: unknown, _t: string, next?: string | URL | null) => void (url = String(next))) },
    storage: {
      getItem: (k) => store.get(k) ?? null,
      setItem: (k, v) => void store.set(k, v),
      removeItem: (k) => void store.delete(k),
    },
    url: () => url,
  };
}

describe('auth token', () => {
  it('moves #token=… into sessionStorage and removes it from the address', () => {
    const e = env('#token=abc%2B1');
    expect(consumeTokenFromHash(e)).toBe('abc+1');
    expect(e.url()).toBe('/index.html');
    expect(readToken(e)).toBe('abc+1');
  });

  it('keeps the route when the token rides along with it', () => {
    const e = env('#/plan?token=xyz');
    expect(consumeTokenFromHash(e)).toBe('xyz');
    expect(e.url()).toBe('/index.html#/plan');
  });

  it('uses the stored token when the hash has none, without touching the address', () => {
    const e = env('#/board');
    storeToken(' kept ', e);
    expect(consumeTokenFromHash(e)).toBe('kept');
    expect(e.history.replaceState).not.toHaveBeenCalled();
  });
});
