import { expect, screenshot, test } from '../fixtures.js';
import { AppPage } from '../pages/app-page.js';

test('the read-only wall display shows the board but refuses a write', async ({ page, startWarroom }) => {
  const warroom = await startWarroom({ args: ['--read-only'] });
  expect(warroom.banner).toContain('(read-only)');
  const app = new AppPage(page);
  await app.open(warroom.url);
  await expect(app.roleBadge()).toContainText(/read-only/i);
  await expect(app.serviceTiles()).toHaveCount(11);
  await screenshot(page, 'wall-board');

  await app.goTo('log');
  await expect(page.getByTestId('journal-form')).toHaveCount(0);
  const write = await app.rpcFromPage('journal.add', { author: 'wall', text: 'should be refused' });
  expect(write.status).toBe(403);
  expect(write.body.error?.code).toBe('forbidden');
  await page.reload();
  await app.waitReady();
  await expect(app.journalEntries()).toHaveCount(0);
});

test('a wrong token is refused and the right one lets the display in', async ({ page, startWarroom }) => {
  const token = 'e2e-wall-token-0123456789';
  const warroom = await startWarroom({ env: { WARROOM_TOKEN: token } });
  expect(warroom.banner).not.toContain(token);
  const app = new AppPage(page);

  await page.goto(`${warroom.url}#token=not-the-token`);
  await expect(page.getByTestId('token-prompt')).toBeVisible();
  await expect(app.indicator()).toHaveAttribute('data-state', 'unauthorized');
  const refused = await app.rpcFromPage('app.info', {}, 'not-the-token');
  expect(refused.status).toBe(401);
  expect(refused.body.error?.code).toBe('unauthorized');
  await screenshot(page, 'token-prompt');

  await page.getByTestId('token-prompt').locator('input').fill(token);
  await page.getByTestId('token-prompt').locator('button[type="submit"], button').first().click();
  await app.waitReady();
  await expect(app.serviceTiles()).toHaveCount(11);
  const allowed = await app.rpcFromPage('app.info', {}, token);
  expect(allowed.status).toBe(200);
});
