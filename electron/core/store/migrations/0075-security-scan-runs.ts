import type { Migration } from './types.js';

/**
 * Runs of the configured scanners (`security.scanners`): who started which scanner where, how it
 * ended, its stored output and the register scans it made. Slotted between the register (70)
 * and the board (80).
 */
export const securityScanRuns: Migration = {
  version: 75,
  name: 'security-scan-runs',
  up(db) {
    db.exec(`
      CREATE TABLE security_scan_runs (
        id             INTEGER PRIMARY KEY,
        scanner_id     TEXT    NOT NULL,
        environment    TEXT    NOT NULL,
        actor          TEXT    NOT NULL,
        status         TEXT    NOT NULL CHECK (status IN ('running', 'ok', 'failed', 'cancelled')),
        phase          TEXT    NOT NULL CHECK (phase IN ('scanning', 'reading', 'importing', 'ended')),
        started_at     INTEGER NOT NULL,
        ended_at       INTEGER,
        exit_code      INTEGER,
        signal         TEXT,
        reason         TEXT,
        reports        TEXT    NOT NULL DEFAULT '[]' CHECK (json_valid(reports)),
        scan_ids       TEXT    NOT NULL DEFAULT '[]' CHECK (json_valid(scan_ids)),
        counts         TEXT             CHECK (counts IS NULL OR json_valid(counts)),
        output         BLOB,
        output_bytes   INTEGER NOT NULL DEFAULT 0,
        truncated      INTEGER NOT NULL DEFAULT 0 CHECK (truncated IN (0, 1)),
        digest         TEXT,
        CHECK ((status = 'running') = (ended_at IS NULL))
      ) STRICT;
      CREATE INDEX security_scan_runs_started_at ON security_scan_runs (started_at);
      CREATE INDEX security_scan_runs_scanner ON security_scan_runs (scanner_id, id);
    `);
  },
};
