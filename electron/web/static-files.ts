/** Serves the built renderer; every unknown path gets index.html (hash routing lives in the page). */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import sirv from 'sirv';

export type StaticHandler = (req: IncomingMessage, res: ServerResponse) => void;

export function createStaticHandler(rendererDir: string): StaticHandler {
  if (!existsSync(join(rendererDir, 'index.html'))) {
    return (_req, res) => {
      res.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(`The renderer is not built (${rendererDir} has no index.html). Run: npm run build\n`);
    };
  }
  const serve = sirv(rendererDir, {
    single: true,
    etag: true,
    dotfiles: false,
    setHeaders(res, pathname) {
      // index.html must be revalidated so a rebuilt app is picked up; hashed assets may be cached.
      res.setHeader('Cache-Control', pathname.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  return (req, res) =>
    serve(req, res, () => {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('not found');
    });
}
