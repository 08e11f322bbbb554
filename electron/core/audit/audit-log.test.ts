import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../../shared/domain/actions.js';
import { fakeClock } from '../testing/fake-clock.js';
import { makeTempDir } from '../testing/temp-dir.js';
import { openDatabase } from '../store/db.js';
import type { WritableDb } from '../store/db.js';
import { migrate } from '../store/migrate.js';
import { AUDIT_LOG_GUARDS } from '../store/migrations/0040-actions.js';
import { migrations } from '../store/migrations/index.js';
import { ZERO_HASH, checkChain, hashEntry, parseAuditLine } from './audit-chain.js';
import { createAuditLog } from './audit-log.js';
import type { AuditLog } from './audit-log.js';
import { canonicalJson } from './canonical-json.js';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()));

interface Setup {
  db: WritableDb;
  log: AuditLog;
  headFile: string;
  clock: ReturnType<typeof fakeClock>;
  fill(count: number): AuditEntry[];
  /** Opens the door a tamperer would: without the guard, then puts it back exactly as it was. */
  without(guard: keyof typeof AUDIT_LOG_GUARDS, tamper: () => void): void;
}

function setup(): Setup {
  const dir = makeTempDir('warroom-audit-');
  const db = openDatabase(join(dir.path, 'warroom.db'));
  cleanups.push(() => {
    db.close();
    dir.remove();
  });
  migrate(db, migrations, () => 0);
  const clock = fakeClock();
  const headFile = join(dir.path, 'audit-head.json');
  const log = createAuditLog({ db, clock, headFile });
  return {
    db,
    log,
    headFile,
    clock,
    fill(count) {
      return Array.from({ length: count }, (_, i) => {
        clock.advance(1000);
        return log.append({ actor: i % 2 ? 'bob' : 'ana', event: 'started', actionId: 'rollback', runId: i + 1, detail: { service: 'api', n: i } });
      });
    },
    without(guard, tamper) {
      db.exec(`DROP TRIGGER ${guard}`);
      tamper();
      db.exec(AUDIT_LOG_GUARDS[guard]);
    },
  };
}

function rowAt(db: WritableDb, seq: number): AuditEntry {
  const row = db.prepare('SELECT * FROM audit_log WHERE seq = ?').get(seq) as Record<string, unknown>;
  return {
    seq: row.seq as number,
    at: row.at as number,
    actor: row.actor as string,
    event: row.event as AuditEntry['event'],
    actionId: row.action_id as string | null,
    runId: row.run_id as number | null,
    detail: JSON.parse(row.detail as string) as Record<string, unknown>,
    prevHash: row.prev_hash as string,
    hash: row.hash as string,
  };
}

function readHead(headFile: string): unknown {
  return JSON.parse(readFileSync(headFile, 'utf8'));
}

describe('audit log', () => {
  // Three fsyncs per append (WAL, head file, directory): generous on slow CI disks.
  it('appends 1,000 chained entries that verify, with the head file on the newest', { timeout: 120_000 }, () => {
    const { db, log, headFile, fill } = setup();
    const entries = fill(1000);
    expect(entries[0]).toMatchObject({ seq: 1, prevHash: ZERO_HASH, actor: 'ana', event: 'started', actionId: 'rollback', runId: 1 });
    expect(entries.every((e, i) => e.seq === i + 1 && e.prevHash === (entries[i - 1]?.hash ?? ZERO_HASH))).toBe(true);
    expect(log.verify()).toEqual({ ok: true, entries: 1000, headHash: entries[999]!.hash, problems: [] });
    expect(readHead(headFile)).toEqual({ format: 'warroom-audit-head/1', seq: 1000, hash: entries[999]!.hash });
    if (process.platform !== 'win32') expect(statSync(headFile).mode & 0o777).toBe(0o600);
    // The FULL sync level is for the audit commit only.
    expect(db.pragma('synchronous', { simple: true })).toBe(1);
  });

  it('tails the newest entries newest first, through the key instead of reading the whole trail', () => {
    const { db, log, fill } = setup();
    const entries = fill(12);
    expect(log.tail(3).map((e) => e.seq)).toEqual([12, 11, 10]);
    expect(log.tail(3)[0]).toEqual(entries[11]);
    expect(log.tail(50)).toHaveLength(12);
    const plan = (db.prepare('EXPLAIN QUERY PLAN SELECT * FROM audit_log ORDER BY seq DESC LIMIT 3').all() as { detail: string }[])
      .map((row) => row.detail)
      .join('\n');
    expect(plan).not.toMatch(/TEMP B-TREE/);
  });

  it('verifies an empty trail with no head file yet, and carries on after a reopen', () => {
    const { db, log, headFile, clock, fill } = setup();
    expect(log.verify()).toEqual({ ok: true, entries: 0, headHash: ZERO_HASH, problems: [] });
    fill(3);
    const reopened = createAuditLog({ db, clock, headFile });
    expect(reopened.verify()).toMatchObject({ ok: true, entries: 3 });
    expect(reopened.append({ actor: 'ana', event: 'verified' }).seq).toBe(4);
    expect(reopened.verify()).toMatchObject({ ok: true, entries: 4 });
  });

  it('stores the detail as JSON carries it, so what was hashed is what is read back', () => {
    const { log } = setup();
    const entry = log.append({ actor: 'ana', event: 'requested', actionId: 'deploy', detail: { at: new Date(0), gone: undefined, params: { version: 'v42' } } });
    expect(entry).toMatchObject({ runId: null, detail: { at: '1970-01-01T00:00:00.000Z', params: { version: 'v42' } } });
    expect(entry.detail).not.toHaveProperty('gone');
    expect(log.verify().ok).toBe(true);
    expect(() => log.append({ actor: 'ana', event: 'requested', detail: [] as unknown as Record<string, unknown> })).toThrow(/must be an object/);
  });

  it('refuses to append inside a transaction, since the head file must follow a commit', () => {
    const { db, log } = setup();
    expect(() => db.transaction(() => log.append({ actor: 'ana', event: 'requested' }))()).toThrow(/outside any transaction/);
    expect(log.verify()).toMatchObject({ ok: true, entries: 0 });
  });

  it('has UPDATE and DELETE refused by the triggers', () => {
    const { db, log, fill } = setup();
    fill(5);
    expect(() => db.prepare("UPDATE audit_log SET detail = '{}' WHERE seq = 3").run()).toThrow('audit_log is append-only');
    expect(() => db.prepare('DELETE FROM audit_log WHERE seq >= 4').run()).toThrow('audit_log is append-only');
    expect(log.verify()).toMatchObject({ ok: true, entries: 5 });
  });

  it('names the edited entry when a trigger is dropped and a detail changed', () => {
    const { db, log, fill } = setup();
    fill(100);
    db.exec('DROP TRIGGER audit_log_no_update');
    db.prepare(`UPDATE audit_log SET detail = '{"n":41,"service":"web"}' WHERE seq = 42`).run();
    const result = log.verify();
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([
      { seq: null, problem: 'trigger audit_log_no_update is missing: audit_log is no longer append-only' },
      { seq: 42, problem: 'entry 42 was altered: its hash does not match its content' },
    ]);
  });

  it('reports a trigger that was rewritten to do nothing, and one that was added', () => {
    const { db, log, fill } = setup();
    fill(2);
    db.exec('DROP TRIGGER audit_log_no_delete');
    db.exec('CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT 1; END');
    db.exec("CREATE TRIGGER audit_log_sneaky AFTER INSERT ON audit_log BEGIN SELECT 1; END");
    expect(log.verify().problems).toEqual([
      { seq: null, problem: 'trigger audit_log_no_delete was changed: audit_log is no longer append-only' },
      { seq: null, problem: 'unexpected trigger audit_log_sneaky on audit_log' },
    ]);
  });

  it('detects an entry deleted from the middle', () => {
    const { db, log, without, fill } = setup();
    fill(200);
    without('audit_log_no_delete', () => db.prepare('DELETE FROM audit_log WHERE seq = 100').run());
    expect(log.verify()).toMatchObject({ ok: false, entries: 199, problems: [{ seq: 101, problem: 'entry 100 is missing before entry 101' }] });
  });

  it('detects the newest entries deleted, through the head file, and keeps showing it as entries follow', () => {
    const { db, log, without, fill } = setup();
    const entries = fill(200);
    without('audit_log_no_delete', () => db.prepare('DELETE FROM audit_log WHERE seq > 197').run());
    const result = log.verify();
    expect(result).toMatchObject({ ok: false, entries: 197, headHash: entries[196]!.hash });
    expect(result.problems).toEqual([{ seq: 200, problem: 'the head file records entry 200 but the trail ends at 197: entries 198–200 were deleted' }]);

    // New entries fill the gap with a consistent chain; the head file stays where it was, so the
    // deletion cannot be papered over by carrying on.
    fill(3);
    expect(log.verify().problems).toEqual([{ seq: 200, problem: 'entry 200 is not the one the head file records: it was replaced' }]);
  });

  it('detects an edited entry re-hashed by a forger who left the later entries alone', () => {
    const { db, log, without, fill } = setup();
    fill(20);
    const forged = { ...rowAt(db, 10), detail: { service: 'web', n: 9 } };
    forged.hash = hashEntry(forged);
    without('audit_log_no_update', () =>
      db.prepare('UPDATE audit_log SET detail = ?, hash = ? WHERE seq = 10').run(canonicalJson(forged.detail), forged.hash),
    );
    expect(log.verify().problems).toEqual([
      {
        seq: 11,
        problem: "entry 11 does not follow entry 10: its prevHash is not that entry's hash (entry 10 was rewritten, or entry 11 was forged)",
      },
    ]);
  });

  it('detects the newest entry rewritten and re-hashed, through the head file', () => {
    const { db, log, without, fill } = setup();
    fill(20);
    const forged = { ...rowAt(db, 20), actor: 'mallory' };
    forged.hash = hashEntry(forged);
    without('audit_log_no_update', () => db.prepare('UPDATE audit_log SET actor = ?, hash = ? WHERE seq = 20').run(forged.actor, forged.hash));
    expect(log.verify().problems).toEqual([{ seq: 20, problem: 'entry 20 is not the one the head file records: it was replaced' }]);
  });

  it('reports a missing or corrupt head file and does not recreate it on the next append', () => {
    const { log, headFile, fill } = setup();
    fill(3);
    rmSync(headFile);
    const missing = `the head file ${headFile} is missing: deletion of the newest entries cannot be ruled out`;
    expect(log.verify()).toMatchObject({ ok: false, entries: 3, problems: [{ seq: null, problem: missing }] });
    fill(1);
    expect(log.verify().problems).toEqual([{ seq: null, problem: missing }]);

    writeFileSync(headFile, '{"seq": 4');
    expect(log.verify().problems).toEqual([{ seq: null, problem: `the head file ${headFile} is not JSON: deletion of the newest entries cannot be ruled out` }]);
    writeFileSync(headFile, JSON.stringify({ format: 'warroom-audit-head/1', seq: 4, hash: 'abc' }));
    expect(log.verify().problems).toEqual([{ seq: null, problem: `the head file ${headFile} has no valid hash: deletion of the newest entries cannot be ruled out` }]);
  });

  it('reports entries the head file does not cover yet, and moves the head on with the next append', () => {
    const { log, headFile, fill } = setup();
    fill(5);
    const before = readFileSync(headFile, 'utf8');
    fill(2);
    // As if Warroom stopped between committing entries 6 and 7 and writing the head.
    writeFileSync(headFile, before);
    expect(log.verify().problems).toEqual([
      {
        seq: 6,
        problem: 'entries 6–7 are not covered by the head file (Warroom stopped between writing an entry and the head, or entries were added outside Warroom)',
      },
    ]);
    fill(1);
    expect(log.verify()).toMatchObject({ ok: true, entries: 8 });
  });

  it('exports one JSON object per line that re-verifies, from the start or from a seq', () => {
    const { log, fill } = setup();
    const entries = fill(50);
    let text = '';
    expect(log.export((line) => (text += line))).toBe(50);
    expect(text.endsWith('\n')).toBe(true);
    const lines = text.trimEnd().split('\n');
    expect(lines).toHaveLength(50);
    const parsed = lines.map(parseAuditLine);
    expect(parsed).toEqual(entries);
    expect(Object.keys(JSON.parse(lines[0]!) as object)).toEqual(['seq', 'at', 'actor', 'event', 'actionId', 'runId', 'detail', 'prevHash', 'hash']);
    expect(checkChain(parsed)).toEqual({ entries: 50, last: { seq: 50, hash: log.verify().headHash }, problems: [] });

    const tail: string[] = [];
    expect(log.export((line) => tail.push(line), { sinceSeq: 41 })).toBe(10);
    expect(checkChain(tail.map(parseAuditLine), { seq: 41, prevHash: entries[39]!.hash }).problems).toEqual([]);

    const doctored = parsed.map((e) => (e.seq === 7 ? { ...e, detail: { ...e.detail, service: 'web' } } : e));
    expect(checkChain(doctored).problems).toEqual([{ seq: 7, problem: 'entry 7 was altered: its hash does not match its content' }]);
  });
});
