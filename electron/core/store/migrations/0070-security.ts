import type { Migration } from './types.js';

export const security: Migration = {
  version: 70,
  name: 'security',
  up(db) {
    db.exec(`
      -- One row per scan of one scope: an imported report file (one per tool it holds, unless a
      -- scope was named) or a configured scanner's run. Written once, when the import commits;
      -- a failed scan has status 'failed', its error, and zero counts.
      CREATE TABLE security_scans (
        id               INTEGER PRIMARY KEY,
        scope            TEXT    NOT NULL,
        tools            TEXT    NOT NULL CHECK (json_valid(tools)),
        format           TEXT,
        source_file      TEXT,
        scan_root        TEXT    NOT NULL,
        actor            TEXT    NOT NULL,
        started_at       INTEGER NOT NULL,
        finished_at      INTEGER NOT NULL,
        status           TEXT    NOT NULL CHECK (status IN ('ok', 'failed')),
        error            TEXT,
        warnings         TEXT    NOT NULL CHECK (json_valid(warnings)),
        new_count        INTEGER NOT NULL CHECK (new_count >= 0),
        fixed_count      INTEGER NOT NULL CHECK (fixed_count >= 0),
        unchanged_count  INTEGER NOT NULL CHECK (unchanged_count >= 0),
        reopened_count   INTEGER NOT NULL CHECK (reopened_count >= 0),
        total_count      INTEGER NOT NULL CHECK (total_count >= 0)
      ) STRICT;
      CREATE INDEX security_scans_finished_at ON security_scans (finished_at);
      -- The latest scan of a scope (what a re-scan compares with, what the gate rests on).
      CREATE INDEX security_scans_scope ON security_scans (scope, id);

      -- One row per finding, keyed by its fingerprint. The parsed fields are those of the first
      -- report that found it, refreshed by later ones (a moved finding gets its new line);
      -- priority is the remediation order (severity, then category), so the default sort is an
      -- index walk. Never a secret's value or the scanned file's text: hashes and a masked preview.
      CREATE TABLE security_findings (
        id                     INTEGER PRIMARY KEY,
        fingerprint            TEXT    NOT NULL UNIQUE,
        kind                   TEXT    NOT NULL CHECK (kind IN ('code', 'dependency', 'secret')),
        category               TEXT    NOT NULL,
        priority               INTEGER NOT NULL,
        severity               TEXT    NOT NULL CHECK (severity IN ('critical', 'high', 'medium', 'low', 'info')),
        tools                  TEXT    NOT NULL CHECK (json_valid(tools)),
        rule_id                TEXT    NOT NULL,
        title                  TEXT    NOT NULL,
        tool_severity          TEXT    NOT NULL,
        confidence             TEXT,
        file                   TEXT,
        line                   INTEGER,
        col                    INTEGER,
        snippet_hash           TEXT,
        package_name           TEXT,
        package                TEXT    CHECK (package IS NULL OR json_valid(package)),
        cwe                    TEXT    NOT NULL CHECK (json_valid(cwe)),
        cve                    TEXT    NOT NULL CHECK (json_valid(cve)),
        advice                 TEXT,
        help_uri               TEXT,
        masked_preview         TEXT,
        report_suppression     TEXT    CHECK (report_suppression IS NULL OR json_valid(report_suppression)),
        state                  TEXT    NOT NULL CHECK (state IN ('open', 'confirmed', 'false-positive', 'accepted', 'fixed')),
        blocking               INTEGER NOT NULL DEFAULT 0 CHECK (blocking IN (0, 1)),
        reason                 TEXT,
        triaged_by             TEXT,
        triaged_at             INTEGER,
        accept_mitigation      TEXT,
        accept_owner           TEXT,
        accept_expires_at      INTEGER,
        acceptance_expired_at  INTEGER,
        first_seen_at          INTEGER NOT NULL,
        last_seen_at           INTEGER NOT NULL,
        fixed_at               INTEGER,
        CHECK (state = 'accepted' OR accept_expires_at IS NULL)
      ) STRICT;
      CREATE INDEX security_findings_priority ON security_findings (priority, id);
      CREATE INDEX security_findings_state_priority ON security_findings (state, priority, id);
      CREATE INDEX security_findings_severity_state ON security_findings (severity, state);
      CREATE INDEX security_findings_file ON security_findings (file);
      CREATE INDEX security_findings_first_seen_at ON security_findings (first_seen_at);
      CREATE INDEX security_findings_last_seen_at ON security_findings (last_seen_at);
      -- The expiry sweep: accepted risks by expiry.
      CREATE INDEX security_findings_expiry ON security_findings (accept_expires_at) WHERE state = 'accepted';

      -- Whether the latest scan of a scope saw a finding. A finding is fixed when no scope that
      -- ever saw it still does; the same secret found by two tools is present in two scopes.
      CREATE TABLE security_finding_scopes (
        finding_id  INTEGER NOT NULL REFERENCES security_findings (id),
        scope       TEXT    NOT NULL,
        present     INTEGER NOT NULL CHECK (present IN (0, 1)),
        PRIMARY KEY (finding_id, scope)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX security_finding_scopes_scope ON security_finding_scopes (scope, present, finding_id);

      -- Which scan saw which finding, and through which tool: the evidence of first/last seen.
      CREATE TABLE security_sightings (
        scan_id     INTEGER NOT NULL REFERENCES security_scans (id),
        finding_id  INTEGER NOT NULL REFERENCES security_findings (id),
        tool        TEXT    NOT NULL,
        PRIMARY KEY (scan_id, finding_id)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX security_sightings_finding ON security_sightings (finding_id, scan_id);

      -- Every change of a finding's state or blocking flag: triage by an operator, fixed or
      -- reopened by a re-scan, reopened when an acceptance expired. Append-only by use; the
      -- operator's changes also go to the hash-chained audit_log.
      CREATE TABLE security_triage (
        id          INTEGER PRIMARY KEY,
        finding_id  INTEGER NOT NULL REFERENCES security_findings (id),
        at          INTEGER NOT NULL,
        actor       TEXT    NOT NULL,
        cause       TEXT    NOT NULL CHECK (cause IN ('import', 'triage', 'rescan', 'expiry')),
        from_state  TEXT,
        to_state    TEXT    NOT NULL,
        blocking    INTEGER NOT NULL CHECK (blocking IN (0, 1)),
        reason      TEXT,
        acceptance  TEXT    CHECK (acceptance IS NULL OR json_valid(acceptance)),
        scan_id     INTEGER REFERENCES security_scans (id)
      ) STRICT;
      CREATE INDEX security_triage_finding ON security_triage (finding_id, id);
      CREATE INDEX security_triage_at ON security_triage (at);

      -- Open findings per severity after every change, so "open over time" is a range read.
      CREATE TABLE security_counts (
        id         INTEGER PRIMARY KEY,
        at         INTEGER NOT NULL,
        cause      TEXT    NOT NULL CHECK (cause IN ('import', 'triage', 'expiry')),
        critical   INTEGER NOT NULL,
        high       INTEGER NOT NULL,
        medium     INTEGER NOT NULL,
        low        INTEGER NOT NULL,
        info       INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX security_counts_at ON security_counts (at);
    `);
  },
};
