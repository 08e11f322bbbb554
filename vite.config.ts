/** Builds the renderer into dist/renderer, loadable from file:// (Electron) and from the web shell. */
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import type { Plugin } from 'vite';

/**
 * The dev server needs inline scripts (React refresh preamble), injected <style> tags and a
 * websocket for HMR, all of which the production CSP forbids; relax it for `vite serve` only.
 */
function devCsp(): Plugin {
  return {
    name: 'warroom:dev-csp',
    apply: 'serve',
    transformIndexHtml(html) {
      return html
        .replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
        .replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
        .replace("connect-src 'self'", "connect-src 'self' ws: wss:");
    },
  };
}

export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react(), devCsp()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    // The polyfill would be one more script; Electron and current Chromium support modulepreload.
    modulePreload: { polyfill: false },
    target: 'es2022',
  },
});
