import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { createFakeCore } from '../testing/fake-core.js';
import type { FakeCoreOptions } from '../testing/fake-core.js';
import { renderApp } from '../testing/render-app.js';

const stops: (() => void)[] = [];
afterEach(() => {
  stops.splice(0).forEach((stop) => stop());
  cleanup();
  localStorage.clear();
});

function openLog(options: FakeCoreOptions = {}) {
  const core = createFakeCore(options);
  core.addNote('Ana', 'go/no-go at 14:00');
  stops.push(renderApp(core, '#/log').stop);
  return core;
}

const entryTexts = () => screen.getAllByTestId('journal-entry').map((li) => li.querySelector('.journal__text')?.textContent);

async function post(author: string, text: string) {
  fireEvent.change(screen.getByTestId('journal-author'), { target: { value: author } });
  fireEvent.change(screen.getByTestId('journal-text'), { target: { value: text } });
  fireEvent.click(screen.getByTestId('journal-submit'));
}

describe('Log view', () => {
  it('hides the form from a read-only display and says why', async () => {
    openLog({ role: 'viewer' });
    expect(await screen.findByTestId('journal-readonly')).toHaveProperty('textContent', 'Read-only display: notes are added from an operator screen.');
    expect(screen.queryByTestId('journal-form')).toBeNull();
    expect(entryTexts()).toEqual(['go/no-go at 14:00']);
    expect(screen.getByTestId('role-badge').textContent).toBe('Read-only');
  });

  it('lets an operator add a note, shown once, newest first, and remembers the author', async () => {
    const core = openLog();
    await screen.findByTestId('journal-form');
    await post('Bo', 'DNS switched');
    await screen.findByText('DNS switched');
    expect(entryTexts()).toEqual(['DNS switched', 'go/no-go at 14:00']);
    const newest = screen.getAllByTestId('journal-entry')[0]!;
    expect(within(newest).getByText('Bo')).toBeTruthy();
    expect(screen.getByTestId('journal-text')).toHaveProperty('value', '');
    expect(localStorage.getItem('warroom.author')).toBe('Bo');
    act(() => void core.addNote('Cy', 'from another screen'));
    expect(entryTexts()).toEqual(['from another screen', 'DNS switched', 'go/no-go at 14:00']);
  });

  it('shows a refused call in the form', async () => {
    openLog({
      answer: { 'journal.add': () => ({ ok: false, error: { code: 'forbidden', message: 'journal.add needs the operator role' } }) },
    });
    await screen.findByTestId('journal-form');
    await post('Bo', 'hello');
    const error = await screen.findByTestId('journal-error');
    expect(error.textContent).toContain('Not allowed: this connection is read-only');
    expect(error.textContent).toContain('journal.add needs the operator role');
    expect(entryTexts()).toEqual(['go/no-go at 14:00']);
  });

  it('lists every invalid field the core reports', async () => {
    openLog();
    await screen.findByTestId('journal-form');
    await post('Bo', '   ');
    const error = await screen.findByTestId('journal-error');
    expect(error.textContent).toContain('check the fields');
    expect(error.textContent).toContain('text: the note is empty');
  });
});
