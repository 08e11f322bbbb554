import type { Migration } from './types.js';

/**
 * Load runs say which engine produced them: Warroom's own, Locust (run by Warroom or imported from
 * its CSV files) or k6 (imported from a --summary-export). `engine_detail` keeps how: the command
 * Warroom ran, the command for workers on other machines, or the files an import was read from.
 * Rows from before are the built-in engine's.
 */
export const loadEngines: Migration = {
  version: 125,
  name: 'load-engines',
  up(db) {
    db.exec(`
      ALTER TABLE load_runs ADD COLUMN engine TEXT NOT NULL DEFAULT 'builtin' CHECK (engine IN ('builtin', 'locust', 'k6'));
      ALTER TABLE load_runs ADD COLUMN engine_detail TEXT CHECK (engine_detail IS NULL OR json_valid(engine_detail));
    `);
  },
};
