/**
 * Vitest global setup: compiles the core once, because some tests start real child processes
 * (the rehearsal platform, the CLI) from dist-node/ exactly as the app does.
 */
import { execFileSync } from 'node:child_process';

export default function buildCore(): void {
  // Both vitest projects (core, renderer) name this setup; one compile per run is enough.
  if (process.env.WARROOM_CORE_COMPILED === '1') return;
  process.env.WARROOM_CORE_COMPILED = '1';
  const started = Date.now();
  try {
    execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
  } catch {
    // tsc still emits on type errors; `npm run typecheck` is where those fail the build.
    process.stderr.write('[setup] the core has type errors (see above); tests run on what tsc emitted\n');
  }
  process.stderr.write(`[setup] compiled the core to dist-node/ in ${Date.now() - started} ms\n`);
}
