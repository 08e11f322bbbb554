import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { Role } from '../../shared/domain/app.js';
import { renderApp } from '../testing/render-app.js';
import { startTestCore } from '../testing/test-core.js';
import type { TestCore } from '../testing/test-core.js';
import { cleanupAfterEach } from '../testing/cleanup-after-each.js';

/** One manual criterion per scoring category: sign-offs move the board from NO-GO to GO. */
const BOARD = `board:
  criteria:
    pentest: { title: Pen test signed off, group: technical, category: security, signoff: { role: security } }
    capacity: { title: Capacity plan approved, group: technical, category: performance, signoff: { role: performance } }
    on-call: { title: On-call schedule established, group: operational, category: operations, signoff: { role: operations } }
    stakeholders: { title: Stakeholders approve launch, group: business, category: validation, signoff: { role: stakeholders } }
`;

const cleanups = cleanupAfterEach();

function open(role: Role = 'operator'): TestCore {
  const core = startTestCore({ role, board: BOARD });
  cleanups.push(() => core.close());
  cleanups.push(renderApp(core, '#/meeting').stop);
  return core;
}

function readText(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(typeof reader.result === 'string' ? reader.result : '');
    reader.onerror = () => reject(reader.error ?? new Error('unreadable blob'));
    reader.readAsText(blob);
  });
}

const change = (testId: string, value: string) => fireEvent.change(screen.getByTestId(testId), { target: { value } });

describe('Go/no-go meeting view', () => {
  it('runs the poll and records a frozen NO-GO that later evidence does not change', async () => {
    const core = open();
    await core.call('board.signoff', { criterionId: 'pentest', by: 'sam' });
    fireEvent.click(await screen.findByTestId('poll-open'));
    const poll = await screen.findByTestId('poll');
    expect(within(poll).getByTestId('poll-role-security').textContent).toContain('○ not voted');

    // A NO-GO cannot be cast without a reason.
    change('vote-role', 'operations');
    change('vote-voter', 'Olu');
    fireEvent.click(screen.getByTestId('vote-choice-NO-GO'));
    expect(screen.getByTestId('vote-submit')).toHaveProperty('disabled', true);
    change('vote-reason', 'no on-call rota yet');
    fireEvent.click(screen.getByTestId('vote-submit'));
    await waitFor(() => expect(screen.getByTestId('poll-role-operations').textContent).toContain('■ NO-GO'));
    expect(screen.getByTestId('poll-role-operations').textContent).toContain('no on-call rota yet');
    // The vote carried the asOf of the board on screen, so the core stored what the voter saw.
    const shownAsOf = (await core.call('app.snapshot', {})).board.asOf;
    expect(core.inputs('meeting.vote')).toEqual([
      { pollId: 1, role: 'operations', by: 'Olu', choice: 'NO-GO', reason: 'no on-call rota yet', boardAsOf: expect.any(Number) },
    ]);
    expect((core.inputs('meeting.vote')[0] as { boardAsOf: number }).boardAsOf).toBeLessThanOrEqual(shownAsOf);
    expect(screen.getByTestId('poll-role-operations').textContent).toContain('30 % NO-GO');

    // The board reads NO-GO: GO cannot be chosen; NO-GO asks one remediation item per unmet criterion.
    const form = await screen.findByTestId('decision-form');
    expect(within(form).getByTestId('decision-choice-GO')).toHaveProperty('disabled', true);
    expect(within(form).getByTestId('decision-go-hint').textContent).toContain('GO needs the board at GO (30 % of 90 %');
    expect(within(form).getAllByTestId(/^remedy-(capacity|on-call|stakeholders)$/)).toHaveLength(3);
    change('decision-by', 'Lee');
    change('decision-rationale', 'Capacity, on-call and approval are missing.');
    change('decision-attendees', 'Olu, Lee');
    change('remedy-owner-capacity', 'Pat');
    change('remedy-owner-on-call', 'Olu');
    fireEvent.click(screen.getByTestId('decision-submit'));
    // The core says what is wrong: one owner is missing.
    expect((await screen.findByTestId('decision-error')).textContent).toContain('remediation.2.owner');
    change('remedy-owner-stakeholders', 'Kim');
    fireEvent.click(screen.getByTestId('decision-submit'));

    const record = await screen.findByTestId('decision-record');
    expect(within(record).getAllByTestId('vote-mark')[0]!.textContent).toBe('■ NO-GO');
    expect(within(record).getByTestId('decision-score').textContent).toBe('Board 30 % (GO needs 90 %), board verdict NO-GO');
    expect(within(record).getByTestId('decision-remediation').textContent).toContain('Kim');
    expect(within(record).getByTestId('decision-risks').textContent).toBe('No security register: accepted risks are not recorded.');
    expect(screen.queryByTestId('decision-form')).toBeNull();

    // Later evidence: the live board goes GO, the record on screen stays as it was frozen.
    await act(async () => {
      for (const id of ['capacity', 'on-call', 'stakeholders']) await core.call('board.signoff', { criterionId: id, by: 'sam' });
    });
    await waitFor(() => expect(screen.getByTestId('meeting-board').textContent).toContain('100 %'));
    expect(within(screen.getByTestId('decision-record')).getByTestId('decision-score').textContent).toContain('Board 30 %');
    expect(within(screen.getByTestId('decision-criteria')).getByTestId('decision-criterion-capacity').textContent).toContain('unknown');
  });

  it('prints the record with the browser’s print and downloads the Markdown the core wrote', async () => {
    const core = open();
    const { id: pollId } = await core.call('meeting.openPoll', { by: 'ana' });
    for (const id of ['pentest', 'capacity', 'on-call', 'stakeholders']) await core.call('board.signoff', { criterionId: id, by: 'sam' });
    await core.call('decision.record', {
      decision: 'GO', pollId, by: 'Lee', rationale: 'All met.', attendees: ['Lee'], launchAt: Date.now() + 3_600_000, announcement: 'We are live.',
    });
    const record = await screen.findByTestId('decision-record');
    expect(within(record).getByTestId('decision-launch').textContent).toContain('We are live.');

    const print = vi.spyOn(window, 'print').mockImplementation(() => undefined);
    fireEvent.click(screen.getByTestId('export-pdf'));
    expect(print).toHaveBeenCalledTimes(1);

    const created: Blob[] = [];
    Object.assign(URL, { createObjectURL: (blob: Blob) => (created.push(blob), 'blob:warroom/decision'), revokeObjectURL: () => undefined });
    const clicked: string[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push(this.download);
    });
    try {
      fireEvent.click(screen.getByTestId('export-md'));
      await waitFor(() => expect(clicked).toHaveLength(1));
      const exported = await core.call('decision.export', { format: 'md' });
      expect(clicked[0]).toBe(exported.fileName);
      expect(await readText(created[0]!)).toBe(exported.content);
      expect(created[0]!.type).toBe('text/markdown');
    } finally {
      Reflect.deleteProperty(URL, 'createObjectURL');
      Reflect.deleteProperty(URL, 'revokeObjectURL');
    }
  });

  it('shows a read-only display the poll and the record, with nothing to change', async () => {
    const core = open('viewer');
    const { id: pollId } = await core.call('meeting.openPoll', { by: 'ana' });
    await core.call('meeting.vote', { pollId, role: 'security', by: 'sam', choice: 'HOLD' });
    expect((await screen.findByTestId('meeting-readonly')).textContent).toContain('Read-only display');
    await waitFor(() => expect(screen.getByTestId('poll-role-security').textContent).toContain('▲ HOLD'));
    expect(screen.queryByTestId('vote-form')).toBeNull();
    expect(screen.queryByTestId('decision-form')).toBeNull();
    expect(screen.queryByTestId('poll-open')).toBeNull();
  });
});
