/**
 * Actions, runbooks and runs shaped like the core's reports for resources/rehearsal.yaml (deploy,
 * rollbacks, restart, db-migrate with a dry run, pre/post checks; the five runbooks). Tests change
 * what they need.
 */
import type { ActionRun, ActionsOverview, ActionView, RunbookView } from '../../shared/domain/actions.js';

type ViewPatch = Partial<ActionView>;

function view(id: string, label: string, kind: ActionView['kind'], services: string[], patch: ViewPatch = {}): ActionView {
  return {
    id,
    label,
    kind,
    description: null,
    params: {},
    services,
    confirm: 'click',
    requireApproval: false,
    canDryRun: false,
    allowedHere: true,
    timeoutMs: 300_000,
    lastRehearsal: null,
    ...patch,
  };
}

/** The rehearsal config's actions as the core shows them; production asks at least for the environment's name. */
export function rehearsalActions(services: string[], production = false): ActionView[] {
  const actions = [
    view('pre-deploy-check', 'Pre-deployment check', 'validate', services, { confirm: 'none', timeoutMs: 60_000 }),
    view('post-deploy-validate', 'Post-deployment validation', 'validate', services, { confirm: 'none', timeoutMs: 120_000 }),
    view('deploy', 'Deploy a release', 'deploy', services, {
      params: { version: { type: 'choice', label: 'Version', choices: ['2.5.0', '2.5.0-rc3', '2.5.0-slow', '2.4.1'] } },
      confirm: 'type-environment',
      timeoutMs: 600_000,
    }),
    view('rollback', 'Roll back everything', 'rollback', services, {
      description: 'Every service that was deployed goes back to its previous version; waits until ready.',
      confirm: 'type-environment',
    }),
    view('rollback-service', 'Roll back one service', 'rollback', services, {
      params: { service: { type: 'service', label: 'Service' } },
      confirm: 'type-service',
    }),
    view('restart-service', 'Restart a service', 'restart', services, {
      params: { service: { type: 'service', label: 'Service' } },
      confirm: 'type-service',
      timeoutMs: 120_000,
    }),
    view('db-migrate', 'Database migrations', 'migrate', services, { confirm: 'type-environment', canDryRun: true, timeoutMs: 600_000 }),
  ];
  if (!production) return actions;
  return actions.map((a) => (a.confirm === 'none' || a.confirm === 'click' ? { ...a, confirm: 'type-environment' } : a));
}

const step = (text: string, action: string | null = null): RunbookView['steps'][number] => ({ text, action, done: false, by: null, at: null });

export function rehearsalRunbooks(): RunbookView[] {
  return [
    {
      id: 'service-down',
      title: 'A service is down',
      when: 'a tile turns red (down)',
      steps: [
        step('Read the tile: if it says "because X", work on X first; its dependents follow.'),
        step('Check the Rehearsal log or the platform\'s logs for the last change (deploy, restart, fault).'),
        step('Restart the service.', 'restart-service'),
        step('If it was deployed recently, roll that service back.', 'rollback-service'),
        step('Validate the whole platform.', 'post-deploy-validate'),
      ],
    },
    {
      id: 'high-error-rate',
      title: 'High error rate',
      when: 'error rate over 1 % after a deploy',
      steps: [
        step('Compare the error rate before and after the last deploy (Load and Health views).'),
        step('Roll back everything.', 'rollback'),
        step('Validate the platform.', 'post-deploy-validate'),
      ],
    },
  ];
}

/** A run of `actionId`; running since `at` unless patched. */
export function actionRun(id: number, actionId: string, at: number, patch: Partial<ActionRun> = {}): ActionRun {
  return {
    id,
    actionId,
    environment: 'staging',
    params: {},
    dryRun: false,
    actor: 'Ana',
    approvedBy: null,
    approvedAt: null,
    state: 'running',
    requestedAt: at,
    startedAt: at,
    endedAt: null,
    exitCode: null,
    signal: null,
    reason: null,
    outputBytes: 0,
    outputTruncated: false,
    outputDigest: null,
    healthBefore: null,
    healthAfter: null,
    healthRestored: null,
    pid: null,
    recoveredAt: null,
    ...patch,
  };
}

/** Staging (not production) unless patched. */
export function actionsOverview(services: string[], patch: Partial<ActionsOverview> = {}): ActionsOverview {
  const production = patch.production ?? false;
  return {
    environment: production ? 'production' : 'staging',
    production,
    actions: rehearsalActions(services, production),
    runbooks: rehearsalRunbooks(),
    runs: [],
    ...patch,
  };
}
