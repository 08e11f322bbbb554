import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Role } from '../../shared/domain/app.js';
import { renderApp } from '../testing/render-app.js';
import { startTestCore } from '../testing/test-core.js';
import type { TestCore } from '../testing/test-core.js';
import { cleanupAfterEach } from '../testing/cleanup-after-each.js';

const cleanups = cleanupAfterEach();

async function openLog(role: Role = 'operator'): Promise<TestCore> {
  const core = startTestCore({ role });
  cleanups.push(() => core.close());
  await core.call('journal.add', { author: 'Ana', text: 'go/no-go at 14:00' });
  cleanups.push(renderApp(core, '#/log').stop);
  return core;
}

const entryTexts = () => screen.getAllByTestId('journal-entry').map((li) => li.querySelector('.journal__text')?.textContent);

function post(author: string, text: string) {
  fireEvent.change(screen.getByTestId('journal-author'), { target: { value: author } });
  fireEvent.change(screen.getByTestId('journal-text'), { target: { value: text } });
  fireEvent.click(screen.getByTestId('journal-submit'));
}

describe('Log view', () => {
  it('hides the form from a read-only display and says why', async () => {
    await openLog('viewer');
    expect(await screen.findByTestId('journal-readonly')).toHaveProperty('textContent', 'Read-only display: notes are added from an operator screen.');
    expect(screen.queryByTestId('journal-form')).toBeNull();
    expect(entryTexts()).toEqual(['go/no-go at 14:00']);
    expect(screen.getByTestId('role-badge').textContent).toBe('Read-only');
  });

  it('lets an operator add a note, shown once, newest first, and remembers the author', async () => {
    const core = await openLog();
    await screen.findByTestId('journal-form');
    post('Bo', 'DNS switched');
    await screen.findByText('DNS switched');
    expect(entryTexts()).toEqual(['DNS switched', 'go/no-go at 14:00']);
    const newest = screen.getAllByTestId('journal-entry')[0]!;
    expect(within(newest).getByText('Bo')).toBeTruthy();
    expect(screen.getByTestId('journal-text')).toHaveProperty('value', '');
    expect(localStorage.getItem('warroom.author')).toBe('Bo');
    // Another screen on the same core.
    await act(() => core.connect('operator').call('journal.add', { author: 'Cy', text: 'from another screen' }));
    expect(entryTexts()).toEqual(['from another screen', 'DNS switched', 'go/no-go at 14:00']);
  });

  it('shows the core’s failure in the form when the note cannot be stored', async () => {
    const core = await openLog();
    await screen.findByTestId('journal-form');
    // The database is gone (the core closed under the screen): the core answers with its error.
    await core.core.close();
    post('Bo', 'hello');
    const error = await screen.findByTestId('journal-error');
    expect(error.textContent).toContain('The note was not saved (internal)');
    expect(error.textContent).toContain('journal.add failed inside the core');
    expect(entryTexts()).toEqual(['go/no-go at 14:00']);
  });

  it('lists every invalid field the core reports', async () => {
    await openLog();
    await screen.findByTestId('journal-form');
    post('Bo', '   ');
    const error = await screen.findByTestId('journal-error');
    expect(error.textContent).toContain('check the fields');
    expect(error.textContent).toContain('text: the note is empty');
    await waitFor(() => expect(entryTexts()).toEqual(['go/no-go at 14:00']));
  });
});
