import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../testing/temp-dir.js';
import { openDatabase } from '../db.js';
import { migrate } from '../migrate.js';
import { DATABASE_FILE, openStore } from '../store.js';
import { migrations } from './index.js';

const now = () => 1_700_000_000_000;
const temps: { remove(): void }[] = [];
afterEach(() => temps.splice(0).forEach((t) => t.remove()));

describe('migration 85 (meeting)', () => {
  it('keeps the board records of a version-80 database and adds polls, votes, snapshots and frozen decisions', () => {
    const dir = makeTempDir();
    temps.push(dir);
    const path = join(dir.path, DATABASE_FILE);
    const old = openDatabase(path);
    migrate(old, migrations.filter((m) => m.version <= 80), now);
    expect(old.pragma('user_version', { simple: true })).toBe(80);
    old.exec("INSERT INTO board_signoffs (criterion_id, actor, role, note, link, at) VALUES ('on-call', 'ana', 'operations', 'rota done', NULL, 4000)");
    old.close();

    const store = openStore({ dataDir: dir.path, now });
    expect(store.migration).toMatchObject({ from: 80, applied: expect.arrayContaining(['85-meeting']) });
    expect([...store.boardRecords.latestSignoffs(5000).values()]).toEqual([
      { id: 1, criterionId: 'on-call', by: 'ana', role: 'operations', note: 'rota done', link: null, at: 4000 },
    ]);
    const poll = store.meeting.openPoll({ environment: 'production', roles: ['security'], openedAt: 5000, openedBy: 'ana' });
    // One open poll at a time, enforced by the database too.
    expect(() => store.meeting.openPoll({ environment: 'staging', roles: ['security'], openedAt: 5001, openedBy: 'bo' })).toThrow(
      expect.objectContaining({ code: 'SQLITE_CONSTRAINT_UNIQUE' }),
    );
    store.close();

    const db = openDatabase(path);
    db.exec("INSERT INTO board_snapshots (environment, as_of, taken_at, score, verdict, evaluation) VALUES ('production', 5000, 5000, 60, 'NO-GO', '{}')");
    const vote = db.prepare("INSERT INTO meeting_votes (poll_id, role, voter, choice, reason, at, snapshot_id) VALUES (?, 'security', 'sam', ?, ?, 5000, 1)");
    expect(() => vote.run(poll.id, 'NO-GO', null)).toThrow(/CHECK constraint/);
    expect(() => vote.run(poll.id, 'NO-GO', '')).toThrow(/CHECK constraint/);
    expect(() => vote.run(poll.id, 'MAYBE', 'x')).toThrow(/CHECK constraint/);
    vote.run(poll.id, 'NO-GO', 'capacity');
    db.pragma('foreign_keys = ON');
    expect(() => vote.run(99, 'GO', null)).toThrow(/FOREIGN KEY/);
    db.close();
  });
});
