import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dayLevel } from '../../../shared/domain/plan.js';
import { defaultResourcesDir } from '../paths.js';
import { PlanParseError, parsePlan } from './parse-plan.js';

const EXAMPLE = join(defaultResourcesDir(), 'examples', 'launch-week-plan.md');

describe('parsePlan on the shipped launch-week plan', () => {
  const plan = parsePlan(readFileSync(EXAMPLE, 'utf8'), 'launch-week-plan.md');
  const task = (text: string) => {
    const found = plan.tasks.find((t) => t.text === text);
    if (!found) throw new Error(`no task "${text}"`);
    return found;
  };

  it('keeps the heading tree: days under the title, sub-sections under a day, each dated from its heading', () => {
    expect(dayLevel(plan.sections)).toBe(2);
    const days = plan.sections.filter((s) => s.level === 2).map((s) => [s.title, s.day]);
    expect(days).toEqual([
      ['Day 1 (Mon 2026-12-07): Security hardening', '2026-12-07'],
      ['Day 2 (Tue 2026-12-08): Performance', '2026-12-08'],
      ['Day 3 (Wed 2026-12-09): Operations', '2026-12-09'],
      ['Day 4 (Thu 2026-12-10): Validation', '2026-12-10'],
      ['Day 5 (Fri 2026-12-11): Launch', '2026-12-11'],
      ['Deliverables', null],
      ['Risk register', null],
    ]);
    expect(task('Deploy 2.5.0 to production')).toMatchObject({
      path: ['Launch week plan: Platform 2.5.0', 'Day 5 (Fri 2026-12-11): Launch', 'Launch window'],
      day: '2026-12-11',
    });
  });

  it('reads - [ ], - [x] and ✅ as tasks, nested ones under their parent, plain bullets as notes', () => {
    expect(task('Kick-off: roles, war-room channel, escalation list')).toMatchObject({ done: true, owners: ['dana'] });
    expect(task('Pen-test report received from the vendor')).toMatchObject({ done: true, owners: ['dana'] });
    const scan = task('Run the full security scan');
    expect(scan.done).toBe(false);
    expect(plan.tasks.filter((t) => t.parentKey === scan.key).map((t) => [t.text, t.depth])).toEqual([
      ['Static analysis (bandit, eslint security rules)', 1],
      ['Dependency audit (npm audit)', 1],
      ['Secret scan of the repository and the images', 1],
    ]);
    expect(task('Triage every Critical and High finding').notes).toEqual(['Fix, or accept with owner, reason and expiry', 'Re-scan after each fix']);
  });

  it('keeps fenced code as the commands of the task it sits in or follows', () => {
    expect(task('Rehearse the complete rollback').commands).toEqual(['node rehearsal/rollback.mjs --complete']);
    expect(task('Database rollback dry run to schema 41').commands).toEqual(['node rehearsal/db-rollback.mjs --to 41 --dry-run']);
    // The block after Day 1's list belongs to its last task; its comment line is not a command.
    expect(task('Pre-deployment check passes on staging').commands).toEqual(['node rehearsal/pre-deploy-check.mjs']);
  });

  it('links tasks to criteria with the criterion: marker, and takes the marker and owners out of the text', () => {
    expect(task('Restore last night\'s backup into a scratch database')).toMatchObject({ criterionId: 'backup-recovery', owners: ['lee'] });
    expect(plan.tasks.filter((t) => t.criterionId).map((t) => t.criterionId)).toEqual([
      'trained-rollback', 'backup-recovery', 'on-call', 'support-ready', 'customer-success-briefed', 'communication-plan',
    ]);
  });

  it('counts the deliverables by group: Security 5, Performance 4, Operations 5, Validation 4, Documentation 4', () => {
    const counts: Record<string, number> = {};
    for (const t of plan.tasks) if (t.deliverable) counts[t.deliverable] = (counts[t.deliverable] ?? 0) + 1;
    expect(counts).toEqual({ Security: 5, Performance: 4, Operations: 5, Validation: 4, Documentation: 4 });
  });

  it('keeps tables as tables and reads the risk table', () => {
    const day2 = plan.sections.find((s) => s.title.startsWith('Day 2'))!;
    expect(day2.blocks.find((b) => b.kind === 'table')).toEqual({
      kind: 'table',
      header: ['Profile', 'Users', 'Duration', 'p95 budget'],
      rows: [
        ['smoke', '5', '2 min', '300 ms'],
        ['light', '50', '10 min', '400 ms'],
        ['peak', '200', '30 min', '500 ms'],
      ],
    });
    expect(plan.risks).toHaveLength(5);
    expect(plan.risks[0]).toMatchObject({ title: 'Peak traffic above the tested 200 users', likelihood: 'medium', impact: 'high', owner: 'priya', status: null });
  });

  it('gives every task a key of heading path + text', () => {
    expect(task('Smoke load test on staging').key).toBe('Launch week plan: Platform 2.5.0 › Day 2 (Tue 2026-12-08): Performance › smoke load test on staging');
    expect(new Set(plan.tasks.map((t) => t.key)).size).toBe(plan.tasks.length);
  });
});

describe('parsePlan on other shapes', () => {
  it('reads ☐ as open, nests deliverables under a plain bullet, and numbers duplicate tasks', () => {
    const plan = parsePlan(
      [
        '# Phase A',
        '',
        '* ☐ Write it',
        '* ☐ Write it',
        '',
        '# Deliverables',
        '',
        '- Security:',
        '  - [ ] Report',
        '  - [x] Sign-off',
        '',
      ].join('\n'),
      'p.md',
    );
    expect(plan.tasks.map((t) => [t.key, t.done, t.deliverable])).toEqual([
      ['Phase A › write it', false, null],
      ['Phase A › write it #2', false, null],
      ['Deliverables › report', false, 'Security'],
      ['Deliverables › sign-off', true, 'Security'],
    ]);
  });

  it('refuses a risk row whose likelihood is not low, medium or high, naming the file and line', () => {
    const text = '# Risks\n\n| Risk | Likelihood | Impact |\n|---|---|---|\n| Outage | Medium | High |\n| Data loss | very likely | High |\n';
    expect(() => parsePlan(text, 'risks.md')).toThrow(PlanParseError);
    expect(() => parsePlan(text, 'risks.md')).toThrow('risks.md:6: likelihood "very likely" is not low, medium or high');
  });
});
