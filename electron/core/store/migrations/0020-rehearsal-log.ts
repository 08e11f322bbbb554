import type { Migration } from './types.js';

export const rehearsalLog: Migration = {
  version: 20,
  name: 'rehearsal-log',
  up(db) {
    db.exec(`
      -- What happened on the simulated platform (faults, deploys, rollbacks, scenario steps):
      -- the record of a rehearsal, kept as evidence beside the probes and load tests it explains.
      CREATE TABLE rehearsal_events (
        id       INTEGER PRIMARY KEY,
        at       INTEGER NOT NULL,
        service  TEXT,
        message  TEXT    NOT NULL
      ) STRICT;
      -- The platform reports its recent log on every poll; this keeps each entry once.
      CREATE UNIQUE INDEX rehearsal_events_once ON rehearsal_events (at, coalesce(service, ''), message);
    `);
  },
};
