// Bundles electron/main/preload.ts to CommonJS: a sandboxed preload cannot import ES modules, and
// may require only 'electron' (and a few Node polyfills), so everything else is inlined.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url)).replaceAll('\\', '/');
/** Modules whose only load-time work is building zod schemas (see treeshake below). */
const schemaOnly = [`${root}shared/`, `${root}node_modules/zod/`];

export default defineConfig({
  // A Node-side bundle: no public/ copy into dist-node, no .env loading.
  publicDir: false,
  envDir: false,
  build: {
    outDir: 'dist-node/electron/main',
    // dist-node also holds tsc's output.
    emptyOutDir: false,
    target: 'node20',
    minify: false,
    sourcemap: false,
    reportCompressedSize: false,
    lib: {
      entry: 'electron/main/preload.ts',
      formats: ['cjs'],
      fileName: () => 'preload.cjs',
    },
    rolldownOptions: {
      external: ['electron'],
      // The preload needs only IPC_CHANNELS from shared/contract, whose sibling modules build zod
      // schemas at load time. Declaring them free of side effects lets ~190 kB of unused zod go.
      treeshake: {
        moduleSideEffects: (id: string) => !schemaOnly.some((prefix) => id.replaceAll('\\', '/').startsWith(prefix)),
      },
    },
  },
});
