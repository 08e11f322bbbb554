/** The `drills:` section: the bundled plan's two drills, and every bad name reported at its place. */
import { describe, expect, it } from 'vitest';
import { drillStepKind } from '../../../shared/domain/drills.js';
import { ConfigError, formatIssue } from '../../../shared/util/config-error.js';
import { loadConfigFile, parseConfigText } from '../config/load-config.js';
import { REHEARSAL_CONFIG } from '../testing/make-core.js';

const BASE = `version: 1
name: drills config
defaultEnvironment: staging
environments:
  staging: { label: Staging }
services:
  api: { name: API, baseUrl: "http://127.0.0.1:9" }
load:
  scenarios:
    ping: { requests: [{ path: /health }] }
  profiles:
    smoke: { model: closed, users: 1, duration: 10s }
actions:
  deploy:
    label: Deploy
    argv: [./deploy.sh, "{version}"]
    params: { version: { type: choice, choices: ["1.0", "2.0"] } }
  check: { label: Check, argv: [./check.sh] }
drills:
`;

function issuesOf(drills: string): string[] {
  try {
    parseConfigText(BASE + drills, 'warroom.yaml');
  } catch (error) {
    if (error instanceof ConfigError) return error.issues.map(formatIssue);
    throw error;
  }
  throw new Error('expected the config to be rejected');
}

describe('drills in warroom.yaml', () => {
  it('ships the launch plan\'s two drills exactly as the plan writes them', () => {
    const { config } = loadConfigFile(REHEARSAL_CONFIG, { bundled: true });
    expect(config.environments.rehearsal?.rehearsal).toBe(true);
    const drills = config.drills!;
    expect(drills['dry-run-deployment']!.steps.map((s) => [s.name, drillStepKind(s), s.action ?? s.fault?.service, s.dryRun])).toEqual([
      ['Pre-deployment check', 'action', 'pre-deploy-check', false],
      ['Database migration dry run', 'action', 'db-migrate', true],
      ['Deploy', 'action', 'deploy', false],
      ['Post-deployment validation', 'action', 'post-deploy-validate', false],
    ]);
    expect(drills['dry-run-deployment']!.recovery).toMatchObject({ name: 'Complete rollback', action: 'rollback' });
    expect(drills['dry-run-rollback']!.steps.map((s) => [s.name, drillStepKind(s)])).toEqual([
      ['Stop the API gateway', 'fault'],
      ['Complete rollback', 'action'],
      ['Validate again', 'action'],
    ]);
    expect(drills['dry-run-rollback']!.steps[0]!.fault).toEqual({ service: 'gateway', kind: 'stop' });
    expect(config.actions!['post-deploy-validate']!.junit).toBe('{dataDir}/reports/post-deploy-validate.xml');
  });

  it('reports an unknown action, parameter value, service, load profile and fault kind at file:line:col', () => {
    expect(
      issuesOf(`  release:
    label: Release
    steps:
      - { name: Deploy, action: deplyo }
      - { name: Deploy 3, action: deploy, params: { version: "3.0" } }
      - { name: Wait, wait: { until: ready, services: [api, web] } }
      - { name: Load, load: peak }
      - { name: Break, fault: { service: api, kind: explode } }
      - { name: Slow, fault: { service: web, kind: slow, value: 300ms } }
`),
    ).toEqual([
      'warroom.yaml:23:33: drills.release.steps[0].action: no action "deplyo" is declared (known: deploy, check)',
      'warroom.yaml:24:62: drills.release.steps[1].params.version: expected one of 1.0, 2.0, got "3.0"',
      'warroom.yaml:25:61: drills.release.steps[2].wait.services[1]: no service "web" is declared',
      'warroom.yaml:26:29: drills.release.steps[3].load: no load profile "peak" is declared (known: smoke)',
      'warroom.yaml:28:41: drills.release.steps[5].fault.service: no service "web" is declared',
    ]);
    // Fault kinds and values are checked once the names are right, by the parser `warroom rehearse fault` uses.
    expect(
      issuesOf(`  outage:
    label: Outage
    steps:
      - { name: Break, fault: { service: api, kind: explode } }
      - { name: Slow, fault: { service: api, kind: slow } }
`),
    ).toEqual([
      'warroom.yaml:23:53: drills.outage.steps[0].fault.kind: unknown fault kind "explode" (one of: stop, start, slow, errors, flapping, dependency-down, dependency-up, deploy, clear)',
      'warroom.yaml:24:52: drills.outage.steps[1].fault.kind: slow needs a latency: slow MEDIAN[/P99], e.g. 300ms or 300ms/2s; 0 clears',
    ]);
  });

  it('wants one thing per step, then the action\'s required parameters, and a dry run only where the action has one', () => {
    expect(
      issuesOf(`  release:
    label: Release
    steps:
      - { name: Nothing }
      - { name: Two things, action: check, manual: "look" }
      - { name: Params, manual: "look", params: { a: b } }
`),
    ).toEqual([
      'warroom.yaml:23:9: drills.release.steps[0]: a step needs one of action, fault, wait, load, manual',
      'warroom.yaml:24:9: drills.release.steps[1]: a step does one thing: it has action and manual',
      'warroom.yaml:25:49: drills.release.steps[2].params: params and dryRun belong to an action step',
    ]);
    // References are checked once every step has its shape, as for the rest of the file.
    expect(
      issuesOf(`  release:
    label: Release
    steps:
      - { name: Deploy, action: deploy }
      - { name: Dry, action: check, dryRun: true }
`),
    ).toEqual([
      'warroom.yaml:23:9: drills.release.steps[0].params: action "deploy" needs parameter "version"',
      'warroom.yaml:24:45: drills.release.steps[1].dryRun: action "check" has no dry run (dryRunArgv)',
    ]);
  });
});
