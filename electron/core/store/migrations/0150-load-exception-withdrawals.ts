import type { Migration } from './types.js';

/**
 * A documented exception can be withdrawn before it expires (by an operator, from the app or the
 * CLI). The row stays: it stood from created_at until withdrawn_at, so "as of t" stays answerable.
 */
export const loadExceptionWithdrawals: Migration = {
  version: 150,
  name: 'load-exception-withdrawals',
  up(db) {
    db.exec(`
      ALTER TABLE load_exceptions ADD COLUMN withdrawn_at INTEGER;
      ALTER TABLE load_exceptions ADD COLUMN withdrawn_by TEXT;
    `);
  },
};
