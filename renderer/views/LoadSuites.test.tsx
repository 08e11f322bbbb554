import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLoadTarget } from '../../electron/core/load/testing/load-target.js';
import type { LoadTarget } from '../../electron/core/load/testing/load-target.js';
import { renderApp } from '../testing/render-app.js';
import { startTestCore } from '../testing/test-core.js';
import type { TestCore } from '../testing/test-core.js';
import { cleanupAfterEach } from '../testing/cleanup-after-each.js';

/** The API gateway is a local load target; the real load engine runs a short suite against it. */
let target: LoadTarget;
beforeAll(async () => {
  target = await startLoadTarget();
});
afterAll(() => target?.close());

const cleanups = cleanupAfterEach();

const LOAD = `load:
  scenarios:
    mix:
      service: api
      thinkTime: { min: 50ms, max: 50ms }
      requests:
        - { name: GET /fast, path: /fast }
    broken:
      service: api
      thinkTime: { min: 50ms, max: 50ms }
      requests:
        - { name: GET /status/500, path: /status/500 }
  thresholds:
    - rate(errors) < 0.01
  profiles:
    light: { model: closed, users: 2, duration: 1s, scenario: mix }
    normal: { model: closed, users: 3, duration: 2s, scenario: mix }
    failing: { model: closed, users: 2, duration: 1s, scenario: broken }
  suites:
    baseline: { title: Performance baseline, profiles: [light, normal] }
    gate: { title: Release gate, profiles: [failing, light], onFailure: continue }
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

  it('accepts a failed threshold of a suite test with an exception (reason, owner, expiry; confirmed), so the run and the suite pass with 1 exception; withdrawn, they fail again', async () => {
    const core = open();
    fireEvent.click(await screen.findByTestId('suite-start-gate'));
    const card = await screen.findByTestId(/^suite-run-\d+$/);
    await waitFor(() => expect(card.dataset.state).toBe('completed'), { timeout: 30_000 });
    expect(within(card).getByTestId('suite-verdict').textContent).toMatch(/^failed: failing failed: rate\(errors\) < 0\.01/);

    // From the failed suite test to its run's failed thresholds.
    fireEvent.click(within(within(card).getByTestId('suite-test-failing')).getByTestId('suite-test-accept'));
    const box = await screen.findByTestId('load-exceptions');
    expect(box.dataset.verdict).toBe('failed');
    const row = within(box)
      .getAllByTestId(/^failed-threshold-\d+$/)
      .find((li) => li.textContent?.includes('rate(errors) < 0.01'))!;
    expect(within(box).getAllByTestId(/^failed-threshold-\d+$/)).toHaveLength(1);
    fireEvent.click(within(row).getByTestId('exception-accept'));

    const dialog = await screen.findByTestId('exception-dialog');
    expect(within(dialog).getByTestId<HTMLInputElement>('exception-owner').value).toBe('Dana');
    // Nothing recorded without a reason.
    expect(within(dialog).getByTestId<HTMLButtonElement>('board-dialog-next').disabled).toBe(true);
    fireEvent.change(within(dialog).getByTestId('exception-owner'), { target: { value: 'Lee (performance)' } });
    fireEvent.change(within(dialog).getByTestId('exception-reason'), { target: { value: 'The 500s are the stub target, not the API' } });
    fireEvent.click(within(dialog).getByTestId('board-dialog-next'));
    expect(within(dialog).getByTestId('board-dialog-summary').textContent).toContain('The 500s are the stub target, not the API');
    expect((await core.call('load.suites', {})).exceptions).toEqual([]);
    fireEvent.click(within(dialog).getByTestId('board-dialog-confirm'));
    await waitFor(() => expect(screen.queryByTestId('exception-dialog')).toBeNull());

    await waitFor(() => expect(screen.getByTestId('load-exceptions-verdict').textContent).toBe('passed with 1 exception'));
    expect(screen.getByTestId('load-exceptions').dataset.verdict).toBe('passed');
    expect(within(screen.getByTestId('load-exceptions')).getByTestId('exception-standing').textContent).toMatch(/standing.*owner Lee \(performance\) · The 500s are the stub target, not the API.*until .*accepted by Dana/);
    await waitFor(() => expect(within(screen.getByTestId(/^suite-run-\d+$/)).getByTestId('suite-verdict').textContent).toBe('passed with 1 exception'));
    // The run's own mark and its history row say so too (not "Failed").
    const runId = Number(screen.getByTestId('load-result').dataset.runId);
    const mark = screen.getByTestId('load-run-state');
    expect([mark.dataset.state, mark.dataset.verdict, mark.textContent]).toEqual(['failed', 'passed', 'Passedwith 1 exception']);
    const historyMark = within(screen.getByTestId(`load-run-${runId}`)).getByText('Passed').parentElement!;
    expect(historyMark.dataset.verdict).toBe('passed');
    const [stored] = (await core.call('load.suites', {})).exceptions;
    expect(stored).toMatchObject({ expression: 'rate(errors) < 0.01', endpoint: null, owner: 'Lee (performance)', actor: 'Dana', withdrawnAt: null });
    // Stands through the day chosen (a week ahead by default): until the next local midnight after it.
    const expires = new Date(stored!.expiresAt);
    expect([expires.getHours(), expires.getMinutes()]).toEqual([0, 0]);
    expect(stored!.expiresAt - Date.now()).toBeGreaterThan(7 * 86_400_000 - 86_400_000);
    const audit = await core.call('audit.tail', { limit: 5 });
    expect(audit.find((e) => e.event === 'load_exception')).toMatchObject({ actor: 'Dana', detail: { owner: 'Lee (performance)', threshold: 'rate(errors) < 0.01' } });

    // Withdrawn: failed again at once, the withdrawal shown.
    fireEvent.click(within(screen.getByTestId('load-exceptions')).getByTestId('exception-withdraw'));
    const withdraw = await screen.findByTestId('exception-withdraw-dialog');
    fireEvent.click(within(withdraw).getByTestId('board-dialog-confirm'));
    await waitFor(() => expect(screen.getByTestId('load-exceptions').dataset.verdict).toBe('failed'));
    expect(within(screen.getByTestId('load-exceptions')).getByTestId('exception-past').textContent).toMatch(/withdrawn.*withdrawn by Dana at /);
    await waitFor(() => expect(within(screen.getByTestId(/^suite-run-\d+$/)).getByTestId('suite-verdict').textContent).toMatch(/^failed: /));
    expect([screen.getByTestId('load-run-state').dataset.verdict, screen.getByTestId('load-run-state').textContent]).toEqual(['failed', 'Failed']);
    expect(within(screen.getByTestId(`load-run-${runId}`)).getByText('Failed')).toBeTruthy();
    expect((await core.call('audit.tail', { limit: 5 })).some((e) => e.event === 'load_exception_withdrawn')).toBe(true);
  });
});
