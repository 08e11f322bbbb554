/**
 * Renderer unit tests: jsdom + Testing Library, fed through the memory client by a real core in
 * memory (renderer/testing/test-core.ts). The core's load runs use compiled worker files, so the
 * same global setup as the core project compiles dist-node/ first (once per vitest process).
 */
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [react()],
  test: {
    name: 'renderer',
    environment: 'jsdom',
    include: ['renderer/**/*.test.{ts,tsx}'],
    restoreMocks: true,
    setupFiles: ['renderer/testing/async-util-timeout.ts'],
    globalSetup: ['electron/core/testing/build-core.global-setup.ts'],
    testTimeout: 15_000,
  },
});
