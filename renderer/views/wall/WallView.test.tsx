import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { formatScore } from '../../../shared/format/board-summary.js';
import { startTargetServer } from '../../../electron/core/probes/testing/target-server.js';
import type { TargetServer } from '../../../electron/core/probes/testing/target-server.js';
import { toLocalInput } from '../../components/wall/ReplayBar.js';
import { LINK_GRACE_MS } from '../../components/wall/use-link-lost.js';
import { formatClock, formatDateTime } from '../../lib/time.js';
import { renderApp } from '../../testing/render-app.js';
import { startTestCore } from '../../testing/test-core.js';
import type { TestCore } from '../../testing/test-core.js';
import type { MemoryClient } from '../../api/memory-client.js';
import { cleanupAfterEach } from '../../testing/cleanup-after-each.js';

const LAUNCH_AT = '2031-03-01T09:00:00Z';

let api: TargetServer;
beforeAll(async () => {
  api = await startTargetServer();
});
afterAll(() => api?.close());
beforeEach(() => {
  api.route('/health/live', { kind: 'respond', status: 200, json: { ok: true } });
  api.route('/health/ready', { kind: 'respond', status: 200, json: { ok: true } });
});

const cleanups = cleanupAfterEach();

/** A core with a launch time, and the wall on a viewer's connection (as a wall display has). */
function startWall(): TestCore & { shown: MemoryClient } {
  const core = startTestCore({ urls: { api: { production: api.url } }, launch: `launch:\n  at: ${LAUNCH_AT}\n  label: Checkout go-live\n` });
  cleanups.push(() => core.close());
  const shown = core.connect('viewer');
  const rendered = renderApp({ client: shown }, '', { wall: true });
  cleanups.push(rendered.stop);
  return Object.assign(core, { shown });
}

const tile = (id: string) => screen.getByTestId(`wall-tile-${id}`);

describe('Wall view', () => {
  it('shows the verdict and score the core evaluated, T-0 to the configured launch, a tile per service and the blockers; no navigation', async () => {
    const core = startWall();
    const verdict = await screen.findByTestId('wall-verdict');
    const board = await core.call('board.get', {});
    await waitFor(() => expect(verdict.dataset.verdict).toBe(board.verdict));
    expect(screen.getByTestId('wall-score').textContent).toBe(formatScore(board.score));
    expect(screen.getByTestId('wall-countdown').textContent).toMatch(/^Checkout go-live · 2031-03-01 \d\d:00T−\d+d \d\d:\d\d:\d\d$/);
    expect(screen.getAllByTestId(/^wall-tile-/).map((el) => el.dataset.testid)).toEqual(['wall-tile-api', 'wall-tile-db']);
    for (const blocker of board.blockers) expect(screen.getByTestId(`wall-blocker-${blocker.criterionId}`).textContent).toContain(blocker.why);
    expect(screen.queryByTestId('nav-board')).toBeNull();
    expect(screen.getByTestId('wall').dataset.link).toBe('live');
  });

  it('turns a tile and the ticker as the service changes, each in colour, shape and word', async () => {
    const core = startWall();
    await screen.findByTestId('wall-tile-api');
    await core.call('health.checkAll', {});
    await waitFor(() => expect(tile('api').dataset.status).toBe('up'));
    expect(within(tile('api')).getByText('Up')).toBeTruthy();
    api.route('/health/ready', { kind: 'respond', status: 503, json: { ok: false } });
    await core.call('health.checkAll', {});
    await waitFor(() => expect(tile('api').dataset.status).not.toBe('up'));
    const ticker = screen.getByTestId('wall-ticker');
    await waitFor(() => expect(ticker.textContent).toMatch(/API gateway: Up → (Down|Degraded)/));
    const latest = within(ticker).getAllByRole('listitem')[0]!;
    expect(latest.textContent).toMatch(/API gateway: Up → (Down|Degraded)/);
    expect(latest.dataset.tone).toMatch(/bad|warn/);
  });

  it('says DISCONNECTED and greys out once the stream has been down past the grace, and clears when it comes back', async () => {
    const core = startWall();
    const wall = await screen.findByTestId('wall');
    await waitFor(() => expect(wall.dataset.link).toBe('live'));
    act(() => core.shown.setLinkState('closed'));
    expect(screen.queryByTestId('wall-band')).toBeNull();
    await waitFor(() => expect(screen.getByTestId('wall-band').dataset.band).toBe('DISCONNECTED'), { timeout: LINK_GRACE_MS + 2000 });
    expect(wall.className).toContain('wall--cut');
    act(() => core.shown.setLinkState('open'));
    await waitFor(() => expect(wall.dataset.link).toBe('live'));
    expect(screen.queryByTestId('wall-band')).toBeNull();
    expect(wall.className).not.toContain('wall--cut');
  });

  it('replays a past moment from stored evidence, marked REPLAY, and Live returns', async () => {
    const core = startWall();
    await screen.findByTestId('wall-tile-api');
    // Stored evidence of ten minutes ago: the API was up then.
    const tenMinutesAgo = Date.now() - 10 * 60_000;
    core.core.store.healthTransitions.record('production', { service: 'api', probeId: null, at: tenMinutesAgo, from: 'unknown', to: 'up', reason: 'HTTP 200', causedBy: null });
    core.core.store.probeResults.insertMany('production', [{ probeId: 'api/ready', service: 'api', at: tenMinutesAgo, outcome: 'up', latencyMs: 7, detail: 'HTTP 200' }]);
    // The replay field has second precision.
    const upAt = Math.floor((tenMinutesAgo + 30_000) / 1000) * 1000;
    api.route('/health/ready', { kind: 'respond', status: 503, json: { ok: false } });
    await core.call('health.checkAll', {});
    await waitFor(() => expect(tile('api').dataset.status).not.toBe('up'));

    fireEvent.change(screen.getByTestId('replay-time'), { target: { value: toLocalInput(upAt) } });
    fireEvent.click(screen.getByTestId('replay-go'));
    await waitFor(() => expect(screen.getByTestId('wall').dataset.replayAt).toBe(String(upAt)));
    expect(screen.getByTestId('wall-band').dataset.band).toBe('REPLAY');
    expect(tile('api').dataset.status).toBe('up');
    expect(core.inputs('replay.get')).toEqual([{ asOf: upAt }]);

    fireEvent.click(screen.getByTestId('replay-live'));
    await waitFor(() => expect(tile('api').dataset.status).not.toBe('up'));
    expect(screen.queryByTestId('wall-band')).toBeNull();
  });

  it('never dates live tiles or an older answer to a moment it could not load', async () => {
    const core = startWall();
    await screen.findByTestId('wall-tile-api');
    const tenMinutesAgo = Date.now() - 10 * 60_000;
    core.core.store.healthTransitions.record('production', { service: 'api', probeId: null, at: tenMinutesAgo, from: 'unknown', to: 'up', reason: 'HTTP 200', causedBy: null });
    const upAt = Math.floor((tenMinutesAgo + 30_000) / 1000) * 1000;
    const refusedAt = upAt + 60_000;
    api.route('/health/ready', { kind: 'respond', status: 503, json: { ok: false } });
    await core.call('health.checkAll', {});
    await waitFor(() => expect(tile('api').dataset.status).not.toBe('up'));
    // The wall's link refuses that one moment, as a core that cannot read it would.
    const call = core.shown.call.bind(core.shown);
    core.shown.call = ((name: string, input: { asOf?: number }) =>
      name === 'replay.get' && input.asOf === refusedAt ? Promise.reject(new Error('replay refused: store busy')) : call(name as never, input as never)) as typeof core.shown.call;
    const ask = (at: number) => {
      fireEvent.change(screen.getByTestId('replay-time'), { target: { value: toLocalInput(at) } });
      fireEvent.click(screen.getByTestId('replay-go'));
    };

    // A moment that cannot be loaded, with nothing replayed before: no live tile passes for the past.
    ask(refusedAt);
    await screen.findByTestId('replay-error');
    expect(tile('api').dataset.status).toBe('unknown');
    expect(tile('api').textContent).toContain('moment not loaded');
    expect(screen.getByTestId('wall-band').textContent).toContain('could not be loaded — not live');

    // A moment that loads, then one that does not: the band keeps the moment on screen.
    ask(upAt);
    await waitFor(() => expect(screen.getByTestId('wall').dataset.replayAt).toBe(String(upAt)));
    expect(tile('api').dataset.status).toBe('up');
    ask(refusedAt);
    await screen.findByTestId('replay-error');
    const band = screen.getByTestId('wall-band').textContent ?? '';
    expect(band).toContain(`REPLAY ${formatClock(upAt).slice(0, 5)}`);
    expect(band).toContain(`as it was at ${formatDateTime(upAt)} — not live; ${formatClock(refusedAt)} could not be loaded`);
    expect(tile('api').dataset.status).toBe('up');
  });

  it('replays the moment the time field shows when Show is pressed without typing', async () => {
    const core = startWall();
    await screen.findByTestId('wall-tile-api');
    // A time typed equal to the one shown fires no change event: Show must still take it.
    const shown = screen.getByTestId<HTMLInputElement>('replay-time').value;
    fireEvent.click(screen.getByTestId('replay-go'));
    await waitFor(() => expect(core.inputs('replay.get')).toHaveLength(1));
    expect(core.inputs('replay.get')).toEqual([{ asOf: new Date(shown).getTime() }]);
  });
});
