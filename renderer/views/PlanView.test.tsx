import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Role } from '../../shared/domain/app.js';
import { renderApp } from '../testing/render-app.js';
import { startTestCore } from '../testing/test-core.js';
import type { TestCore } from '../testing/test-core.js';
import { cleanupAfterEach } from '../testing/cleanup-after-each.js';

const cleanups = cleanupAfterEach();

const BOARD = `board:
  criteria:
    on-call: { title: On-call schedule established, group: operational, category: operations, signoff: { role: operations } }
`;

function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** A plan with today as its first day, nested tasks, a table, a code block, deliverables and risks. */
function planText(): string {
  return [
    '# Checkout launch week',
    '',
    `## Day 1 (${today()}): Readiness`,
    '',
    '- [x] Kick-off @dana',
    '- [ ] Publish the on-call rota @lee criterion: on-call',
    '  - [ ] Ask the deputies',
    '- [ ] Migration dry run @omar',
    '  ```',
    '  node scripts/hold.mjs migrate --dry-run',
    '  ```',
    '',
    '| Check | Target |',
    '|---|---|',
    '| Open Critical findings | 0 |',
    '',
    '## Day 2 (2099-01-02): Load',
    '',
    '- ☐ Load test @priya',
    '',
    '## Deliverables',
    '',
    '### Security',
    '',
    '- [ ] Scan report',
    '- ✅ Pen-test report',
    '',
    '## Risks',
    '',
    '| Risk | Likelihood | Impact | Mitigation | Owner |',
    '|---|---|---|---|---|',
    '| Peak traffic above plan | High | High | Autoscaling | priya |',
    '| Vendor outage | Low | Medium | Cached sessions | omar |',
    '',
  ].join('\n');
}

async function openPlan(role: Role = 'operator'): Promise<TestCore> {
  localStorage.setItem('warroom.author', 'Dana');
  const core = startTestCore({ role, board: BOARD });
  cleanups.push(() => core.close());
  cleanups.push(renderApp(core, '#/plan').stop);
  return core;
}

async function pickFile(text: string, name = 'launch-week.md') {
  const file = new File([text], name, { type: 'text/markdown' });
  await act(async () => {
    fireEvent.change(await screen.findByTestId('plan-file'), { target: { files: [file] } });
  });
}

const task = (text: string) => {
  const found = screen.getAllByTestId('plan-task').find((li) => li.querySelector('.plan-task__text')?.textContent === text);
  if (!found) throw new Error(`no task "${text}" shown`);
  return found;
};

describe('Plan view', () => {
  it('imports a picked Markdown file and shows today first, days with progress, tables, deliverables and the risk grid', async () => {
    const core = await openPlan();
    await pickFile(planText());
    expect((await screen.findByTestId('plan-import-result')).textContent).toBe('Imported: 7 tasks · 7 added · 0 removed · 0 changed · risks: 2 added, 0 changed');
    // The file's text went over the contract, never a path.
    expect(core.inputs('plan.import')).toEqual([{ markdown: planText(), fileName: 'launch-week.md', by: 'Dana' }]);

    await screen.findByTestId('plan-imported');
    expect(within(screen.getByTestId('plan-today')).getAllByTestId('plan-task').map((li) => li.querySelector('.plan-task__text')?.textContent)).toEqual([
      'Kick-off',
      'Publish the on-call rota',
      'Ask the deputies',
      'Migration dry run',
    ]);
    const days = screen.getAllByTestId('plan-day');
    expect(days.map((d) => d.getAttribute('data-day'))).toEqual([today(), '2099-01-02']);
    expect(within(days[0]!).getByText('TODAY')).toBeTruthy();
    expect(within(days[0]!).getByTestId('plan-day-progress').textContent).toBe('1 / 4 done');
    expect(within(days[0]!).getByTestId('plan-table').textContent).toContain('Open Critical findings');
    expect(screen.getByTestId('plan-deliverable-group').textContent).toContain('Security 1 / 2');
    expect(screen.getByTestId('risk-cell-high-high').getAttribute('data-count')).toBe('1');
    expect(screen.getByTestId('risk-cell-low-medium').getAttribute('data-count')).toBe('1');
    expect(within(task('Publish the on-call rota')).getByTestId('plan-task-criterion').textContent).toBe('◆ on-call');
    // The matched command gets a button that goes through the action's confirmation.
    expect(within(days[0]!).getByTestId('plan-command-run').textContent).toBe('Run Database migrations (dry run)…');
  });

  it('shows a plan imported while its first load was on its way (that answer is older than the import)', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let first = true;
    const core = startTestCore({
      role: 'operator',
      board: BOARD,
      // The view's first plan.get is answered before the import and delivered after it.
      intercept: async (name, _input, next) => {
        const answer = await next();
        if (name === 'plan.get' && first) {
          first = false;
          await gate;
        }
        return answer;
      },
    });
    cleanups.push(() => core.close());
    cleanups.push(renderApp(core, '#/plan').stop);
    await waitFor(() => expect(first).toBe(false));
    await core.call('plan.import', { markdown: planText(), fileName: 'launch-week.md', by: 'Dana' });
    release();
    expect((await screen.findByTestId('plan-imported', {}, { timeout: 5000 })).textContent).toContain('launch-week.md');
  });

  it('ticks a linked task: the core records who and when, and the board counts it for its criterion', async () => {
    const core = await openPlan();
    await pickFile(planText());
    await screen.findByTestId('plan-imported');
    const rota = within(screen.getByTestId('plan-days')).getAllByTestId('plan-task').find((li) => li.querySelector('.plan-task__text')?.textContent === 'Publish the on-call rota')!;
    expect(core.core.board.get({}).criteria.find((c) => c.id === 'on-call')?.state).toBe('unknown');
    fireEvent.click(within(rota).getAllByTestId('plan-task-box')[0]!);
    // Shown twice (today, and its day), like the kick-off; the pen-test deliverable once.
    await waitFor(() => expect(screen.getAllByTestId('plan-task').filter((li) => li.getAttribute('data-state') === 'done')).toHaveLength(5));
    const stored = (await core.call('plan.get', {})).tasks.find((t) => t.text === 'Publish the on-call rota');
    expect(stored).toMatchObject({ state: 'done', stateBy: 'Dana' });
    expect(core.core.board.get({}).criteria.find((c) => c.id === 'on-call')).toMatchObject({ state: 'met', evidence: [{ by: 'Dana', link: { kind: 'plan-task' } }] });
    expect(within(screen.getAllByTestId('plan-day')[0]!).getByTestId('plan-day-progress').textContent).toBe('2 / 4 done');
  });

  it('links a task to a board criterion and unlinks it, from a select of the board\'s manual criteria', async () => {
    const core = await openPlan();
    await pickFile(planText());
    await screen.findByTestId('plan-imported');
    const load = () => within(screen.getByTestId('plan-days')).getAllByTestId('plan-task').find((li) => li.querySelector('.plan-task__text')?.textContent === 'Load test')!;
    expect(within(load()).queryByTestId('plan-task-criterion')).toBeNull();
    fireEvent.click(within(load()).getByTestId('plan-task-link-toggle'));
    const select = within(load()).getByTestId<HTMLSelectElement>('plan-task-link');
    // Only manual criteria: an automatic one has its own evidence.
    expect([...select.options].map((o) => o.value)).toEqual(['', 'on-call']);
    fireEvent.change(select, { target: { value: 'on-call' } });
    await waitFor(() => expect(within(load()).getByTestId('plan-task-criterion').textContent).toBe('◆ on-call'));
    expect((await core.call('plan.get', {})).tasks.find((t) => t.text === 'Load test')?.criterionId).toBe('on-call');
    // The board now waits for it too.
    expect(core.core.board.get({}).criteria.find((c) => c.id === 'on-call')?.why).toContain('"Load test"');

    fireEvent.change(within(load()).getByTestId('plan-task-link'), { target: { value: '' } });
    await waitFor(() => expect(within(load()).queryByTestId('plan-task-criterion')).toBeNull());
    expect((await core.call('plan.get', {})).tasks.find((t) => t.text === 'Load test')?.criterionId).toBeNull();
    expect(core.core.store.audit.tail(2).map((e) => [e.event, e.detail['criterionTo']])).toEqual([
      ['plan_task', null],
      ['plan_task', 'on-call'],
    ]);
  });

  it('marks a linked task done with a stored load run as evidence: the task links to the run, the board shows both', async () => {
    const core = await openPlan();
    await pickFile(planText());
    await screen.findByTestId('plan-imported');
    const started = Date.now();
    const run = core.core.store.loadRuns.create({ profile: 'smoke', scenario: 'api', environment: 'production', baseUrl: 'http://127.0.0.1:9', actor: 'priya', model: 'closed', plannedMs: 5000, startedAt: started });
    core.core.store.loadRuns.create({ profile: 'smoke', scenario: 'api', environment: 'staging', baseUrl: 'http://127.0.0.1:9', actor: 'priya', model: 'closed', plannedMs: 5000, startedAt: started });
    const signoff = await core.call('board.signoff', { criterionId: 'on-call', by: 'Lee', note: 'rota published' });

    const rota = () => within(screen.getByTestId('plan-days')).getAllByTestId('plan-task').find((li) => li.querySelector('.plan-task__text')?.textContent === 'Publish the on-call rota')!;
    fireEvent.click(within(rota()).getAllByTestId('plan-task-done-with')[0]!);
    const select = await within(rota()).findByTestId<HTMLSelectElement>('plan-evidence-select');
    await waitFor(() => expect(select.disabled).toBe(false));
    // Grouped by kind; only this environment's runs.
    expect([...select.querySelectorAll('optgroup')].map((g) => [g.label, [...g.querySelectorAll('option')].map((o) => o.textContent)])).toEqual([
      ['Load runs', [`load run #${run.id} · smoke · running · priya`]],
      ['Sign-offs', [`sign-off #${signoff.id} · on-call (operations) · Lee`]],
    ]);
    fireEvent.change(select, { target: { value: `load-run:${run.id}` } });
    fireEvent.click(within(rota()).getByTestId('plan-evidence-done'));

    await waitFor(() => expect(rota().getAttribute('data-state')).toBe('done'));
    const link = within(rota()).getByTestId('evidence-link');
    expect(link.textContent).toBe(`open load run #${run.id} →`);
    expect(link.getAttribute('href')).toBe('#/load');
    expect(within(rota()).queryByTestId('plan-evidence-form')).toBeNull();
    expect(await core.call('plan.taskHistory', { key: rota().getAttribute('data-key')! })).toMatchObject([{ state: 'done', by: 'Dana', evidence: { kind: 'load-run', id: String(run.id) } }]);
    // The tick is newer than the sign-off: the board reads the task, and the run beside it.
    expect(core.core.board.get({}).criteria.find((c) => c.id === 'on-call')?.evidence.map((e) => [e.by, e.link])).toEqual([
      ['Dana', { kind: 'plan-task', id: rota().getAttribute('data-key') }],
      ['Dana', { kind: 'load-run', id: String(run.id) }],
    ]);
  });

  it('shows a read-only display the evidence link and the criterion, without the controls to change them', async () => {
    const core = await openPlan('viewer');
    await core.call('plan.import', { markdown: planText(), fileName: 'launch-week.md', by: 'Dana' });
    await screen.findByTestId('plan-imported');
    const signoff = await core.call('board.signoff', { criterionId: 'on-call', by: 'Lee' });
    const key = (await core.call('plan.get', {})).tasks.find((t) => t.text === 'Load test')!.key;
    await act(() => core.call('plan.markTask', { key, state: 'done', by: 'Priya', evidence: { kind: 'signoff', id: String(signoff.id) } }).then(() => undefined));
    await waitFor(() => expect(task('Load test').getAttribute('data-state')).toBe('done'));
    const link = within(task('Load test')).getByTestId('evidence-link');
    expect([link.textContent, link.getAttribute('href')]).toEqual([`open sign-off #${signoff.id} on the board →`, '#/board']);
    expect(screen.queryByTestId('plan-task-link-toggle')).toBeNull();
    expect(screen.queryByTestId('plan-task-done-with')).toBeNull();
    expect(within(task('Publish the on-call rota')).getByTestId('plan-task-criterion').textContent).toBe('◆ on-call');
  });

  it('blocks a task with a reason, highlights it with the blockers, and filters by owner', async () => {
    await openPlan();
    await pickFile(planText());
    await screen.findByTestId('plan-imported');
    const migration = within(screen.getByTestId('plan-days')).getAllByTestId('plan-task').find((li) => li.querySelector('.plan-task__text')?.textContent === 'Migration dry run')!;
    fireEvent.click(within(migration).getByText('Block…'));
    fireEvent.change(screen.getByTestId('plan-block-reason'), { target: { value: 'no production copy yet' } });
    fireEvent.click(screen.getByText('Mark blocked'));
    const blockers = await screen.findByTestId('plan-blockers');
    expect(within(blockers).getByTestId('plan-task-blocked').textContent).toBe('⛔ BLOCKED: no production copy yet');
    expect(within(screen.getAllByTestId('plan-day')[0]!).getByTestId('plan-day-progress').textContent).toBe('1 / 4 done · ⛔ 1 blocked');

    fireEvent.change(screen.getByTestId('plan-owner-filter'), { target: { value: 'lee' } });
    const shown = within(screen.getByTestId('plan-days')).getAllByTestId('plan-task').map((li) => li.querySelector('.plan-task__text')?.textContent);
    // The sub-task without an owner belongs to its parent's owner.
    expect(shown).toEqual(['Publish the on-call rota', 'Ask the deputies']);
  });

  it('shows a refused import with the file and line, and keeps the stored plan', async () => {
    const core = await openPlan();
    await pickFile(planText());
    await screen.findByTestId('plan-imported');
    await pickFile(planText().replace('| Low | Medium |', '| Sometimes | Medium |'), 'broken.md');
    expect((await screen.findByTestId('plan-import-error')).textContent).toContain('broken.md:33: likelihood "Sometimes" is not low, medium or high');
    expect((await core.call('plan.status', {})).imported?.fileName).toBe('launch-week.md');
  });

  it('lets a read-only display follow without ticking or importing', async () => {
    const core = await openPlan('viewer');
    await core.call('plan.import', { markdown: planText(), fileName: 'launch-week.md', by: 'Dana' });
    await screen.findByTestId('plan-imported');
    expect(screen.queryByTestId('plan-import')).toBeNull();
    for (const box of screen.getAllByTestId('plan-task-box')) expect(box).toHaveProperty('disabled', true);
    // Another screen ticks: this one follows.
    const key = (await core.call('plan.get', {})).tasks.find((t) => t.text === 'Load test')!.key;
    await act(() => core.call('plan.markTask', { key, state: 'done', by: 'Priya' }).then(() => undefined));
    await waitFor(() => expect(task('Load test').getAttribute('data-state')).toBe('done'));
  });
});
