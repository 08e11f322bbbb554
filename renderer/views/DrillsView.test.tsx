/**
 * The Drills view against a real core: drills from the config, a run started with the typed
 * environment, each step's state and the action's output as the core reports them, the manual
 * check confirmed from the screen, a failing step's verdict, and the stored records.
 */
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Role } from '../../shared/domain/app.js';
import { writeOutputScript } from '../testing/launch-config.js';
import { renderApp } from '../testing/render-app.js';
import { startTestCore } from '../testing/test-core.js';
import type { TestCore } from '../testing/test-core.js';
import { cleanupAfterEach } from '../testing/cleanup-after-each.js';

const DRILLS = `drills:
  release:
    label: Release rehearsal
    steps:
      - { name: Pre-deployment check, action: pre-deploy-check }
      - { name: Verify in the console, manual: "Open the console: goals load" }
      - { name: Post-deployment validation, action: post-deploy-validate }
  broken:
    label: Broken migration
    confirm: click
    steps:
      - { name: Pre-deployment check, action: pre-deploy-check }
      - { name: Migrate, action: fail, params: { name: migrate } }
      - { name: Validate, action: post-deploy-validate }
  outage:
    label: Gateway outage
    steps:
      - { name: Stop the gateway, fault: { service: api, kind: stop } }
`;

const cleanups = cleanupAfterEach();

function open(role: Role = 'operator'): TestCore {
  const core = startTestCore({ role, environment: 'staging', drills: DRILLS });
  cleanups.push(() => core.close());
  cleanups.push(renderApp(core, '#/drills').stop);
  return core;
}

const stepState = (index: number) => screen.getByTestId(`drill-step-${index}`).getAttribute('data-state');

describe('Drills view', () => {
  it('runs a drill from its button with the typed environment, shows each step live, takes the manual check and keeps the record', async () => {
    const core = open();
    const card = await screen.findByTestId('drill-release');
    expect(within(card).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      'Pre-deployment check — action pre-deploy-check',
      'Verify in the console — confirm: Open the console: goals load',
      'Post-deployment validation — action post-deploy-validate',
    ]);
    expect(within(card).getByTestId('drill-last-passed-release').textContent).toBe('Never passed here');

    fireEvent.click(within(card).getByTestId('drill-run-release'));
    fireEvent.change(screen.getByTestId('drill-actor'), { target: { value: 'Ana' } });
    const submit = screen.getByTestId('drill-start-submit');
    expect(submit).toHaveProperty('disabled', true);
    fireEvent.change(screen.getByTestId('drill-confirmation'), { target: { value: 'staging' } });
    fireEvent.click(submit);

    await waitFor(() => expect(stepState(1)).toBe('waiting'), { timeout: 10_000 });
    expect(stepState(0)).toBe('passed');
    expect(within(screen.getByTestId('drill-step-0')).getByTestId('drill-step-detail').textContent).toMatch(/^action pre-deploy-check \(run \d+\): succeeded$/);
    await waitFor(() => expect(screen.getByTestId('drill-step-0').textContent).toContain('checked pre'));
    expect(screen.getByTestId('drill-run-state').textContent).toBe('Running');
    // Another drill may not start while this one runs.
    expect(screen.getByTestId('drill-run-broken')).toHaveProperty('disabled', true);

    fireEvent.click(within(screen.getByTestId('drill-step-1')).getByTestId('drill-step-confirm'));
    await waitFor(() => expect(screen.getByTestId('drill-run-state').textContent).toBe('Passed'), { timeout: 10_000 });
    expect(screen.getByTestId('drill-verdict').textContent).toMatch(/^passed: 3 steps in /);
    expect(within(screen.getByTestId('drill-step-1')).getByTestId('drill-step-detail').textContent).toBe('confirmed by Ana');
    await waitFor(() => expect(screen.getByTestId('drill-step-2').textContent).toContain('checked post'));

    const [stored] = await core.call('drills.listRuns', { limit: 5 });
    expect(stored).toMatchObject({ drillId: 'release', state: 'passed', actor: 'Ana' });
    expect(screen.getByTestId('drill-last-passed-release').textContent).toMatch(new RegExp(`^Last passed .* \\(run ${stored!.id}\\)$`));
    expect(screen.getByTestId(`drill-history-${stored!.id}`).textContent).toContain('Release rehearsal: Passed');
  });

  it('stops at a failing step with its verdict and the script output, and skips the rest', async () => {
    const core = open();
    writeOutputScript(core.dir, 'migrate', [['stderr', 'relation "goals" already exists\n']]);
    fireEvent.click(await screen.findByTestId('drill-run-broken'));
    fireEvent.change(screen.getByTestId('drill-actor'), { target: { value: 'Bo' } });
    // A click drill asks no typed name.
    expect(screen.queryByTestId('drill-confirmation')).toBeNull();
    fireEvent.click(screen.getByTestId('drill-start-submit'));
    await waitFor(() => expect(screen.getByTestId('drill-run-state').textContent).toBe('Failed'), { timeout: 10_000 });
    expect(screen.getByTestId('drill-verdict').textContent).toMatch(/^failed at step 2 \(Migrate\): action fail \(run \d+\): failed \(exit code 3\)$/);
    expect([stepState(0), stepState(1), stepState(2)]).toEqual(['passed', 'failed', 'skipped']);
    await waitFor(() => expect(screen.getByTestId('drill-step-1').textContent).toContain('relation "goals" already exists'));
  });

  it('says why a fault drill may not run outside rehearsal, and gives a read-only display no buttons', async () => {
    open('viewer');
    const outage = await screen.findByTestId('drill-outage');
    expect(within(outage).getByTestId('drill-refusal-outage').textContent).toBe('outage injects a fault ("Stop the gateway"): only in a rehearsal environment, and staging is not one');
    expect(screen.queryByTestId(/^drill-run-/)).toBeNull();
  });
});
