import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CommandName } from '../../shared/contract/index.js';
import type { ActionRun } from '../../shared/domain/actions.js';
import { LOG_CAP_CHARS } from '../stores/slices/run-logs.js';
import { useAppStore } from '../stores/store.js';
import { writeOutputScript } from '../testing/launch-config.js';
import { renderApp } from '../testing/render-app.js';
import { startTestCore } from '../testing/test-core.js';
import type { TestCore, TestCoreOptions } from '../testing/test-core.js';
import { cleanupAfterEach } from '../testing/cleanup-after-each.js';

const cleanups = cleanupAfterEach();

/** A real core in staging unless asked otherwise; `setUp` puts it into a state before the screen opens. */
async function open(options: TestCoreOptions & { setUp?: (core: TestCore) => Promise<void> | void } = {}, hash = '#/actions'): Promise<TestCore> {
  const { setUp, ...rest } = options;
  const core = startTestCore({ environment: 'staging', ...rest });
  cleanups.push(() => core.close());
  await setUp?.(core);
  cleanups.push(renderApp(core, hash).stop);
  return core;
}

const asOperator = (name = 'Ana') => localStorage.setItem('warroom.author', name);
const submit = () => screen.getByTestId<HTMLButtonElement>('confirm-submit');
const type = (testId: string, value: string) => fireEvent.change(screen.getByTestId(testId), { target: { value } });
const lastRequest = (core: TestCore, name: CommandName) => core.inputs(name).at(-1);
/** Starts a run as an operator would from another screen. */
const run = (core: TestCore, actionId: string, more: { params?: Record<string, string>; confirmation?: string; actor?: string } = {}) =>
  core.call('actions.start', { actionId, params: more.params ?? {}, dryRun: false, actor: more.actor ?? 'Ana', ...(more.confirmation ? { confirmation: more.confirmation } : {}) });
/** Resolves once the core announces that the run ended. */
function ended(core: TestCore, started: ActionRun): Promise<void> {
  return new Promise((done) => {
    const stop = core.core.bus.on('action.changed', (changed) => {
      if (changed.id !== started.id || changed.state === 'running') return;
      stop();
      done();
    });
  });
}

/** A run of print.mjs that writes these chunks and keeps running. */
async function printing(core: TestCore, chunks: [stream: 'stdout' | 'stderr', text: string][]): Promise<ActionRun> {
  writeOutputScript(core.dir, 'chunks', chunks);
  return run(core, 'print', { params: { name: 'chunks' } });
}

describe('Actions view', () => {
  it('shows the environment with a PRODUCTION marker and a card per action, rollbacks first', async () => {
    await open({ environment: 'production' });
    const env = await screen.findByTestId('actions-environment');
    expect(env.dataset.production).toBe('true');
    expect(within(env).getByTestId('production-marker').textContent).toBe('PRODUCTION');
    expect(env.textContent).toContain('Production (eu-west)');
    const cards = within(screen.getByTestId('action-cards')).getAllByRole('article').map((card) => card.dataset.testid);
    expect(cards.slice(0, 2)).toEqual(['action-rollback', 'action-rollback-service']);
    expect(cards).toHaveLength(9);
    expect(screen.getByTestId('action-dry-run-db-migrate')).toBeTruthy();
    expect(screen.queryByTestId('action-dry-run-rollback')).toBeNull();
  });

  it('shows when a rollback was last rehearsed and how long it took, or that it never was', async () => {
    const at = new Date();
    at.setHours(14, 2, 0, 0);
    await open({
      setUp: (core) => {
        // A finished rehearsal, written through the core's own store.
        const runs = core.core.store.actionRuns;
        const created = runs.create({ actionId: 'rollback', environment: 'staging', params: {}, dryRun: false, actor: 'Ana', requestedAt: at.getTime(), state: 'running' });
        runs.start(created.id, at.getTime(), null);
        runs.finish(created.id, { state: 'succeeded', endedAt: at.getTime() + 12_000, exitCode: 0, signal: null, reason: null, output: null, outputBytes: 0, truncated: false, digest: null });
      },
    });
    expect((await screen.findByTestId('last-rehearsal-rollback')).textContent).toBe('Last rehearsed: 14:02, took 12 s');
    const never = screen.getByTestId('last-rehearsal-rollback-service');
    expect(never.textContent).toContain('Never rehearsed');
    expect(never.className).toContain('last-rehearsal--never');
  });

  it('disables an action not allowed here and says why', async () => {
    await open({ extraActions: '  release: { label: Release, argv: [node, scripts/check.mjs], environments: [production], confirm: click }\n' });
    expect((await screen.findByTestId<HTMLButtonElement>('action-run-release')).disabled).toBe(true);
    expect(screen.getByTestId('action-disabled-release').textContent).toContain('Not available in staging');
  });

  it('checks a text parameter against its pattern before anything is sent', async () => {
    const core = await open({
      extraActions: '  tag-release:\n    label: Tag a release\n    argv: [node, scripts/check.mjs, "{build}"]\n    params: { build: { type: text, label: Build, pattern: "[0-9]+", maxLength: 10 } }\n    confirm: click\n',
    });
    const runButton = await screen.findByTestId<HTMLButtonElement>('action-run-tag-release');
    expect(screen.getByTestId('action-tag-release').textContent).toContain('[0-9]+');
    expect(runButton.disabled).toBe(true);
    type('param-tag-release-build', 'abc');
    expect(screen.getByTestId('param-tag-release-build-problem').textContent).toBe('must match [0-9]+');
    expect(runButton.disabled).toBe(true);
    type('param-tag-release-build', '42');
    expect(screen.queryByTestId('param-tag-release-build-problem')).toBeNull();
    expect(runButton.disabled).toBe(false);
    expect(core.inputs('actions.start')).toEqual([]);
  });
});

describe('Confirmation', () => {
  it('enables the rollback only once the environment name is typed exactly, and sends what was typed', async () => {
    asOperator();
    const core = await open({ environment: 'production' });
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
    await waitFor(() => expect(panel.dataset).toMatchObject({ runId: '1', state: 'running' }));
    expect(within(panel).getByTestId('run-state').textContent).toBe('Running');
    expect(screen.getByTestId('run-row-1').dataset.state).toBe('running');
  });

  it('asks for the chosen service’s name for a per-service rollback', async () => {
    asOperator();
    const core = await open();
    await screen.findByTestId('action-rollback-service');
    expect(screen.getByTestId<HTMLButtonElement>('action-run-rollback-service').disabled).toBe(true);
    expect(screen.getByTestId('action-hint-rollback-service').textContent).toBe('First choose Service.');
    type('param-rollback-service-service', 'db');
    fireEvent.click(screen.getByTestId('action-run-rollback-service'));
    const dialog = screen.getByTestId('confirm-dialog');
    expect(dialog.textContent).toContain('Type db to confirm');
    expect(within(dialog).getByTestId('confirm-summary').textContent).toContain('Orders DB');
    // Never a command line: no argv, no script path.
    expect(dialog.textContent).not.toMatch(/hold\.mjs|node |scripts\//);
    type('confirm-input', 'api');
    expect(submit().disabled).toBe(true);
    type('confirm-input', 'db');
    fireEvent.click(submit());
    await waitFor(() => expect(screen.queryByTestId('confirm-dialog')).toBeNull());
    expect(lastRequest(core, 'actions.start')).toMatchObject({ actionId: 'rollback-service', params: { service: 'db' }, confirmation: 'db' });
  });

  it('shows the core’s refusal in the dialog and keeps it open', async () => {
    asOperator();
    // Another screen started the same rollback: one run at a time, the core refuses a second.
    const core = await open({ setUp: (core) => run(core, 'rollback', { confirmation: 'staging', actor: 'Bo' }).then(() => undefined) });
    fireEvent.click(await screen.findByTestId('action-run-rollback'));
    type('confirm-input', 'staging');
    fireEvent.click(submit());
    const error = await screen.findByTestId('confirm-error');
    expect(error.textContent).toContain('Roll back everything refused');
    const refusal = (await core.call('audit.tail', { limit: 1 }))[0]!;
    expect(refusal).toMatchObject({ event: 'refused', actor: 'Ana', actionId: 'rollback' });
    expect(error.textContent).toContain(String(refusal.detail.reason));
    expect(screen.getByTestId('confirm-dialog')).toBeTruthy();
    expect(Object.keys(useAppStore.getState().actions.runs)).toEqual(['1']);
  });

  it('asks for a click for click-confirmed actions, and for the operator’s name once when none is remembered', async () => {
    const core = await open();
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
    expect(screen.getByTestId<HTMLInputElement>('operator-name').value).toBe('Bo');
  });

  it('runs a "none" action at once, without a dialog', async () => {
    asOperator('Cy');
    const core = await open();
    fireEvent.click(await screen.findByTestId('action-run-pre-deploy-check'));
    expect(screen.queryByTestId('confirm-dialog')).toBeNull();
    await waitFor(() => expect(screen.getByTestId('run-panel').dataset.runId).toBe('1'));
    expect(lastRequest(core, 'actions.start')).toEqual({ actionId: 'pre-deploy-check', params: {}, dryRun: false, actor: 'Cy' });
  });

  it('starts a dry run through the same confirmation', async () => {
    asOperator();
    const core = await open();
    fireEvent.click(await screen.findByTestId('action-dry-run-db-migrate'));
    expect(screen.getByTestId('confirm-dialog').dataset.dryRun).toBe('true');
    expect(submit().textContent).toBe('Start dry run');
    type('confirm-input', 'staging');
    fireEvent.click(submit());
    await waitFor(() => expect(screen.queryByTestId('confirm-dialog')).toBeNull());
    expect(lastRequest(core, 'actions.start')).toMatchObject({ actionId: 'db-migrate', dryRun: true, confirmation: 'staging' });
    await waitFor(() => expect(useAppStore.getState().actions.runs[1]).toMatchObject({ dryRun: true, state: 'running' }));
  });
});

describe('Approval', () => {
  it('waits for a second operator: the requester cannot approve, another operator can', async () => {
    asOperator('Ana');
    const core = await open({ environment: 'production', rollbackApproval: true });
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
    const core = await open({
      environment: 'production',
      rollbackApproval: true,
      setUp: async (core) => {
        await run(core, 'deploy', { params: { version: '2.5.0' }, confirmation: 'production' });
        await run(core, 'rollback', { confirmation: 'production' });
      },
    });
    fireEvent.click(await screen.findByTestId('approval-cancel-2'));
    await waitFor(() => expect(screen.getByTestId('run-row-2').dataset.state).toBe('cancelled'));
    fireEvent.click(screen.getByTestId('run-row-1'));
    fireEvent.click(screen.getByTestId('run-cancel'));
    await waitFor(() => expect(screen.getByTestId('run-panel').dataset.state).toBe('cancelled'));
    expect(screen.getByTestId('run-reason').textContent).toBe((await core.call('actions.listRuns', { limit: 5 })).find((r) => r.id === 1)?.reason);
    expect(screen.getByTestId('run-reason').textContent).toContain('Ana');
    expect(lastRequest(core, 'actions.cancel')).toEqual({ runId: 1, actor: 'Ana' });
  });
});

describe('Run panel and log', () => {
  it('says a run found running after a restart is still running, with its pid, and still offers cancel; a verifying run says so', async () => {
    asOperator('Ana');
    const now = Date.now();
    await open({
      setUp: (core) => {
        // As the core records them: a deploy a crashed Warroom left running (its process stored at
        // spawn, found alive by the next start), and a rollback whose health check is running.
        const runs = core.core.store.actionRuns;
        const rollback = runs.create({ actionId: 'rollback', environment: 'staging', params: {}, dryRun: false, actor: 'Ana', requestedAt: now - 9000, state: 'running' });
        runs.start(rollback.id, now - 9000, null);
        runs.finish(rollback.id, { state: 'verifying', endedAt: now - 1000, exitCode: 0, signal: null, reason: null, output: null, outputBytes: 0, truncated: false, digest: null });
        const deploy = runs.create({ actionId: 'deploy', environment: 'staging', params: { version: '2.5.0' }, dryRun: false, actor: 'Ana', requestedAt: now - 3000, state: 'running' });
        runs.start(deploy.id, now - 3000, null);
        runs.spawned(deploy.id, { pid: 4242, pgid: 4242, leaderStartTicks: null, marker: null });
        runs.recovered(deploy.id, now - 500);
      },
    });
    const panel = await screen.findByTestId('run-panel');
    expect(within(panel).getByTestId('run-recovered').textContent).toContain('still running (pid 4242), started before the restart');
    expect(within(panel).getByTestId('run-cancel')).toBeTruthy();
    expect(within(screen.getByTestId('run-row-2')).getByTestId('run-row-recovered').textContent).toBe('started before the restart');
    expect(within(screen.getByTestId('run-row-1')).queryByTestId('run-row-recovered')).toBeNull();
    expect(screen.getByTestId('run-row-1').textContent).toContain('Verifying health');
  });

  it('appends action.output to the open run’s log, with ANSI colours as styled spans and stderr set apart', async () => {
    await open({
      setUp: (core) =>
        printing(core, [
          ['stdout', '\x1b[1mDeploying\x1b[0m 2.5.0\n\x1b[32m✔ gateway\x1b[0m ready\n'],
          ['stderr', '\x1b[31mwarning:\x1b[0m slow start\n'],
        ]).then(() => undefined),
    });
    const log = await screen.findByTestId('run-log');
    await waitFor(() => expect(log.textContent).toBe('Deploying 2.5.0\n✔ gateway ready\nwarning: slow start\n'));
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
    await open({ setUp: (core) => printing(core, [['stdout', '<img src=x onerror=alert(1)><b>not bold</b>']]).then(() => undefined) });
    const log = await screen.findByTestId('run-log');
    await waitFor(() => expect(log.textContent).toBe('<img src=x onerror=alert(1)><b>not bold</b>'));
    expect(log.querySelector('img, b')).toBeNull();
  });

  it('highlights search matches and steps through them', async () => {
    await open({
      setUp: (core) =>
        printing(core, [
          ['stdout', 'ERROR one\nok\nError two\n'],
          ['stderr', 'an error three\n'],
        ]).then(() => undefined),
    });
    const log = await screen.findByTestId('run-log');
    await waitFor(() => expect(log.textContent).toContain('an error three'));
    type('log-search', 'error');
    await waitFor(() => expect(log.querySelectorAll('mark.log__match')).toHaveLength(3));
    expect([...log.querySelectorAll('mark')].map((m) => m.textContent)).toEqual(['ERROR', 'Error', 'error']);
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
    await open({ setUp: (core) => run(core, 'deploy', { params: { version: '2.5.0' }, confirmation: 'staging' }).then(() => undefined) });
    const follow = await screen.findByTestId('log-follow');
    expect(follow.getAttribute('aria-pressed')).toBe('true');
    fireEvent.click(follow);
    expect(follow.getAttribute('aria-pressed')).toBe('false');
    expect(screen.getByTestId('run-log').dataset.follow).toBe('false');
    fireEvent.click(follow);
    expect(follow.getAttribute('aria-pressed')).toBe('true');
  });

  it('keeps at most the cap of a run that printed far more, and says so', async () => {
    const megabyte = `${'x'.repeat(1023)}\n`.repeat(1024);
    await open({
      setUp: async (core) => {
        writeOutputScript(core.dir, 'flood', Array.from({ length: 6 }, (): ['stdout', string] => ['stdout', megabyte]));
        await ended(core, await run(core, 'fail', { params: { name: 'flood' } }));
      },
    });
    fireEvent.click(await screen.findByTestId('run-row-1'));
    await waitFor(() => expect(screen.getByTestId('log-dropped').textContent).toContain('Showing the newest 2.0 MB of output'));
    const log = useAppStore.getState().runLogs[1]!;
    expect(log.length).toBeLessThanOrEqual(LOG_CAP_CHARS);
    expect(log.droppedChars).toBeGreaterThan(0);
    expect(screen.getByTestId('run-log').textContent.length).toBe(log.length);
  });

  it('loads an older run’s stored output through actions.output and shows why it ended', async () => {
    const core = await open({
      setUp: async (core) => {
        writeOutputScript(core.dir, 'pool', [['stdout', 'step 1\n'], ['stderr', '\x1b[31mfailed: pool exhausted\x1b[0m\n']]);
        await ended(core, await run(core, 'fail', { params: { name: 'pool' } }));
        await run(core, 'deploy', { params: { version: '2.5.0' }, confirmation: 'staging' });
      },
    });
    fireEvent.click(await screen.findByTestId('run-row-1'));
    const panel = screen.getByTestId('run-panel');
    expect(panel.dataset).toMatchObject({ runId: '1', state: 'failed' });
    await waitFor(() => expect(screen.getByTestId('run-log').textContent).toBe('step 1\nfailed: pool exhausted\n'));
    expect(lastRequest(core, 'actions.output')).toEqual({ runId: 1 });
    expect(within(panel).getByTestId('run-state').textContent).toBe('Failed');
    expect(within(panel).getByTestId('run-exit').textContent).toBe('exit code 3');
    expect(within(panel).getByTestId('run-reason').textContent).toContain('3');
    expect(within(panel).getByTestId('run-elapsed').textContent).toMatch(/^took /);
    expect(within(panel).queryByTestId('run-cancel')).toBeNull();
  });

  it('shows health before and after a verified rollback with the verdict', async () => {
    const now = Date.now();
    const core = await open({
      setUp: (core) => {
        // A verified rollback as the core records one, through its store.
        const runs = core.core.store.actionRuns;
        const created = runs.create({ actionId: 'rollback', environment: 'staging', params: {}, dryRun: false, actor: 'Ana', requestedAt: now - 60_000, state: 'running' });
        runs.start(created.id, now - 60_000, { api: 'down', db: 'up' });
        runs.finish(created.id, { state: 'succeeded', endedAt: now - 30_000, exitCode: 0, signal: null, reason: null, output: null, outputBytes: 0, truncated: false, digest: null });
        runs.verified(created.id, { api: 'up', db: 'up' }, true);
      },
    });
    const verdict = await screen.findByTestId('health-restored');
    expect(verdict.dataset.restored).toBe('true');
    expect(verdict.textContent).toBe('Health restored');
    const api = screen.getByTestId('before-after-api');
    expect(api.dataset).toMatchObject({ before: 'down', after: 'up' });
    expect(api.textContent).toContain('API gateway');
    expect(api.textContent).toContain('Down');
    expect(api.textContent).toContain('Up');
    expect(core.inputs('actions.start')).toEqual([]);
  });

  it('shows the health a run started from while there is no result after it', async () => {
    const now = Date.now();
    await open({
      setUp: (core) => {
        const runs = core.core.store.actionRuns;
        const created = runs.create({ actionId: 'rollback', environment: 'staging', params: {}, dryRun: false, actor: 'Ana', requestedAt: now - 5000, state: 'running' });
        runs.start(created.id, now - 5000, { api: 'down', db: 'up' });
      },
    });
    const before = await screen.findByTestId('health-before');
    expect(before.textContent).toContain('Health when it started: 1 of 2 up');
    expect(before.textContent).toContain('API gateway');
    expect(before.textContent).toContain('Down');
    expect(screen.queryByTestId('health-restored')).toBeNull();
  });

  it('follows the newest run while none was picked, and a picked one after that', async () => {
    asOperator();
    const core = await open({ setUp: (core) => run(core, 'pre-deploy-check').then(() => undefined) });
    await waitFor(() => expect(screen.getByTestId('run-panel').dataset.runId).toBe('1'));
    await act(() => run(core, 'post-deploy-validate', { actor: 'Bo' }));
    expect(screen.getByTestId('run-panel').dataset.runId).toBe('2');
    fireEvent.click(screen.getByTestId('run-row-1'));
    await act(() => run(core, 'deploy', { params: { version: '2.4.1' }, confirmation: 'staging', actor: 'Bo' }));
    expect(screen.getByTestId('run-panel').dataset.runId).toBe('1');
    expect(screen.getByTestId('run-row-3')).toBeTruthy();
  });
});

describe('Runbooks', () => {
  it('tick a step through runbooks.step and show who ticked it and when', async () => {
    asOperator('Dee');
    const core = await open();
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
    const core = await open();
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
    const core = await open({}, '#/health');
    const side = await screen.findByTestId('runbooks-side');
    expect(side.dataset.open).toBe('true');
    fireEvent.click(within(side).getByTestId('runbook-step-high-error-rate-1'));
    await waitFor(() => expect(screen.getByTestId('runbook-step-by-high-error-rate-1').textContent).toContain('ticked by Dee'));
    fireEvent.click(within(side).getByTestId('runbook-action-high-error-rate-2'));
    expect(screen.queryByTestId('confirm-dialog')).toBeNull();
    expect((await screen.findByTestId('runbook-started')).textContent).toContain('Run #1 started');
    expect((await core.call('actions.listRuns', { limit: 1 }))[0]?.actionId).toBe('post-deploy-validate');
    fireEvent.click(screen.getByTestId('runbooks-toggle'));
    expect(screen.getByTestId('runbooks-side').dataset.open).toBe('false');
    expect(screen.queryByTestId('runbook-service-down')).toBeNull();
    expect(localStorage.getItem('warroom.runbooks-open')).toBe('false');
  });
});

describe('Audit', () => {
  it('verifies the trail and lists the newest entries', async () => {
    asOperator();
    const core = await open();
    fireEvent.click(await screen.findByTestId('action-run-pre-deploy-check'));
    await waitFor(() => expect(useAppStore.getState().actions.runs[1]?.state).toBe('succeeded'));
    fireEvent.click(screen.getByTestId('audit-verify'));
    const result = await screen.findByTestId('audit-result');
    expect(result.dataset.ok).toBe('true');
    const { entries } = await core.call('audit.verify', {});
    expect(entries).toBeGreaterThan(1);
    expect(result.textContent).toContain(`Audit trail intact: ${entries} entries`);
    const row = await screen.findByTestId('audit-entry-1', {}, { timeout: 3000 });
    expect(row.textContent).toContain('Ana');
    expect(row.textContent).toContain('requested');
    expect(row.textContent).toContain('pre-deploy-check');
    expect(row.textContent).toContain('#1');
  });
});

describe('Audit damage', () => {
  it('names every problem of a damaged trail', async () => {
    asOperator();
    const core = await open({ setUp: async (core) => ended(core, await run(core, 'pre-deploy-check')) });
    // Someone rewrote the trail's head file beside the database.
    const head = join(core.dir, 'data', 'audit-head.json');
    writeFileSync(head, readFileSync(head, 'utf8').replace(/"seq":\s*\d+/, '"seq": 99'));
    fireEvent.click(await screen.findByTestId('audit-verify'));
    const result = await screen.findByTestId('audit-result');
    expect(result.dataset.ok).toBe('false');
    const { problems } = await core.call('audit.verify', {});
    expect(problems.length).toBeGreaterThan(0);
    for (const { problem } of problems) expect(result.textContent).toContain(problem);
  });
});

describe('Viewers', () => {
  it('see actions, runs, logs, runbooks and audit but no run, approve, cancel or tick controls', async () => {
    const core = await open({
      role: 'viewer',
      environment: 'production',
      rollbackApproval: true,
      setUp: async (setUpCore) => {
        writeOutputScript(setUpCore.dir, 'visible', [['stdout', 'visible to all\n']]);
        await setUpCore.call('actions.start', { actionId: 'print', params: { name: 'visible' }, dryRun: false, actor: 'Ana', confirmation: 'production' });
        await run(setUpCore, 'rollback', { confirmation: 'production' });
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
    await waitFor(() => expect(screen.getByTestId('run-log').textContent).toContain('visible to all'));
    expect(screen.queryByTestId('run-cancel')).toBeNull();
    expect(screen.getByTestId('runbook-service-down')).toBeTruthy();
    expect(screen.queryByTestId('runbook-step-service-down-0')).toBeNull();
    expect(screen.queryByTestId('runbook-action-service-down-2')).toBeNull();
    fireEvent.click(screen.getByTestId('audit-verify'));
    expect((await screen.findByTestId('audit-result')).dataset.ok).toBe('true');
    expect(core.inputs('actions.start')).toEqual([]);
  });
});
