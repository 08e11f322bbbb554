import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { BoardEvaluation } from '../../shared/domain/board.js';
import { formatScore } from '../../shared/format/board-summary.js';
import { fakeClock } from '../../shared/testing/fake-clock.js';
import { startTargetServer } from '../../electron/core/probes/testing/target-server.js';
import type { TargetServer } from '../../electron/core/probes/testing/target-server.js';
import { renderApp } from '../testing/render-app.js';
import { startTestCore } from '../testing/test-core.js';
import type { TestCore, TestCoreOptions } from '../testing/test-core.js';
import { cleanupAfterEach } from '../testing/cleanup-after-each.js';

/**
 * The launch plan's criteria in small: a hard blocker (the API ready), security scans (no register
 * on this branch yet, so unknown; not a blocker here, so it can be waived), the smoke profile, a
 * post-deployment validation, and two sign-offs, one per group.
 */
const BOARD = `board:
  criteria:
    services-ready: { title: Every service ready, group: technical, category: operations, rule: { type: services-ready-now, services: [api] } }
    security-scans: { title: All security scans passing, group: technical, category: security, rule: { type: security-gate-open }, hardBlocker: false }
    smoke-passed: { title: All smoke tests passing, group: technical, category: performance, rule: { type: load-profiles-passed, profiles: [smoke] } }
    validated: { title: Post-deployment validation passed, group: technical, category: validation, rule: { type: action-succeeded, action: post-deploy-validate } }
    rollback-trained: { title: Team trained on rollback procedures, group: operational, category: operations, signoff: { role: operations } }
    stakeholders: { title: Stakeholders approve launch, group: business, category: validation, signoff: { role: stakeholders } }
`;

/** A one-second smoke test of the API's health route: real requests from the real load engine. */
const LOAD = `load:
  scenarios:
    ping:
      service: api
      requests:
        - { name: GET /health/live, path: /health/live }
  thresholds:
    - rate(errors) < 0.01
  profiles:
    smoke: { model: closed, users: 2, duration: 1s, scenario: ping }
`;

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

function startCore(options: TestCoreOptions = {}): TestCore {
  const core = startTestCore({ urls: { api: { production: api.url } }, load: LOAD, board: BOARD, ...options });
  cleanups.push(() => core.close());
  return core;
}

function show(core: TestCore, role: 'operator' | 'viewer' = 'operator', hash = '#/board'): void {
  cleanups.push(renderApp({ client: role === 'operator' ? core.client : core.connect(role) }, hash).stop);
}

const board = (core: TestCore): Promise<BoardEvaluation> => core.call('board.get', {});
const card = (id: string) => screen.getByTestId(`criterion-${id}`);
const stateOf = (id: string) => card(id).dataset.state;
const type = (testId: string, value: string) => fireEvent.change(screen.getByTestId(testId), { target: { value } });

/** Resolves at the next board.changed the core emits that satisfies `test`. */
function boardChange(core: TestCore, test: (board: BoardEvaluation) => boolean): Promise<BoardEvaluation> {
  return new Promise((done) => {
    const stop = core.core.bus.on('board.changed', (payload) => {
      if (!test(payload)) return;
      stop();
      done(payload);
    });
  });
}

/** Real evidence: the probes see the API ready, the smoke profile passes, the validation script succeeds. */
async function produceEvidence(core: TestCore): Promise<{ loadRunId: number; actionRunId: number }> {
  await core.call('health.checkAll', {});
  const load = await core.call('load.start', { profile: 'smoke', actor: 'Sam' });
  await core.core.load.finished(load.id);
  const ended = new Promise<void>((done) => {
    const stop = core.core.bus.on('action.ended', () => {
      stop();
      done();
    });
  });
  const action = await core.call('actions.start', { actionId: 'post-deploy-validate', params: {}, dryRun: false, actor: 'Ana', confirmation: 'production' });
  await ended;
  return { loadRunId: load.id, actionRunId: action.id };
}

describe('Board view', () => {
  it('shows a fresh launch as NO-GO with the reasons: blockers first, the score, category weights, criteria by group', async () => {
    const core = startCore();
    show(core);
    const verdict = await screen.findByTestId('board-verdict');
    const expected = await board(core);
    expect(expected.verdict).toBe('NO-GO');
    expect(verdict.dataset.verdict).toBe('NO-GO');
    expect(verdict.textContent).toBe('NO-GO');
    expect(screen.getByTestId('board-score-value').textContent).toBe(formatScore(expected.score));
    expect(screen.getByTestId('board-verdict-line').textContent).toBe(`1 blocker, ${formatScore(expected.score)} < 90 %`);
    // The mark above says NO-GO: the line says what it rests on, not the word again.
    expect(screen.getByTestId('board-verdict-line').textContent).not.toMatch(/\bGO\b/);

    // The blocker comes before any criterion and says why, in the core's words.
    const blocker = screen.getByTestId('blocker-services-ready');
    const why = expected.blockers.find((b) => b.criterionId === 'services-ready')?.why;
    expect(why).toBeTruthy();
    expect(blocker.textContent).toContain(why);
    expect(blocker.compareDocumentPosition(screen.getByTestId('board-criteria')) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();

    // Category bars with their weights, 30/30/20/20.
    const weights = ['security', 'performance', 'operations', 'validation'].map((c) => within(screen.getByTestId(`category-${c}`)).getByText(/weight/).textContent);
    expect(weights).toEqual(['weight 30', 'weight 30', 'weight 20', 'weight 20']);

    // Groups in order, each criterion in the state the core gave it, nothing known yet.
    const groups = within(screen.getByTestId('board-criteria')).getAllByRole('heading', { level: 3 }).map((h) => h.firstChild?.textContent);
    expect(groups).toEqual(['Technical', 'Operational', 'Business']);
    for (const criterion of expected.criteria) {
      expect(stateOf(criterion.id)).toBe(criterion.state);
      expect(within(card(criterion.id)).getByTestId('criterion-why').textContent).toBe(criterion.why);
    }
    expect(within(card('security-scans')).getByTestId('criterion-state').textContent).toBe('Unknown');
    expect(screen.getByTestId('board-unknown-count').textContent).toBe(`${expected.unknownCount} unknown`);
    expect(screen.getByTestId('board-togo').textContent).toMatch(/^\d+ more to GO: Every service ready/);
    // The service tiles stay below.
    expect(screen.getByTestId('service-tile-api')).toBeTruthy();
  });

  it('moves to GO on real evidence, a sign-off through the dialog and a waiver, live from board.changed', async () => {
    const core = startCore();
    show(core);
    await screen.findByTestId('board-verdict');
    const { loadRunId, actionRunId } = await produceEvidence(core);
    await waitFor(() => expect(stateOf('smoke-passed')).toBe('met'));
    await waitFor(() => expect(stateOf('services-ready')).toBe('met'));
    await waitFor(() => expect(stateOf('validated')).toBe('met'));
    expect(screen.queryByTestId('board-blockers')).toBeNull();
    await core.call('board.signoff', { criterionId: 'stakeholders', by: 'Lee (stakeholders)' });

    // The operator signs off the training: fields, then a summary to confirm.
    fireEvent.click(await screen.findByTestId('signoff-rollback-trained'));
    const dialog = screen.getByTestId('signoff-dialog');
    type('signoff-by', 'Ana (operations)');
    type('signoff-note', 'Rollback drill walked through with the on-call team');
    type('signoff-link', 'https://wiki.example.com/training/rollback');
    fireEvent.click(within(dialog).getByTestId('board-dialog-next'));
    expect(within(dialog).getByTestId('board-dialog-summary').textContent).toContain('Rollback drill walked through');
    expect(core.inputs('board.signoff')).toHaveLength(0);
    fireEvent.click(within(dialog).getByTestId('board-dialog-confirm'));
    await waitFor(() => expect(screen.queryByTestId('signoff-dialog')).toBeNull());
    expect(core.inputs('board.signoff').at(-1)).toEqual({
      criterionId: 'rollback-trained',
      by: 'Ana (operations)',
      note: 'Rollback drill walked through with the on-call team',
      link: 'https://wiki.example.com/training/rollback',
    });
    await waitFor(() => expect(stateOf('rollback-trained')).toBe('met'));
    const evidence = within(card('rollback-trained')).getByTestId('evidence-item');
    expect(evidence.textContent).toContain('Rollback drill walked through with the on-call team');
    expect(evidence.textContent).toContain('by Ana (operations)');

    // Everything but the security scans: short of GO, and the screen says what is left.
    const beforeWaiver = await board(core);
    expect(beforeWaiver.verdict).toBe('NO-GO');
    expect(screen.getByTestId('board-togo').textContent).toBe('1 more to GO: All security scans passing');

    // Waive the scans (no register on this branch): owner, reason, last day, confirmed.
    fireEvent.click(screen.getByTestId('waive-security-scans'));
    const waive = screen.getByTestId('waive-dialog');
    expect((screen.getByTestId<HTMLInputElement>('waive-by')).value).toBe('Ana (operations)');
    type('waive-by', '');
    type('waive-reason', 'Scanners run on the CI side until the register lands');
    fireEvent.click(within(waive).getByTestId('board-dialog-next'));
    expect(within(waive).getByTestId('board-dialog-problems').textContent).toContain('owns the waiver');
    type('waive-by', 'Kim (security)');
    fireEvent.click(within(waive).getByTestId('board-dialog-next'));
    fireEvent.click(within(waive).getByTestId('board-dialog-confirm'));
    await waitFor(() => expect(screen.getByTestId('board-verdict').dataset.verdict).toBe('GO'));
    expect(screen.getByTestId('board-verdict-line').textContent).toBe(`${formatScore((await board(core)).score)} ≥ 90 %, no blockers, 1 waiver`);
    expect(screen.getByTestId('board-verdict-line').textContent).not.toMatch(/\bGO\b/);
    expect(stateOf('security-scans')).toBe('waived');
    expect(within(card('security-scans')).getByTestId('criterion-waiver').textContent).toContain('Kim (security)');
    const go = await board(core);
    expect(go.verdict).toBe('GO');
    expect(screen.getByTestId('board-score-value').textContent).toBe(formatScore(go.score));
    expect(screen.queryByTestId('board-togo')).toBeNull();

    // Evidence links open the stored run on its own view.
    fireEvent.click(within(card('smoke-passed')).getByTestId('evidence-link'));
    const loadResult = await screen.findByTestId('load-result');
    expect(loadResult.dataset.runId).toBe(String(loadRunId));
    act(() => void (window.location.hash = '#/board'));
    fireEvent.click(await within(await screen.findByTestId('criterion-validated')).findByTestId('evidence-link'));
    await waitFor(() => expect(screen.getByTestId('run-panel').dataset.runId).toBe(String(actionRunId)));

    // Revoking the waiver: the scans count again, NO-GO at once.
    act(() => void (window.location.hash = '#/board'));
    fireEvent.click(await screen.findByTestId('revoke-security-scans'));
    const revoke = screen.getByTestId('revoke-dialog');
    fireEvent.click(within(revoke).getByTestId('board-dialog-next'));
    fireEvent.click(within(revoke).getByTestId('board-dialog-confirm'));
    await waitFor(() => expect(screen.getByTestId('board-verdict').dataset.verdict).toBe('NO-GO'));
    expect(stateOf('security-scans')).toBe('unknown');
  });

  it('shows the core’s refusal in the dialog when the criterion was met while the operator typed', async () => {
    const core = startCore();
    show(core);
    fireEvent.click(await screen.findByTestId('waive-smoke-passed'));
    const dialog = screen.getByTestId('waive-dialog');
    type('waive-by', 'Kim');
    type('waive-reason', 'No time for a smoke test');
    fireEvent.click(within(dialog).getByTestId('board-dialog-next'));
    // Meanwhile the smoke test runs and passes.
    const met = boardChange(core, (b) => b.criteria.some((c) => c.id === 'smoke-passed' && c.state === 'met'));
    const load = await core.call('load.start', { profile: 'smoke', actor: 'Sam' });
    await core.core.load.finished(load.id);
    await met;
    fireEvent.click(within(dialog).getByTestId('board-dialog-confirm'));
    const error = await within(dialog).findByTestId('board-dialog-error');
    expect(error.textContent).toContain('Waiver refused');
    expect(error.textContent).toContain('is met: there is nothing to waive');
    expect((await board(core)).waivers).toEqual([]);
  });

  it('is read-only for viewers, who see an operator’s sign-off arrive live', async () => {
    const core = startCore();
    show(core, 'viewer');
    await screen.findByTestId('board-verdict');
    expect(screen.queryByTestId('signoff-rollback-trained')).toBeNull();
    expect(screen.queryByTestId('waive-smoke-passed')).toBeNull();
    expect(stateOf('stakeholders')).toBe('unknown');
    await core.call('board.signoff', { criterionId: 'stakeholders', by: 'Lee', note: 'Approved in the steering meeting' });
    await waitFor(() => expect(stateOf('stakeholders')).toBe('met'));
    expect(within(card('stakeholders')).getByTestId('evidence-item').textContent).toContain('Approved in the steering meeting');
    // Nothing the viewer could call changed anything.
    expect(core.requests.filter((r) => r.name.startsWith('board.') && r.name !== 'board.get')).toEqual([]);
  });

  it('marks a sign-off stale once it is older than its maximum age, and the score drops', async () => {
    const clock = fakeClock(Date.UTC(2026, 11, 5, 18, 0, 0));
    const core = startCore({ clock, heartbeatIntervalMs: 86_400_000, core: { timers: clock } });
    show(core);
    await screen.findByTestId('board-verdict');
    const signed = boardChange(core, (b) => b.criteria.some((c) => c.id === 'stakeholders' && c.state === 'met'));
    await core.call('board.signoff', { criterionId: 'stakeholders', by: 'Lee' });
    await act(() => clock.advanceAsync(1000));
    const fresh = await signed;
    await waitFor(() => expect(stateOf('stakeholders')).toBe('met'));
    expect(screen.queryByTestId('board-stale-count')).toBeNull();

    // Sign-offs last 14 days by default; a day later it is stale, scores zero, and says so.
    const stale = boardChange(core, (b) => b.staleCount === 1);
    await act(() => clock.advanceAsync(15 * 86_400_000));
    const after = await stale;
    await waitFor(() => expect(stateOf('stakeholders')).toBe('stale'));
    expect(after.score).toBeLessThan(fresh.score);
    expect(screen.getByTestId('board-stale-count').textContent).toBe('1 stale');
    expect(screen.getByTestId('board-score-value').textContent).toBe(formatScore(after.score));
    expect(within(card('stakeholders')).getByTestId('criterion-state').textContent).toBe('Stale');
    expect(within(card('stakeholders')).getByTestId('criterion-why').textContent).toContain('old (max 14 d');
    // A stale manual criterion is signed off again from the same card.
    expect(screen.getByTestId('signoff-stakeholders').textContent).toBe('Sign off');
  });
});
