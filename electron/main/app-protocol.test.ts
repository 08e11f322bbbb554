import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../core/testing/temp-dir.js';
import { CONTENT_SECURITY_POLICY } from '../../shared/util/security-headers.js';
import { createAppProtocolHandler, isAppUrl, resolveAppPath, securityHeaders } from './app-protocol.js';

const temp = makeTempDir('warroom-app-protocol-');
const root = join(temp.path, 'renderer');
const secret = join(temp.path, 'secret.txt');

beforeAll(() => {
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>Warroom</title>');
  writeFileSync(join(root, 'assets', 'app-1234.js'), 'console.log(1)');
  writeFileSync(join(root, '.env'), 'TOKEN=nope');
  writeFileSync(secret, 'do not serve');
});
afterAll(() => temp.remove());

describe('app:// path guard', () => {
  it('maps app:// paths to files under the renderer directory', () => {
    expect(resolveAppPath(root, 'app://warroom/')).toBe(join(root, 'index.html'));
    expect(resolveAppPath(root, 'app://warroom/index.html')).toBe(join(root, 'index.html'));
    expect(resolveAppPath(root, 'app://warroom/assets/app-1234.js?v=1#x')).toBe(join(root, 'assets', 'app-1234.js'));
    expect(resolveAppPath(root, 'app://warroom/assets/a%20b.js')).toBe(join(root, 'assets', 'a b.js'));
  });

  it.each([
    ['encoded dot segments with an encoded slash', 'app://warroom/assets/%2e%2e%2f%2e%2e%2fsecret.txt'],
    ['dot segment glued to an encoded slash', 'app://warroom/..%2fsecret.txt'],
    ['encoded backslash', 'app://warroom/%2E%2E%5Csecret.txt'],
    ['backslashes', 'app://warroom/..%5c..%5csecret.txt'],
    ['a drive letter', 'app://warroom/C:%5cWindows%5cwin.ini'],
    ['a NUL byte', 'app://warroom/index.html%00.js'],
    ['a dotfile', 'app://warroom/.env'],
    ['broken percent-encoding', 'app://warroom/%E0%A4%A'],
    ['another host', 'app://elsewhere/index.html'],
    ['a port', 'app://warroom:8080/index.html'],
    ['credentials', 'app://user:pw@warroom/index.html'],
    ['file:', 'file:///etc/passwd'],
    ['https:', 'https://warroom/index.html'],
    ['not a URL', 'not a url'],
  ])('refuses %s', (_why, url) => {
    expect(resolveAppPath(root, url)).toBeUndefined();
  });

  it.each([
    'app://warroom/../secret.txt',
    'app://warroom/%2e%2e/secret.txt',
    'app://warroom/a/../../secret.txt',
    'app://warroom/%2fetc%2fpasswd',
  ])('keeps %s inside the root (the URL parser already removed its dot segments)', (url) => {
    const file = resolveAppPath(root, url);
    expect(file).toBeDefined();
    expect(file).not.toBe(secret);
    expect(file!.startsWith(join(root, '/'))).toBe(true);
  });

  it('knows its own origin', () => {
    expect(isAppUrl('app://warroom/index.html#/board')).toBe(true);
    expect(isAppUrl('app://warroom')).toBe(true);
    expect(isAppUrl('app://warroom.evil.example/')).toBe(false);
    expect(isAppUrl('https://warroom/')).toBe(false);
    expect(isAppUrl('')).toBe(false);
    expect(isAppUrl(undefined)).toBe(false);
  });
});

describe('app:// handler', () => {
  const handle = createAppProtocolHandler({ rootDir: root });
  const get = (url: string, method = 'GET') => handle(new Request(url, { method }));

  it('serves index.html with the web shell security headers', async () => {
    const res = await get('app://warroom/index.html');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(await res.text()).toContain('<title>Warroom</title>');
  });

  it('serves assets with their type', async () => {
    const res = await get('app://warroom/assets/app-1234.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await res.text()).toBe('console.log(1)');
  });

  it('answers 403 for a path that tries to leave the root, 404 for a missing asset or another host', async () => {
    const traversal = await get('app://warroom/..%2fsecret.txt');
    expect(traversal.status).toBe(403);
    expect(await traversal.text()).not.toContain('do not serve');
    expect(traversal.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect((await get('app://warroom/assets/missing.js')).status).toBe(404);
    expect((await get('app://other/index.html')).status).toBe(404);
  });

  it('gives index.html for an extension-less path, like the web shell', async () => {
    const res = await get('app://warroom/board');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<title>Warroom</title>');
  });

  it('refuses methods other than GET and HEAD', async () => {
    expect((await get('app://warroom/index.html', 'POST')).status).toBe(405);
    const head = await get('app://warroom/index.html', 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('sends every header the web shell sends', () => {
    const headers = securityHeaders();
    expect(headers['Content-Security-Policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(Object.keys(headers)).toEqual(
      expect.arrayContaining(['X-Frame-Options', 'Referrer-Policy', 'Cross-Origin-Opener-Policy', 'Permissions-Policy']),
    );
  });
});
