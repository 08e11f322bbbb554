/**
 * The app:// scheme: serves the built renderer to the Electron window from disk, with the same
 * security headers (CSP first) as the web shell. Plain Node (global Request/Response), so the
 * path guard and the handler are unit-tested without Electron.
 */
import { readFile } from 'node:fs/promises';
import { extname, isAbsolute, relative, resolve } from 'node:path';
import { SECURITY_HEADERS } from '../../shared/util/security-headers.js';

export const APP_SCHEME = 'app';
export const APP_HOST = 'warroom';
/** The origin Chromium gives our standard scheme. */
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/**
 * True for URLs on our app:// origin. Compares the parts, not URL.origin: Node's URL reports
 * 'null' as the origin of any non-special scheme, Chromium does not.
 */
export function isAppUrl(url: string | null | undefined): boolean {
  if (!url) return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST && !parsed.username && !parsed.password;
}

/**
 * The file under rootDir that an app:// URL names, or undefined when the URL must not be served:
 * another host, a path that leaves rootDir once decoded (`..`, `%2e%2e%2f`, `%5c`, drive letters),
 * a NUL byte, or a dotfile. `/` is index.html.
 */
export function resolveAppPath(rootDir: string, requestUrl: string): string | undefined {
  if (!isAppUrl(requestUrl)) return undefined;
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(requestUrl).pathname);
  } catch {
    return undefined; // malformed percent-encoding
  }
  if (pathname.includes('\0') || pathname.includes('\\')) return undefined;
  const segments = pathname.split('/').filter((segment) => segment !== '');
  // Dot segments survive URL normalisation when encoded; dotfiles are never part of a vite build.
  if (segments.some((segment) => segment.startsWith('.') || segment.includes(':'))) return undefined;
  const root = resolve(rootDir);
  const file = resolve(root, ...(segments.length > 0 ? segments : ['index.html']));
  const inside = relative(root, file);
  if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) return undefined;
  return file;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

export function contentTypeFor(file: string): string {
  return CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/** The web shell's security headers as a record, so both shells send exactly the same ones. */
export function securityHeaders(): Record<string, string> {
  return { ...SECURITY_HEADERS };
}

export type AppProtocolHandler = (request: Request) => Promise<Response>;

/** The handler for protocol.handle('app', …): files of rootDir only, never anything else. */
export function createAppProtocolHandler(options: { rootDir: string }): AppProtocolHandler {
  const headers = securityHeaders();
  const answer = (status: number, text: string) =>
    new Response(text, { status, headers: { ...headers, 'Content-Type': 'text/plain; charset=utf-8' } });

  return async function handleAppRequest(request) {
    if (request.method !== 'GET' && request.method !== 'HEAD') return answer(405, 'method not allowed');
    const file = resolveAppPath(options.rootDir, request.url);
    if (!file) return answer(isAppUrl(request.url) ? 403 : 404, isAppUrl(request.url) ? 'forbidden' : 'not found');
    let body: Buffer;
    let served = file;
    try {
      body = await readFile(file);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'EISDIR' && code !== 'ENOTDIR') return answer(500, 'cannot read the file');
      // Routes live in the hash, but an extension-less path still gets the app, as in the web shell.
      if (extname(file) !== '') return answer(404, 'not found');
      served = resolve(options.rootDir, 'index.html');
      try {
        body = await readFile(served);
      } catch {
        return answer(404, `the renderer is not built (${options.rootDir} has no index.html): run npm run build`);
      }
    }
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), {
      status: 200,
      headers: {
        ...headers,
        'Content-Type': contentTypeFor(served),
        'Cache-Control': served.endsWith('index.html') ? 'no-cache' : 'public, max-age=31536000, immutable',
      },
    });
  };
}
