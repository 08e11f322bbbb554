import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../testing/temp-dir.js';
import { openDatabase } from '../db.js';
import { migrate } from '../migrate.js';
import { DAY_QUERIES } from '../repos/day-evidence-reader.js';
import { DATABASE_FILE, openStore } from '../store.js';
import { migrations } from './index.js';

const now = () => 1_700_000_000_000;
const temps: { remove(): void }[] = [];
afterEach(() => temps.splice(0).forEach((t) => t.remove()));

describe('migration 110 (reports)', () => {
  it('keeps a version-90 database, and stores notes, reports and deliveries beside its evidence', () => {
    const dir = makeTempDir();
    temps.push(dir);
    const path = join(dir.path, DATABASE_FILE);
    const old = openDatabase(path);
    migrate(old, migrations.filter((m) => m.version <= 90), now);
    old.exec("INSERT INTO journal_entries (at, author, text) VALUES (1000, 'ana', 'before reports')");
    old.close();

    const store = openStore({ dataDir: dir.path, now });
    expect(store.migration).toMatchObject({ from: 90, applied: expect.arrayContaining(['110-reports']) });
    expect(store.journal.list({ limit: 5 })).toEqual([{ id: 1, at: 1000, author: 'ana', text: 'before reports' }]);
    const note = store.reports.addStandup({ day: '2026-11-25', person: 'ana', yesterday: 'a', today: 'b', blockers: '', by: 'ana', at: 5 });
    expect(store.reports.standups('2026-11-25')).toEqual([note]);
    expect(store.reports.latestDelivery('email')).toBeNull();
    store.close();

    const db = openDatabase(path);
    db.pragma('foreign_keys = ON');
    expect(() => db.prepare("INSERT INTO standup_notes (day, person, yesterday, today, blockers, by, at) VALUES ('25/11/2026', 'a', '', '', '', 'a', 1)").run()).toThrow(/CHECK constraint/);
    expect(() => db.prepare("INSERT INTO notification_deliveries (at, channel, kind, subject, state, report_id) VALUES (1, 'email', 'report', 's', 'sent', 999)").run()).toThrow(/FOREIGN KEY/);
    expect(() => db.prepare("INSERT INTO notification_deliveries (at, channel, kind, subject, state) VALUES (1, 'fax', 'test', 's', 'sent')").run()).toThrow(/CHECK constraint/);
    // The day's queries read through an index, never the whole table.
    for (const sql of Object.values(DAY_QUERIES)) {
      const plan = db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...Array.from({ length: (sql.match(/\?/g) ?? []).length }, () => 0)) as { detail: string }[];
      expect(plan.map((p) => p.detail).join('; ')).toMatch(/USING (COVERING )?INDEX/);
    }
    db.close();
  });
});
