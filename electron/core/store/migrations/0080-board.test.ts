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

describe('migration 80 (board)', () => {
  it('keeps the evidence of a version-60 database and adds sign-offs and waivers the board reads as of t', () => {
    const dir = makeTempDir();
    temps.push(dir);
    const path = join(dir.path, DATABASE_FILE);
    const old = openDatabase(path);
    migrate(old, migrations.filter((m) => m.version <= 60), now);
    old.exec(`
      INSERT INTO action_runs (action_id, environment, params, dry_run, actor, state, requested_at, started_at, ended_at, exit_code)
        VALUES ('rollback', 'rehearsal', '{}', 0, 'ana', 'succeeded', 4000, 4100, 4200, 0);
    `);
    old.close();

    const store = openStore({ dataDir: dir.path, now });
    expect(store.migration).toMatchObject({ from: 60, applied: expect.arrayContaining(['80-board']) });
    expect(store.boardEvidence.latestSucceededRun('rollback', 'rehearsal', 5000)).toMatchObject({ id: 1, actor: 'ana', endedAt: 4200 });
    expect(store.boardEvidence.latestSucceededRun('rollback', 'rehearsal', 4100)).toBeNull();

    const signoff = store.boardRecords.addSignoff({ criterionId: 'on-call', by: 'ana', role: 'operations', note: null, link: null, at: 5000 });
    expect(store.boardRecords.latestSignoffs(4999).size).toBe(0);
    expect(store.boardRecords.latestSignoffs(5000).get('on-call')).toEqual(signoff);
    const waiver = store.boardRecords.addWaiver({ criterionId: 'load-peak', owner: 'lee', reason: 'Monday', at: 5000, expiresAt: 9000 });
    store.boardRecords.revokeWaiver(waiver.id, 'lee', 7000);
    expect(store.boardRecords.waiversAt(6000).map((w) => w.id)).toEqual([waiver.id]);
    expect(store.boardRecords.waiversAt(7000)).toEqual([]);
    expect(() => store.boardRecords.addWaiver({ criterionId: 'x', owner: 'lee', reason: 'r', at: 5000, expiresAt: 5000 })).toThrow(/CHECK/);
    store.close();
  });
});
