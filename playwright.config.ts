import { defineConfig } from '@playwright/test';

// E2E runs the real web shell (`warroom serve`, started per test by e2e/fixtures.ts) in Debian's
// Chromium: Playwright's own browser download is impossible on our machines.
export default defineConfig({
  testDir: 'e2e/specs',
  // Generous, because `npm test` must pass beside a CPU hog on two cores: a spec waits for what it
  // needs (events, states), never a fixed time, so a longer limit only changes how late it fails.
  timeout: 90_000,
  expect: { timeout: 15_000 },
  workers: 1,
  forbidOnly: Boolean(process.env.CI),
  reporter: process.env.PW_JSON ? [['list'], ['json', { outputFile: process.env.PW_JSON }]] : [['list']],
  outputDir: 'test-results',
  use: {
    headless: process.env.HEADFUL !== '1',
    viewport: { width: 1440, height: 900 },
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
  },
});
