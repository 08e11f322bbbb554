import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startLoadTarget } from '../../electron/core/load/testing/load-target.js';
import type { LoadTarget } from '../../electron/core/load/testing/load-target.js';
import { renderApp } from '../testing/render-app.js';
import { startTestCore } from '../testing/test-core.js';
import type { TestCore } from '../testing/test-core.js';

/** The API gateway is a local load target; the real load engine runs a short suite against it. */
let target: LoadTarget;
beforeAll(async () => {
  target = await startLoadTarget();
});
afterAll(() => target?.close());

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const step of cleanups.splice(0).reverse()) await step();
  cleanup();
  localStorage.clear();
});

const LOAD = `load:
  scenarios:
    mix:
      service: api
      thinkTime: { min: 50ms, max: 50ms }
      requests:
        - { name: GET /fast, path: /fast }
  thresholds:
    - rate(errors) < 0.01
  profiles:
    light: { model: closed, users: 2, duration: 1s, scenario: mix }
    normal: { model: closed, users: 3, duration: 2s, scenario: mix }
  suites:
    baseline: { title: Performance baseline, profiles: [light, normal] }
`;

function open(): TestCore {
  const core = startTestCore({ urls: { api: { production: target.url } }, load: LOAD });
  cleanups.push(() => core.close());
  localStorage.setItem('warroom.author', 'Dana');
  cleanups.push(renderApp({ client: core.client }, '#/load').stop);
  return core;
}

describe('Load view: suites and baselines', { timeout: 60_000 }, () => {
  it('runs a suite from its button with one progress bar, a verdict per test and for the suite; a baseline marked, the next run compared', async () => {
    const core = open();
    const suite = await screen.findByTestId('suite-baseline');
    expect(suite.textContent).toContain('light → normal');
    fireEvent.click(within(suite).getByTestId('suite-start-baseline'));

    const card = await screen.findByTestId(/^suite-run-\d+$/);
    await waitFor(() => expect(within(card).getByTestId('suite-progress').textContent).toMatch(/^\d+ % · test [12] of 2 · ETA /));
    expect(within(card).getByTestId('suite-cancel')).toBeTruthy();
    await waitFor(() => expect(card.dataset.state).toBe('completed'), { timeout: 30_000 });
    expect(within(card).getByTestId('suite-verdict').textContent).toBe('passed');
    expect(within(card).getByTestId('suite-test-light').dataset.verdict).toBe('passed');
    expect(within(card).getByTestId('suite-test-normal').dataset.verdict).toBe('passed');

    // Open the light run and mark it as its profile's baseline.
    fireEvent.click(within(within(card).getByTestId('suite-test-light')).getByRole('button'));
    const box = await screen.findByTestId('load-baseline');
    expect(box.textContent).toContain('light has no baseline yet.');
    fireEvent.click(within(box).getByTestId('load-mark-baseline'));
    await waitFor(() => expect(screen.getByTestId('load-baseline-this').textContent).toBe('This run is the baseline of light.'));
    const baselines = (await core.call('load.suites', {})).baselines;
    expect(baselines.map((b) => b.profile)).toEqual(['light']);

    // A second run of the suite: its light run is compared with the baseline.
    fireEvent.click(screen.getByTestId('suite-start-baseline'));
    await waitFor(() => expect(screen.getAllByTestId(/^suite-run-\d+$/)[0]!.dataset.state).toBe('completed'), { timeout: 30_000 });
    const latest = screen.getAllByTestId(/^suite-run-\d+$/)[0]!;
    fireEvent.click(within(within(latest).getByTestId('suite-test-light')).getByRole('button'));
    const summary = await screen.findByTestId('load-baseline-summary');
    expect(summary.textContent).toMatch(new RegExp(`^Compared with baseline run #${baselines[0]!.runId}: (no regression|\\d+ regressions?)$`));
    expect(within(screen.getByTestId('load-baseline-table')).getAllByRole<HTMLTableRowElement>('row').map((r) => r.cells[0]?.textContent)).toEqual(['Endpoint', 'total', 'GET /fast']);
  });
});
