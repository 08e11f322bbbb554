/** The board: section of warroom.yaml: references to unknown things are errors at their position. */
import { describe, expect, it } from 'vitest';
import { ConfigError, formatIssue } from '../../../shared/util/config-error.js';
import { parseConfigText } from '../config/load-config.js';
import { resolveBoard } from './board-criteria.js';

const BASE = `version: 1
name: Test launch
defaultEnvironment: staging
environments:
  staging: { label: Staging }
services:
  api: { name: API, baseUrl: "http://127.0.0.1:9001" }
load:
  scenarios:
    browse: { requests: [{ name: home, path: / }] }
  profiles:
    smoke: { model: closed, users: 1, duration: 10s, scenario: browse }
actions:
  rollback: { label: Roll back, kind: rollback, argv: [node, rollback.mjs] }
runbooks:
  api-down: { title: API down, steps: [{ text: Restart it }] }
`;

function issuesOf(text: string): string[] {
  try {
    parseConfigText(text, 'warroom.yaml');
  } catch (error) {
    if (error instanceof ConfigError) return error.issues.map(formatIssue);
    throw error;
  }
  throw new Error('expected the config to be rejected');
}

describe('board: config', () => {
  it('gives the default board without a board section: 30/30/20/20, 90 %, the two hard blockers', () => {
    const board = resolveBoard(parseConfigText(BASE, 'warroom.yaml'));
    expect(board.threshold).toBe(90);
    expect(board.categories).toEqual({ security: 30, performance: 30, operations: 20, validation: 20 });
    expect(board.criteria.map((c) => [c.id, c.hardBlocker, c.maxAgeMs])).toEqual([
      ['security-gate', true, 7 * 86_400_000],
      ['services-ready', true, 5 * 60_000],
    ]);
  });

  it('reports every unknown profile, action, service, environment, runbook and role at its position', () => {
    const text = `${BASE}board:
  criteria:
    load:
      title: Load
      group: technical
      category: performance
      rule: { type: load-profiles-passed, profiles: [smoke, peak], environment: prod }
    rollback:
      title: Rollback
      group: technical
      category: validation
      rule: { type: action-succeeded-after-last, action: rolback, after: deploy }
    ready:
      title: Ready
      group: technical
      category: operations
      rule: { type: services-ready-now, services: [api, web] }
    runbooks:
      title: Runbooks
      group: operational
      category: operations
      rule: { type: runbooks-reviewed, runbooks: [api-down, db-down] }
    trained:
      title: Trained
      group: operational
      category: operations
      signoff: { role: ops }
`;
    expect(issuesOf(text)).toEqual([
      'warroom.yaml:23:81: board.criteria.load.rule.environment: no environment "prod" is declared (known: staging)',
      'warroom.yaml:23:61: board.criteria.load.rule.profiles[1]: no load profile "peak" is declared (known: smoke)',
      'warroom.yaml:28:58: board.criteria.rollback.rule.action: no action "rolback" is declared (known: rollback)',
      'warroom.yaml:28:74: board.criteria.rollback.rule.after: no action "deploy" is declared (known: rollback)',
      'warroom.yaml:33:57: board.criteria.ready.rule.services[1]: no service "web" is declared (known: api)',
      'warroom.yaml:38:61: board.criteria.runbooks.rule.runbooks[1]: no runbook "db-down" is declared (known: api-down)',
      'warroom.yaml:43:24: board.criteria.trained.signoff.role: no role "ops" is declared (known: development, operations, security, performance, stakeholders, leadership)',
    ]);
  });

  it('refuses a criterion with both a rule and a sign-off, and a rule not in the catalogue', () => {
    const criterion = (body: string) => `${BASE}board:\n  criteria:\n    x:\n      title: X\n      group: business\n      category: validation\n${body}`;
    expect(issuesOf(criterion('      rule: { type: security-gate-open }\n      signoff: { role: leadership }\n'))).toEqual([
      'warroom.yaml:20:7: board.criteria.x: a criterion has either a rule (automatic) or a signoff (manual), exactly one',
    ]);
    expect(issuesOf(criterion('      rule: { type: promql }\n'))).toEqual([expect.stringMatching(/^warroom\.yaml:23:21: board\.criteria\.x\.rule\.type: .*'security-gate-open'/)]);
  });
});
