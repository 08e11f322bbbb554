import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { ActionsOverview, ActionView } from '../../shared/domain/actions.js';
import { LOG_CAP_CHARS } from '../stores/slices/run-logs.js';
import { useAppStore } from '../stores/store.js';
import { actionRun, actionsOverview, rehearsalActions } from '../testing/actions-fixture.js';
import { createFakeCore } from '../testing/fake-core.js';
import type { FakeCore, FakeCoreOptions } from '../testing/fake-core.js';
import { renderApp } from '../testing/render-app.js';

const stops: (() => void)[] = [];
afterEach(() => {
  stops.splice(0).forEach((stop) => stop());
  cleanup();
  localStorage.clear();
});

const SERVICES = ['api', 'db'];

function open(options: FakeCoreOptions & { overview?: Partial<ActionsOverview> } = {}, hash = '#/actions'): FakeCore {
  const { overview, ...rest } = options;
  const core = createFakeCore({ actions: actionsOverview(SERVICES, overview), ...rest });
  stops.push(renderApp(core, hash).stop);
  return core;
}

const asOperator = (name = 'Ana') => localStorage.setItem('warroom.author', name);
const submit = () => screen.getByTestId<HTMLButtonElement>('confirm-submit');
const type = (testId: string, value: string) => fireEvent.change(screen.getByTestId(testId), { target: { value } });
const lastRequest = (core: FakeCore, name: string) => core.requests.filter((r) => r.name === name).at(-1)?.input;

describe('Actions view', () => {
  it('shows the environment with a PRODUCTION marker and a card per action, rollbacks first', async () => {
    open({ overview: { production: true } });
    const env = await screen.findByTestId('actions-environment');
    expect(env.dataset.production).toBe('true');
    expect(within(env).getByTestId('production-marker').textContent).toBe('PRODUCTION');
    expect(env.textContent).toContain('Production (eu-west)');
    const cards = within(screen.getByTestId('action-cards')).getAllByRole('article').map((card) => card.dataset.testid);
    expect(cards.slice(0, 2)).toEqual(['action-rollback', 'action-rollback-service']);
    expect(cards).toHaveLength(7);
    expect(screen.getByTestId('action-dry-run-db-migrate')).toBeTruthy();
    expect(screen.queryByTestId('action-dry-run-rollback')).toBeNull();
  });

  it('shows when a rollback was last rehearsed and how long it took, or that it never was', async () => {
    const at = new Date();
    at.setHours(14, 2, 0, 0);
    const actions = rehearsalActions(SERVICES).map((a): ActionView =>
      a.id === 'rollback' ? { ...a, lastRehearsal: { runId: 4, at: at.getTime(), durationMs: 12_000, dryRun: true } } : a,
    );
    open({ overview: { actions } });
    expect((await screen.findByTestId('last-rehearsal-rollback')).textContent).toBe('Last rehearsed: 14:02 (dry run), took 12 s');
    const never = screen.getByTestId('last-rehearsal-rollback-service');
    expect(never.textContent).toContain('Never rehearsed');
    expect(never.className).toContain('last-rehearsal--never');
  });

  it('disables an action not allowed here and says why', async () => {
    const actions = rehearsalActions(SERVICES).map((a): ActionView => (a.id === 'deploy' ? { ...a, allowedHere: false } : a));
    open({ overview: { actions } });
    expect((await screen.findByTestId<HTMLButtonElement>('action-run-deploy')).disabled).toBe(true);
    expect(screen.getByTestId('action-disabled-deploy').textContent).toContain('Not available in staging');
  });

  it('checks a text parameter against its pattern before anything is sent', async () => {
    const tag: ActionView = {
      ...rehearsalActions(SERVICES)[0]!,
      id: 'tag-release',
      label: 'Tag a release',
      kind: 'other',
      confirm: 'click',
      params: { build: { type: 'text', label: 'Build', pattern: '[0-9]+', maxLength: 10 } },
    };
    open({ overview: { actions: [tag] } });
    const run = await screen.findByTestId<HTMLButtonElement>('action-run-tag-release');
    expect(screen.getByTestId('action-tag-release').textContent).toContain('[0-9]+');
    expect(run.disabled).toBe(true);
    type('param-tag-release-build', 'abc');
    expect(screen.getByTestId('param-tag-release-build-problem').textContent).toBe('must match [0-9]+');
    expect(run.disabled).toBe(true);
    type('param-tag-release-build', '42');
    expect(screen.queryByTestId('param-tag-release-build-problem')).toBeNull();
    expect(run.disabled).toBe(false);
  });
});

describe('Confirmation', () => {
  it('enables the rollback only once the environment name is typed exactly, and sends what was typed', async () => {
    asOperator();
    const core = open({ overview: { production: true } });
    fireEvent.click(await screen.findByTestId('action-run-rollback'));
    const dialog = screen.getByTestId('confirm-dialog');
    expect(dialog.dataset.confirm).toBe('type-environment');
    expect(dialog.textContent).toContain('Roll back everything');
    expect(within(dialog).getByTestId('confirm-summary').textContent).toContain('Production (eu-west)');
    expect(within(dialog).getByTestId('confirm-environment').textContent).toContain('PRODUCTION');
    expect(dialog.textContent).toContain('Type production to confirm');
    expect(screen.getByTestId<HTMLInputElement>('confirm-actor').value).toBe('Ana');
    expect(submit().disabled).toBe(true);
    for (const wrong of ['prod', 'Production', 'production ', 'staging']) {
      type('confirm-input', wrong);
      expect(submit().disabled).toBe(true);
    }
    type('confirm-input', 'production');
    expect(submit().disabled).toBe(false);
    fireEvent.click(submit());
    await waitFor(() => expect(screen.queryByTestId('confirm-dialog')).toBeNull());
    expect(lastRequest(core, 'actions.start')).toEqual({ actionId: 'rollback', params: {}, dryRun: false, actor: 'Ana', confirmation: 'production' });
    const panel = screen.getByTestId('run-panel');
    expect(panel.dataset).toMatchObject({ runId: '1', state: 'running' });
    expect(within(panel).getByTestId('run-state').textContent).toBe('Running');
    expect(screen.getByTestId('run-row-1').dataset.state).toBe('running');
  });

  it('asks for the chosen service’s name for a per-service rollback', async () => {
    asOperator();
    const core = open();
    await screen.findByTestId('action-rollback-service');
    expect(screen.getByTestId<HTMLButtonElement>('action-run-rollback-service').disabled).toBe(true);
    expect(screen.getByTestId('action-hint-rollback-service').textContent).toBe('First choose Service.');
    type('param-rollback-service-service', 'db');
    fireEvent.click(screen.getByTestId('action-run-rollback-service'));
    const dialog = screen.getByTestId('confirm-dialog');
    expect(dialog.textContent).toContain('Type db to confirm');
    expect(within(dialog).getByTestId('confirm-summary').textContent).toContain('Orders DB');
    // Never a command line: no argv, no script path.
    expect(dialog.textContent).not.toMatch(/rollback\.mjs|node |--service/);
    type('confirm-input', 'api');
    expect(submit().disabled).toBe(true);
    type('confirm-input', 'db');
    fireEvent.click(submit());
    await waitFor(() => expect(screen.queryByTestId('confirm-dialog')).toBeNull());
    expect(lastRequest(core, 'actions.start')).toMatchObject({ actionId: 'rollback-service', params: { service: 'db' }, confirmation: 'db' });
  });

  it('shows the core’s refusal in the dialog and keeps it open', async () => {
    asOperator();
    open({
      answer: {
        'actions.start': () => ({ ok: false, error: { code: 'invalid_input', message: 'confirmation "staging" does not match: type "production" to confirm' } }),
      },
    });
    fireEvent.click(await screen.findByTestId('action-run-rollback'));
    type('confirm-input', 'staging');
    fireEvent.click(submit());
    const error = await screen.findByTestId('confirm-error');
    expect(error.textContent).toContain('Roll back everything refused');
    expect(error.textContent).toContain('type "production" to confirm');
    expect(screen.getByTestId('confirm-dialog')).toBeTruthy();
    expect(useAppStore.getState().actions.runs).toEqual({});
  });

  it('asks for a click for click-confirmed actions, and for the operator’s name once when none is remembered', async () => {
    const actions = rehearsalActions(SERVICES).map((a): ActionView => (a.id === 'restart-service' ? { ...a, confirm: 'click' } : a));
    const core = open({ overview: { actions } });
    await screen.findByTestId('param-restart-service-service');
    type('param-restart-service-service', 'api');
    fireEvent.click(screen.getByTestId('action-run-restart-service'));
    expect(screen.queryByTestId('confirm-input')).toBeNull();
    expect(screen.getByTestId('confirm-dialog').textContent).toContain('Your name (who is running this)');
    expect(submit().disabled).toBe(true);
    type('confirm-actor', 'Bo');
    fireEvent.click(submit());
    await waitFor(() => expect(screen.queryByTestId('confirm-dialog')).toBeNull());
    expect(lastRequest(core, 'actions.start')).toEqual({ actionId: 'restart-service', params: { service: 'api' }, dryRun: false, actor: 'Bo' });
    expect(localStorage.getItem('warroom.author')).toBe('Bo');
    expect((screen.getByTestId<HTMLInputElement>('operator-name')).value).toBe('Bo');
  });

  it('runs a "none" action at once, without a dialog', async () => {
    asOperator('Cy');
    const core = open();
    fireEvent.click(await screen.findByTestId('action-run-pre-deploy-check'));
    expect(screen.queryByTestId('confirm-dialog')).toBeNull();
    await waitFor(() => expect(screen.getByTestId('run-panel').dataset.runId).toBe('1'));
    expect(lastRequest(core, 'actions.start')).toEqual({ actionId: 'pre-deploy-check', params: {}, dryRun: false, actor: 'Cy' });
  });

  it('starts a dry run through the same confirmation', async () => {
    asOperator();
    const core = open();
    fireEvent.click(await screen.findByTestId('action-dry-run-db-migrate'));
    expect(screen.getByTestId('confirm-dialog').dataset.dryRun).toBe('true');
    expect(submit().textContent).toBe('Start dry run');
    type('confirm-input', 'staging');
    fireEvent.click(submit());
    await waitFor(() => expect(screen.queryByTestId('confirm-dialog')).toBeNull());
    expect(lastRequest(core, 'actions.start')).toMatchObject({ actionId: 'db-migrate', dryRun: true, confirmation: 'staging' });
  });
});

describe('Approval', () => {
  const approvalActions = () =>
    rehearsalActions(SERVICES, true).map((a): ActionView => (a.id === 'rollback' ? { ...a, requireApproval: true } : a));

  it('waits for a second operator: the requester cannot approve, another operator can', async () => {
    asOperator('Ana');
    const core = open({ overview: { production: true, actions: approvalActions() } });
    fireEvent.click(await screen.findByTestId('action-run-rollback'));
    expect(screen.getByTestId('confirm-approval-note')).toBeTruthy();
    expect(submit().textContent).toBe('Request approval');
    type('confirm-input', 'production');
    fireEvent.click(submit());
    await waitFor(() => expect(screen.getByTestId('run-panel').dataset.state).toBe('awaiting_approval'));
    const box = screen.getByTestId('approval-1');
    expect(box.textContent).toContain('Waiting for a second operator');
    expect(screen.getByTestId('awaiting-approval').textContent).toContain('Roll back everything #1');
    // The requester's own name is not offered as the approver.
    expect(screen.getByTestId<HTMLInputElement>('approver-1').value).toBe('');

    type('approver-1', 'ana');
    fireEvent.click(screen.getByTestId('approve-1'));
    const error = await screen.findByTestId('approve-error-1');
    expect(error.textContent).toContain('the requester cannot approve their own run');
    expect(screen.getByTestId('run-panel').dataset.state).toBe('awaiting_approval');

    type('approver-1', 'Bo');
    fireEvent.click(screen.getByTestId('approve-1'));
    await waitFor(() => expect(screen.getByTestId('run-panel').dataset.state).toBe('running'));
    expect(screen.getByTestId('run-approved-by').textContent).toMatch(/^Bo at \d\d:\d\d:\d\d$/);
    expect(screen.queryByTestId('awaiting-approval')).toBeNull();
    expect(lastRequest(core, 'actions.approve')).toEqual({ runId: 1, approver: 'Bo' });
  });

  it('lets an operator cancel a request waiting for approval, and a running run', async () => {
    asOperator('Ana');
    const now = Date.now();
    const core = open({ overview: { runs: [actionRun(2, 'deploy', now, { state: 'awaiting_approval', startedAt: null }), actionRun(1, 'rollback', now - 5000)] } });
    fireEvent.click(await screen.findByTestId('approval-cancel-2'));
    await waitFor(() => expect(screen.getByTestId('run-row-2').dataset.state).toBe('cancelled'));
    fireEvent.click(screen.getByTestId('run-row-1'));
    fireEvent.click(screen.getByTestId('run-cancel'));
    await waitFor(() => expect(screen.getByTestId('run-panel').dataset.state).toBe('cancelled'));
    expect(screen.getByTestId('run-reason').textContent).toBe('cancelled by Ana');
    expect(lastRequest(core, 'actions.cancel')).toEqual({ runId: 1, actor: 'Ana' });
  });
});

describe('Run panel and log', () => {
  const running = (now = Date.now()) => actionRun(7, 'deploy', now - 3000, { params: { version: '2.5.0' } });

  it('appends action.output to the open run’s log, with ANSI colours as styled spans and stderr set apart', async () => {
    const core = open({ overview: { runs: [running()] } });
    const log = await screen.findByTestId('run-log');
    await waitFor(() => expect(log.textContent).toBe('No output yet.'));
    act(() => {
      core.output(7, 'stdout', '\x1b[1mDeploying\x1b[0m 2.5.0\n\x1b[32m✔ gateway\x1b[0m ready\n');
      core.output(7, 'stderr', '\x1b[31mwarning:\x1b[0m slow start\n');
    });
    expect(log.textContent).toBe('Deploying 2.5.0\n✔ gateway ready\nwarning: slow start\n');
    expect(log.innerHTML).not.toContain('\x1b');
    expect(log.textContent).not.toMatch(/\[\d+m/);
    expect(within(log).getByText('Deploying').className).toBe('ansi-bold');
    expect(within(log).getByText('✔ gateway').className).toBe('ansi-fg-2');
    const warning = within(log).getByText('warning:');
    expect(warning.className).toBe('ansi-fg-1');
    expect(warning.closest('[data-stream]')?.getAttribute('data-stream')).toBe('stderr');
    expect(within(log).getByText(/Deploying/).closest('[data-stream]')?.getAttribute('data-stream')).toBe('stdout');
    expect(screen.getByTestId('run-elapsed').textContent).toMatch(/^running for \ds$/);
  });

  it('never turns output into markup', async () => {
    const core = open({ overview: { runs: [running()] } });
    const log = await screen.findByTestId('run-log');
    act(() => void core.output(7, 'stdout', '<img src=x onerror=alert(1)><b>not bold</b>'));
    expect(log.querySelector('img, b')).toBeNull();
    expect(log.textContent).toBe('<img src=x onerror=alert(1)><b>not bold</b>');
  });

  it('highlights search matches and steps through them', async () => {
    const core = open({ overview: { runs: [running()] } });
    const log = await screen.findByTestId('run-log');
    act(() => {
      core.output(7, 'stdout', 'ERROR one\nok\n');
      core.output(7, 'stderr', 'an error two\n');
      core.output(7, 'stdout', 'Error three\n');
    });
    type('log-search', 'error');
    await waitFor(() => expect(log.querySelectorAll('mark.log__match')).toHaveLength(3));
    expect([...log.querySelectorAll('mark')].map((m) => m.textContent)).toEqual(['ERROR', 'error', 'Error']);
    expect(screen.getByTestId('log-search-count').textContent).toBe('1 of 3');
    expect(log.querySelector('[data-current-match]')?.getAttribute('data-match')).toBe('0');
    fireEvent.click(screen.getByTestId('log-search-next'));
    expect(screen.getByTestId('log-search-count').textContent).toBe('2 of 3');
    expect(log.querySelector('[data-current-match]')?.getAttribute('data-match')).toBe('1');
    fireEvent.click(screen.getByTestId('log-search-prev'));
    fireEvent.click(screen.getByTestId('log-search-prev'));
    expect(screen.getByTestId('log-search-count').textContent).toBe('3 of 3');
    expect(screen.getByTestId('log-follow').getAttribute('aria-pressed')).toBe('false');
    type('log-search', 'nothing like it');
    await waitFor(() => expect(screen.getByTestId('log-search-count').textContent).toBe('no match'));
    expect(log.querySelector('mark')).toBeNull();
  });

  it('toggles follow mode', async () => {
    open({ overview: { runs: [running()] } });
    const follow = await screen.findByTestId('log-follow');
    expect(follow.getAttribute('aria-pressed')).toBe('true');
    fireEvent.click(follow);
    expect(follow.getAttribute('aria-pressed')).toBe('false');
    expect(screen.getByTestId('run-log').dataset.follow).toBe('false');
    fireEvent.click(follow);
    expect(follow.getAttribute('aria-pressed')).toBe('true');
  });

  it('keeps at most the cap of a run that prints far more, and says so', async () => {
    const core = open({ overview: { runs: [running()] } });
    await screen.findByTestId('run-log');
    const megabyte = `${'x'.repeat(1023)}\n`.repeat(1024);
    act(() => {
      for (let i = 0; i < 6; i += 1) core.output(7, 'stdout', megabyte);
    });
    const log = useAppStore.getState().runLogs[7]!;
    expect(log.length).toBeLessThanOrEqual(LOG_CAP_CHARS);
    expect(log.droppedChars).toBe(6 * megabyte.length - log.length);
    expect(screen.getByTestId('log-dropped').textContent).toContain('Showing the newest 2.0 MB of output');
    expect(screen.getByTestId('run-log').textContent.length).toBe(log.length);
  });

  it('loads an older run’s stored output through actions.output and shows why it ended', async () => {
    const now = Date.now();
    const core = open({
      overview: {
        runs: [running(now), actionRun(3, 'deploy', now - 600_000, { state: 'failed', endedAt: now - 540_000, exitCode: 3, reason: 'exited with code 3', outputBytes: 9_000_000, outputTruncated: true })],
      },
      outputs: { 3: 'step 1\n\x1b[31mfailed: pool exhausted\x1b[0m\n[output truncated]' },
    });
    fireEvent.click(await screen.findByTestId('run-row-3'));
    const panel = screen.getByTestId('run-panel');
    expect(panel.dataset).toMatchObject({ runId: '3', state: 'failed' });
    await waitFor(() => expect(screen.getByTestId('run-log').textContent).toBe('step 1\nfailed: pool exhausted\n[output truncated]'));
    expect(lastRequest(core, 'actions.output')).toEqual({ runId: 3 });
    expect(within(panel).getByTestId('run-state').textContent).toBe('Failed');
    expect(within(panel).getByTestId('run-exit').textContent).toBe('exit code 3');
    expect(within(panel).getByTestId('run-reason').textContent).toBe('exited with code 3');
    expect(within(panel).getByTestId('run-elapsed').textContent).toBe('took 1m 00s');
    expect(within(panel).getByTestId('log-truncated').textContent).toContain('8.6 MB');
    expect(within(panel).queryByTestId('run-cancel')).toBeNull();
  });

  it('shows health before and after a verified rollback with the verdict', async () => {
    const now = Date.now();
    const rollback = actionRun(5, 'rollback', now - 60_000, {
      state: 'succeeded',
      endedAt: now - 30_000,
      exitCode: 0,
      healthBefore: { api: 'down', db: 'up' },
      healthAfter: { api: 'up', db: 'up' },
      healthRestored: true,
    });
    const core = open({ overview: { runs: [rollback] } });
    const verdict = await screen.findByTestId('health-restored');
    expect(verdict.dataset.restored).toBe('true');
    expect(verdict.textContent).toBe('Health restored');
    const api = screen.getByTestId('before-after-api');
    expect(api.dataset).toMatchObject({ before: 'down', after: 'up' });
    expect(api.textContent).toContain('API gateway');
    expect(api.textContent).toContain('Down');
    expect(api.textContent).toContain('Up');

    act(() => void core.changeRun({ ...rollback, healthAfter: { api: 'down', db: 'up' }, healthRestored: false }));
    expect(screen.getByTestId('health-restored').dataset.restored).toBe('false');
    expect(screen.getByTestId('health-restored').textContent).toBe('Health NOT restored');
  });

  it('shows the health a run started from while there is no result after it', async () => {
    const now = Date.now();
    open({ overview: { runs: [actionRun(6, 'rollback', now - 5000, { healthBefore: { api: 'down', db: 'up' } })] } });
    const before = await screen.findByTestId('health-before');
    expect(before.textContent).toContain('Health when it started: 1 of 2 up');
    expect(before.textContent).toContain('API gateway');
    expect(before.textContent).toContain('Down');
    expect(screen.queryByTestId('health-restored')).toBeNull();
  });

  it('follows the newest run while none was picked, and a picked one after that', async () => {
    asOperator();
    const now = Date.now();
    const core = open({ overview: { runs: [actionRun(1, 'rollback', now - 90_000, { state: 'succeeded', endedAt: now - 60_000, exitCode: 0 })] } });
    await waitFor(() => expect(screen.getByTestId('run-panel').dataset.runId).toBe('1'));
    act(() => void core.changeRun(actionRun(2, 'post-deploy-validate', now, { actor: 'Bo' })));
    expect(screen.getByTestId('run-panel').dataset.runId).toBe('2');
    fireEvent.click(screen.getByTestId('run-row-1'));
    act(() => void core.changeRun(actionRun(3, 'pre-deploy-check', now, { actor: 'Bo' })));
    expect(screen.getByTestId('run-panel').dataset.runId).toBe('1');
    expect(screen.getByTestId('run-row-3')).toBeTruthy();
  });
});

describe('Runbooks', () => {
  it('tick a step through runbooks.step and show who ticked it and when', async () => {
    asOperator('Dee');
    const core = open();
    const runbook = await screen.findByTestId('runbook-service-down');
    expect(within(runbook).getByTestId('runbook-progress-service-down').textContent).toBe('0 of 5 done');
    fireEvent.click(screen.getByTestId('runbook-step-service-down-0'));
    await waitFor(() => expect(screen.getByTestId<HTMLInputElement>('runbook-step-service-down-0').checked).toBe(true));
    expect(lastRequest(core, 'runbooks.markStep')).toEqual({ runbookId: 'service-down', step: 0, done: true, actor: 'Dee' });
    expect(screen.getByTestId('runbook-step-by-service-down-0').textContent).toMatch(/^ticked by Dee at \d\d:\d\d:\d\d$/);
    expect(screen.getByTestId('runbook-progress-service-down').textContent).toBe('1 of 5 done');
  });

  it('open a step’s action in its confirmation, with its parameters to choose', async () => {
    asOperator();
    const core = open();
    fireEvent.click(await screen.findByTestId('runbook-action-service-down-3'));
    const dialog = screen.getByTestId('confirm-dialog');
    expect(dialog.dataset.action).toBe('rollback-service');
    expect(submit().disabled).toBe(true);
    type('confirm-param-service', 'api');
    type('confirm-input', 'api');
    fireEvent.click(submit());
    await waitFor(() => expect(screen.queryByTestId('confirm-dialog')).toBeNull());
    expect(lastRequest(core, 'actions.start')).toMatchObject({ actionId: 'rollback-service', params: { service: 'api' }, confirmation: 'api' });
  });

  it('sit beside the tiles on the Health view, collapsible', async () => {
    asOperator('Dee');
    const core = open({}, '#/health');
    const side = await screen.findByTestId('runbooks-side');
    expect(side.dataset.open).toBe('true');
    fireEvent.click(within(side).getByTestId('runbook-step-high-error-rate-1'));
    await waitFor(() => expect(screen.getByTestId('runbook-step-by-high-error-rate-1').textContent).toContain('ticked by Dee'));
    fireEvent.click(within(side).getByTestId('runbook-action-high-error-rate-2'));
    await waitFor(() => expect(screen.queryByTestId('confirm-dialog')).toBeNull());
    expect(screen.getByTestId('runbook-started').textContent).toContain('Run #1 started');
    expect(core.run(1)?.actionId).toBe('post-deploy-validate');
    fireEvent.click(screen.getByTestId('runbooks-toggle'));
    expect(screen.getByTestId('runbooks-side').dataset.open).toBe('false');
    expect(screen.queryByTestId('runbook-service-down')).toBeNull();
    expect(localStorage.getItem('warroom.runbooks-open')).toBe('false');
  });
});

describe('Audit', () => {
  it('verifies the trail and lists the newest entries', async () => {
    asOperator();
    open();
    fireEvent.click(await screen.findByTestId('action-run-pre-deploy-check'));
    fireEvent.click(screen.getByTestId('audit-verify'));
    const result = await screen.findByTestId('audit-result');
    expect(result.dataset.ok).toBe('true');
    expect(result.textContent).toContain('Audit trail intact: 1 entry');
    const row = await screen.findByTestId('audit-entry-1', {}, { timeout: 3000 });
    expect(row.textContent).toContain('Ana');
    expect(row.textContent).toContain('requested');
    expect(row.textContent).toContain('pre-deploy-check');
    expect(row.textContent).toContain('#1');
  });

  it('names every problem of a damaged trail', async () => {
    open({ auditVerification: { ok: false, entries: 12, headHash: 'ab'.repeat(32), problems: [{ seq: 7, problem: 'hash does not match its content (edited)' }] } });
    fireEvent.click(await screen.findByTestId('audit-verify'));
    const result = await screen.findByTestId('audit-result');
    expect(result.dataset.ok).toBe('false');
    expect(result.textContent).toContain('entry 7: hash does not match its content (edited)');
  });
});

describe('Viewers', () => {
  it('see actions, runs, logs, runbooks and audit but no run, approve, cancel or tick controls', async () => {
    const now = Date.now();
    const core = open({
      role: 'viewer',
      overview: {
        production: true,
        runs: [actionRun(2, 'rollback', now, { state: 'awaiting_approval', startedAt: null }), actionRun(1, 'deploy', now - 5000)],
      },
    });
    await screen.findByTestId('actions-readonly');
    expect(screen.getByTestId('action-rollback')).toBeTruthy();
    expect(screen.queryByTestId('action-run-rollback')).toBeNull();
    expect(screen.queryByTestId('action-dry-run-db-migrate')).toBeNull();
    expect(screen.queryByTestId('operator-name')).toBeNull();
    expect(screen.getByTestId('approval-2').textContent).toContain('Waiting for a second operator');
    expect(screen.queryByTestId('approve-2')).toBeNull();
    expect(screen.queryByTestId('approval-cancel-2')).toBeNull();
    fireEvent.click(screen.getByTestId('run-row-1'));
    act(() => void core.output(1, 'stdout', 'visible to all\n'));
    await waitFor(() => expect(screen.getByTestId('run-log').textContent).toContain('visible to all'));
    expect(screen.queryByTestId('run-cancel')).toBeNull();
    expect(screen.getByTestId('runbook-service-down')).toBeTruthy();
    expect(screen.queryByTestId('runbook-step-service-down-0')).toBeNull();
    expect(screen.queryByTestId('runbook-action-service-down-2')).toBeNull();
    fireEvent.click(screen.getByTestId('audit-verify'));
    expect((await screen.findByTestId('audit-result')).dataset.ok).toBe('true');
  });
});
