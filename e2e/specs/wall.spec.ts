/**
 * The wall display in Chromium against the real web shell and the rehearsal platform: it fits one
 * screen at three sizes with no text cut, says DISCONNECTED within 5 s when the server goes away
 * and comes back by itself, and replays an earlier state of the board.
 */
import type { Page } from '@playwright/test';
import { expect, screenshot, test } from '../fixtures.js';
import { LONG_PROBE_ERROR, LONG_REPLAY_ERROR, withLongReasons } from '../long-reasons.js';
import { AppPage } from '../pages/app-page.js';
import { cutText as cutTextIn } from '../text-fit.js';

const SIZES = [
  { width: 1280, height: 720 },
  { width: 1920, height: 1080 },
  { width: 3840, height: 2160 },
] as const;

/** How far the page and the wall overflow their boxes (0 and 0 when nothing scrolls). */
function overflow(page: Page) {
  return page.evaluate(() => {
    const boxes = [document.documentElement, document.body, document.querySelector<HTMLElement>('[data-testid="wall"]')!];
    return {
      y: Math.max(...boxes.map((box) => box.scrollHeight - box.clientHeight)),
      x: Math.max(...boxes.map((box) => box.scrollWidth - box.clientWidth)),
    };
  });
}

/** The wall's boxes whose text is cut; the ticker is left out: a list whose oldest entries fall off the bottom. */
const cutText = (page: Page) => cutTextIn(page, '[data-testid="wall"]', '.wall-ticker, canvas');

/** "YYYY-MM-DDTHH:MM:SS" in the page's local time, as the replay field takes it. */
function localInput(page: Page, at: number): Promise<string> {
  return page.evaluate((t) => {
    const d = new Date(t);
    const pad = (n: number) => String(n).padStart(2, '0');
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  }, at);
}

test('the wall fits one screen without scrolling at 1280×720, 1920×1080 and 3840×2160', async ({ page, startWarroom }) => {
  const warroom = await startWarroom({ args: ['--read-only', '--wall'], rehearsal: true });
  expect(warroom.url).toMatch(/\/\?wall$/);
  const app = new AppPage(page);
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await app.open(warroom.url);
    const wall = page.getByTestId('wall');
    await expect(wall).toHaveAttribute('data-link', 'live');
    await expect(page.locator('[data-testid^="wall-tile-"]')).toHaveCount(11);
    await expect(page.locator('[data-testid^="wall-tile-"][data-status="up"]')).toHaveCount(11, { timeout: 30_000 });
    await expect(page.getByTestId('wall-verdict')).toHaveAttribute('data-verdict', /GO/);
    await expect(page.getByTestId('wall-countdown')).toContainText(/T[−+]/);
    expect(await overflow(page)).toEqual({ x: 0, y: 0 });
    // Read from across the room: no tile, blocker or headline loses the end of its text.
    expect(await cutText(page)).toEqual([]);
    // Type scales with the screen: the verdict's word is as big, relative to the height, at every size.
    const wordHeight = await page.locator('.wall-verdict__word').evaluate((el) => el.getBoundingClientRect().height);
    expect(wordHeight / size.height).toBeGreaterThan(0.06);
    await screenshot(page, `wall-${size.width}x${size.height}`);
  }
  // No navigation, no hover-only information: the operator shell is not on the wall.
  await expect(page.getByTestId('nav-board')).toHaveCount(0);
});

test('losing the server shows DISCONNECTED within 5 s, greys the wall, and it reconnects by itself', async ({ page, startWarroom }) => {
  const first = await startWarroom({ args: ['--read-only', '--wall'] });
  const port = new URL(first.url).port;
  const app = new AppPage(page);
  await page.setViewportSize({ width: 1920, height: 1080 });
  await app.open(first.url);
  const wall = page.getByTestId('wall');
  await expect(wall).toHaveAttribute('data-link', 'live');
  // No platform behind this one: its tiles say Unknown or Down with a reason, the longest words a tile has.
  await expect(page.locator('[data-testid^="wall-tile-"][data-status="up"]')).toHaveCount(0);
  expect(await cutText(page)).toEqual([]);
  await screenshot(page, 'wall-1920x1080-no-platform');
  await page.setViewportSize({ width: 1280, height: 720 });
  expect(await cutText(page)).toEqual([]);
  await screenshot(page, 'wall-1280x720-no-platform');
  await page.setViewportSize({ width: 1920, height: 1080 });

  const stoppedAt = Date.now();
  await first.stop();
  await expect(page.getByTestId('wall-band')).toHaveAttribute('data-band', 'DISCONNECTED', { timeout: 5000 });
  expect(Date.now() - stoppedAt).toBeLessThan(5000);
  await expect(wall).toHaveClass(/wall--cut/);
  await screenshot(page, 'wall-disconnected');

  await startWarroom({ args: ['--read-only', '--wall', '--port', port], dataDir: first.dataDir });
  await expect(wall).toHaveAttribute('data-link', 'live', { timeout: 30_000 });
  await expect(page.getByTestId('wall-band')).toHaveCount(0);
  await expect(wall).not.toHaveClass(/wall--cut/);
});

test('a long tile reason and a replay error stay readable inside their boxes at every size, and the wall still fits', async ({ page, startWarroom }) => {
  // No platform: every tile is down with a reason; Identity's adds a long probe error, the Data layer's an unreachable Prometheus.
  const warroom = await startWarroom({ args: ['--read-only', '--wall'], config: (bundled) => withLongReasons(bundled) });
  const app = new AppPage(page);
  await page.setViewportSize(SIZES[1]);
  await app.open(warroom.url);
  await expect(page.getByTestId('wall-tile-identity')).toContainText(LONG_PROBE_ERROR.slice(0, 60), { timeout: 30_000 });
  await expect(page.getByTestId('wall-tile-data-layer')).toContainText('Prometheus unreachable (127.0.0.1:9190)', { timeout: 30_000 });
  // The worst case for room: a replayed moment with those reasons on screen, then the next moment
  // cannot be loaded (the core's error, as long as such errors get, under the bar's controls).
  // The field has a second's precision: the next whole second after the reasons were seen, so the
  // moment is not truncated to before they were stored.
  const shownAt = Math.ceil(Date.now() / 1000) * 1000 + 1000;
  await expect.poll(() => Date.now()).toBeGreaterThan(shownAt + 200);
  await page.getByTestId('replay-time').fill(await localInput(page, shownAt));
  await page.getByTestId('replay-go').click();
  await expect(page.getByTestId('wall')).toHaveAttribute('data-replay-at', String(shownAt));
  await expect(page.getByTestId('wall-tile-identity')).toContainText(LONG_PROBE_ERROR.slice(0, 60));
  await page.route('**/rpc/replay.get', (route) => route.fulfill({ contentType: 'application/json', body: JSON.stringify({ ok: false, error: { code: 'unavailable', message: LONG_REPLAY_ERROR } }) }));
  await page.getByTestId('replay-step--300000').click();
  await expect(page.getByTestId('replay-error')).toContainText(LONG_REPLAY_ERROR.slice(0, 60));
  // The band still dates what is on screen, and says the moment asked for could not be loaded.
  await expect(page.getByTestId('wall-band')).toContainText(/as it was at .* — not live; \d\d:\d\d:\d\d could not be loaded/);
  await expect(page.getByTestId('wall-tile-identity')).toContainText(LONG_PROBE_ERROR.slice(0, 60));
  for (const size of SIZES) {
    await page.setViewportSize(size);
    expect(await overflow(page)).toEqual({ x: 0, y: 0 });
    expect(await cutText(page)).toEqual([]);
    // What is clamped keeps at least two lines of its words, and says the whole in its title.
    for (const box of [page.getByTestId('replay-error'), page.getByTestId('wall-tile-identity').locator('.wall-tile__why')]) {
      await expect(box).toHaveAttribute('title', /.{120}/);
      const lines = await box.evaluate((el) => el.getBoundingClientRect().height / parseFloat(getComputedStyle(el).lineHeight));
      expect(lines).toBeGreaterThan(1.9);
    }
    await screenshot(page, `wall-${size.width}x${size.height}-long-reasons`);
  }
});

test('replay shows the board as it was before a service went down, marked REPLAY, and Live returns', async ({ page, startWarroom }) => {
  const warroom = await startWarroom({ args: ['--wall'], rehearsal: true });
  const app = new AppPage(page);
  await page.setViewportSize({ width: 1920, height: 1080 });
  await app.open(warroom.url);
  const tile = page.getByTestId('wall-tile-reporting');
  await expect(tile).toHaveAttribute('data-status', 'up', { timeout: 30_000 });
  // The replay field has a second's precision: take the next whole second after "up" was seen, so
  // the moment typed is not truncated to before the first stored "up" result.
  const allUpAt = Math.ceil(Date.now() / 1000) * 1000 + 1000;
  await expect.poll(() => Date.now()).toBeGreaterThan(allUpAt);

  const fault = await app.rpcFromPage('rehearsal.fault', { service: 'reporting', fault: { kind: 'stop' } });
  expect(fault.status).toBe(200);
  await expect(tile).toHaveAttribute('data-status', 'down', { timeout: 30_000 });
  await expect(page.getByTestId('wall-ticker')).toContainText(/Reporting.*Down/i);

  await page.getByTestId('replay-time').fill(await localInput(page, allUpAt));
  await page.getByTestId('replay-go').click();
  await expect(page.getByTestId('wall')).toHaveAttribute('data-replay-at', /\d+/);
  await expect(page.getByTestId('wall-band')).toHaveAttribute('data-band', 'REPLAY');
  await expect(tile).toHaveAttribute('data-status', 'up');
  await screenshot(page, 'wall-replay');

  await page.getByTestId('replay-live').click();
  await expect(page.getByTestId('wall-band')).toHaveCount(0);
  await expect(tile).toHaveAttribute('data-status', 'down');

  // The board's scrubber shows the same moment.
  await app.open(warroom.url.replace('?wall', ''));
  await page.getByTestId('replay-time').fill(await localInput(page, allUpAt));
  await page.getByTestId('replay-go').click();
  await expect(page.getByTestId('board-replay-band')).toContainText('REPLAY');
  await expect(page.getByTestId('view-board').getByTestId('wall-tile-reporting')).toHaveAttribute('data-status', 'up');
  await expect(page.getByTestId('board-score')).toBeVisible();
  await screenshot(page, 'board-replay');
  await page.getByTestId('replay-live').click();
  await expect(page.getByTestId('board-replay-band')).toHaveCount(0);
});
