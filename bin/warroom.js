#!/usr/bin/env node
// The `warroom` command. The TypeScript sources are compiled to dist-node/ by `npm run build`
// (which `npm ci` runs through the prepare script).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist-node/electron/cli/cli-main.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write('warroom is not built yet: run `npm run build` in the checkout first.\n');
  process.exit(1);
}
await import(entry.href);
