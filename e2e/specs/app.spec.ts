import { expect, screenshot, test } from '../fixtures.js';
import { AppPage, VIEWS } from '../pages/app-page.js';

const REHEARSAL_SERVICES = ['data-layer', 'event-bus', 'cache', 'identity', 'planner', 'task-runner', 'agent-registry', 'gateway', 'console', 'notifier', 'reporting'];

test('loads on the rehearsal config and shows every configured service', async ({ page, startWarroom }) => {
  const warroom = await startWarroom();
  const app = new AppPage(page);
  await app.open(warroom.url);
  await expect(app.view('board')).toBeVisible();
  await expect(app.serviceTiles()).toHaveCount(REHEARSAL_SERVICES.length);
  for (const id of REHEARSAL_SERVICES) await expect(page.getByTestId(`service-tile-${id}`)).toBeVisible();
  await expect(page.getByTestId('service-tile-gateway')).toContainText('API gateway');
  await expect(page.getByTestId('service-tile-gateway')).toContainText('127.0.0.1:8009');
  await expect(page.getByText('Platform launch — offline rehearsal')).toBeVisible();
  await expect(app.indicator()).toHaveAttribute('data-state', 'live');
  await expect(app.roleBadge()).toContainText(/operator/i);
  await expect(page.getByTestId('last-update')).toBeVisible();
});

test('navigates between every view, and a reload keeps the view', async ({ page, startWarroom }) => {
  const warroom = await startWarroom();
  const app = new AppPage(page);
  await app.open(warroom.url);
  for (const view of VIEWS) {
    await app.goTo(view);
    await expect(page).toHaveURL(new RegExp(`#/${view}$`));
    await screenshot(page, `view-${view}`);
  }
  await page.reload();
  await app.waitReady();
  await expect(app.view(VIEWS[VIEWS.length - 1]!)).toBeVisible();
});

test('an operator note reaches every open screen live and survives a restart', async ({ page, browser, startWarroom }) => {
  const warroom = await startWarroom();
  const app = new AppPage(page);
  await app.open(`${warroom.url}#/log`);
  const wall = new AppPage(await browser.newPage());
  await wall.open(`${warroom.url}#/log`);

  await app.addNote('Ana (incident lead)', 'Rehearsal started: bad deploy at minute 2');
  await expect(app.journalEntries().first()).toContainText('Rehearsal started: bad deploy at minute 2');
  await expect(wall.journalEntries().first()).toContainText('Ana (incident lead)');
  await screenshot(page, 'log-with-note');

  await warroom.stop();
  await expect(app.indicator()).toHaveAttribute('data-state', /offline|stale|connecting/);
  await screenshot(page, 'offline');
  const restarted = await startWarroom({ dataDir: warroom.dataDir });
  await app.open(`${restarted.url}#/log`);
  await expect(app.journalEntries().first()).toContainText('Rehearsal started: bad deploy at minute 2');
});

test('a note that breaks the contract is refused with a clear message', async ({ page, startWarroom }) => {
  const warroom = await startWarroom();
  const app = new AppPage(page);
  await app.open(warroom.url);
  const result = await app.rpcFromPage('journal.add', { author: 'x', text: 'y', argv: ['rm', '-rf', '/'] });
  expect(result.status).toBe(400);
  expect(result.body.error?.code).toBe('invalid_input');
  const unknown = await app.rpcFromPage('shell.exec', { command: 'id' });
  expect(unknown.status).toBe(404);
  expect(unknown.body.error?.code).toBe('unknown_command');
});
