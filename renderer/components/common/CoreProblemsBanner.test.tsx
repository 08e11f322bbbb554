import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { CoreProblem } from '../../../shared/domain/problems.js';
import { applyEvent } from '../../stores/store-updates.js';
import { resetAppStore, useAppStore } from '../../stores/store.js';
import { CoreProblemsBanner } from './CoreProblemsBanner.js';

afterEach(() => {
  cleanup();
  resetAppStore();
});

const busy: CoreProblem = {
  source: 'heartbeat',
  what: 'storing the heartbeat',
  message: 'database is locked',
  code: 'SQLITE_BUSY',
  firstAt: Date.UTC(2026, 0, 2, 3, 4, 5),
  lastAt: Date.UTC(2026, 0, 2, 3, 4, 25),
  count: 5,
};

let seq = 0;
const problemsEvent = (problems: CoreProblem[]) => act(() => applyEvent({ name: 'core.problems', payload: { problems }, seq: ++seq, at: 0 }));

describe('core problems banner', () => {
  it('is absent while nothing fails', () => {
    render(<CoreProblemsBanner />);
    expect(screen.queryByTestId('core-problems')).toBeNull();
  });

  it('shows what keeps failing inside the core from core.problems, and goes once it clears', () => {
    render(<CoreProblemsBanner />);
    problemsEvent([busy]);
    const banner = screen.getByTestId('core-problems');
    expect(banner.getAttribute('role')).toBe('alert');
    expect(banner.textContent).toContain('Warroom keeps running, but storing the heartbeat is failing');
    expect(banner.textContent).toContain('SQLITE_BUSY: database is locked');
    expect(banner.textContent).toContain('5 times');
    problemsEvent([]);
    expect(screen.queryByTestId('core-problems')).toBeNull();
  });

  it('lists several problems, one line each', () => {
    render(<CoreProblemsBanner />);
    problemsEvent([busy, { ...busy, source: 'probes.store', what: 'storing probe results', code: 'SQLITE_FULL', message: 'database or disk is full', count: 1 }]);
    expect(screen.getAllByTestId('core-problem').map((item) => item.dataset.source)).toEqual(['heartbeat', 'probes.store']);
  });

  it('takes the list from the snapshot too', () => {
    render(<CoreProblemsBanner />);
    act(() => useAppStore.setState({ problems: [busy] }));
    expect(screen.getByTestId('core-problems')).toBeTruthy();
  });
});
