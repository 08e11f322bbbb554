#!/usr/bin/env node
// Renders build/icon.svg to the PNGs electron-builder uses: build/icon.png (512x512, mac and
// Windows convert it) and build/icons/<n>x<n>.png (Linux). Uses Debian's Chromium through
// Playwright, so no image tool is needed: apt-get install -y chromium if it is missing.
// Run it after editing the SVG: node scripts/make-icons.mjs
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';

const root = fileURLToPath(new URL('..', import.meta.url));
const buildDir = join(root, 'build');
const LINUX_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];
/** Below this size the inner ring and the sweep turn into mush; the small icons leave them out. */
const SMALL = 32;

const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(executablePath)) {
  console.error(`make-icons: ${executablePath} not found (apt-get install -y chromium, or set CHROMIUM_PATH).`);
  process.exit(1);
}

const svg = readFileSync(join(buildDir, 'icon.svg'), 'utf8');
const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
try {
  const page = await browser.newPage({ deviceScaleFactor: 1 });
  const render = async (size, file) => {
    const sized = svg.replace(/width="512" height="512"/, `width="${size}" height="${size}"`);
    const simplified = size <= SMALL ? '<style>.inner, .sweep { display: none }</style>' : '';
    await page.setViewportSize({ width: size, height: size });
    await page.setContent(`<!doctype html><html><head><style>html,body{margin:0;background:transparent}svg{display:block}</style>${simplified}</head><body>${sized}</body></html>`);
    await page.locator('svg').screenshot({ path: file, omitBackground: true });
    console.log(`${file.slice(root.length)} (${size}x${size})`);
  };
  mkdirSync(join(buildDir, 'icons'), { recursive: true });
  for (const size of LINUX_SIZES) await render(size, join(buildDir, 'icons', `${size}x${size}.png`));
  await render(512, join(buildDir, 'icon.png'));
} finally {
  await browser.close();
}
