import { configure } from '@testing-library/react';

/**
 * View tests run a real core in memory (SQLite, load workers, child processes for actions, a real
 * platform for the rehearsal), so what `waitFor`/`findBy` wait on can take seconds on a busy machine.
 * Testing Library's default of 1 s is meant for a DOM update, not for that: wait for the event with a
 * generous, finite limit instead, below the 15 s test timeout so the failure names what never came.
 */
configure({ asyncUtilTimeout: 10_000 });
