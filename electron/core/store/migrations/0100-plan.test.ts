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

describe('migrations 100 (plan) and 105 (risks)', () => {
  it('keep a version-90 database as it was, and store plan tasks, their history and risks as of a time', () => {
    const dir = makeTempDir();
    temps.push(dir);
    const path = join(dir.path, DATABASE_FILE);
    const old = openDatabase(path);
    migrate(old, migrations.filter((m) => m.version <= 90), now);
    old.exec("INSERT INTO journal_entries (at, author, text) VALUES (1000, 'ana', 'before the plan')");
    old.close();

    const store = openStore({ dataDir: dir.path, now });
    expect(store.migration).toMatchObject({ from: 90, applied: expect.arrayContaining(['100-plan', '105-risks']) });
    expect(store.journal.list({ limit: 5 }).map((e) => e.text)).toEqual(['before the plan']);

    const importId = store.plan.addImport({ at: 2000, by: 'ana', fileName: 'plan.md', sha256: 'x', source: '# Day 1\n- [ ] a', sections: [], result: {} });
    store.plan.writeContent({ key: 'Day 1 › a', path: ['Day 1'], text: 'a', parentKey: null, depth: 0, position: 0, owners: [], criterionId: 'on-call', deliverable: null, notes: [], commands: [], day: null }, importId, 2000, 'ana');
    store.plan.setState('Day 1 › a', { state: 'done', by: 'ana', at: 3000, reason: null, evidence: null, source: 'operator' });
    expect(store.plan.linkedTasksAt('on-call', 2500)).toEqual([{ key: 'Day 1 › a', text: 'a', done: false, by: null, at: null, evidence: null }]);
    expect(store.plan.linkedTasksAt('on-call', 3000)).toEqual([{ key: 'Day 1 › a', text: 'a', done: true, by: 'ana', at: 3000, evidence: null }]);
    store.plan.markRemoved('Day 1 › a', 4000);
    expect(store.plan.linkedTasksAt('on-call', 4000)).toEqual([]);

    const risk = store.risks.add({ title: 'Outage', likelihood: 'high', impact: 'high', mitigation: '', owner: null, status: 'open' }, { at: 5000, by: 'ana', source: 'operator', changes: {}, note: null });
    store.risks.update(risk.id, { ...risk, status: 'closed' }, { at: 6000, by: 'ana', source: 'operator', changes: { status: ['open', 'closed'] }, note: null });
    expect(store.risks.openHighAt(5500).map((r) => r.title)).toEqual(['Outage']);
    expect(store.risks.openHighAt(6000)).toEqual([]);
    store.close();

    const db = openDatabase(path);
    expect(() => db.prepare("INSERT INTO plan_task_events (task_key, at, actor, state, source) VALUES ('Day 1 › a', 1, 'a', 'maybe', 'operator')").run()).toThrow(/CHECK constraint/);
    expect(() => db.prepare("INSERT INTO risks (title_key, title, likelihood, impact, mitigation, status, created_at, updated_at) VALUES ('x', 'x', 'huge', 'low', '', 'open', 1, 1)").run()).toThrow(/CHECK constraint/);
    db.close();
  });
});
