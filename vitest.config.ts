import { defineConfig } from 'vitest/config';

// Two test worlds: the core in Node (real SQLite, real sockets) and the renderer in jsdom.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'core',
          environment: 'node',
          include: ['electron/**/*.test.ts', 'shared/**/*.test.ts', 'scripts/**/*.test.ts'],
          pool: 'forks',
          globalSetup: ['electron/core/testing/build-core.global-setup.ts'],
          testTimeout: 15_000,
        },
      },
      './vitest.renderer.config.ts',
    ],
  },
});
