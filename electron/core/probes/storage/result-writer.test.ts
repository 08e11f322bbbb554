import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ProbeResult } from '../../../../shared/domain/probes.js';
import { openDatabase } from '../../store/db.js';
import type { WritableDb } from '../../store/db.js';
import { migrate } from '../../store/migrate.js';
import { migrations } from '../../store/migrations/index.js';
import { createProbeResultsRepo } from '../../store/repos/probe-results-repo.js';
import type { ProbeResultsRepo } from '../../store/repos/probe-results-repo.js';
import { fakeClock } from '../../testing/fake-clock.js';
import { createResultWriter } from './result-writer.js';
import type { ResultWriterStats } from './result-writer.js';

function setup() {
  const db = openDatabase(':memory:');
  migrate(db, migrations, () => 0);
  const repo = createProbeResultsRepo(db);
  const batches: number[] = [];
  // Each insertMany is one transaction (see the repo's test); counting calls counts transactions.
  const counting: Pick<ProbeResultsRepo, 'insertMany'> = {
    insertMany(environment, results) {
      batches.push(results.length);
      repo.insertMany(environment, results);
    },
  };
  return { db, repo: counting, batches, clock: fakeClock() };
}

const stored = (db: WritableDb) => db.prepare("SELECT at FROM probe_results WHERE environment = 'staging' ORDER BY at").pluck().all() as number[];

let n = 0;
const result = (at: number): ProbeResult => ({
  probeId: `api/p${n++ % 22}`,
  service: 'api',
  at,
  outcome: 'up',
  latencyMs: 5,
  // Long enough that a few hundred rows need new pages (for the disk-full test).
  detail: 'x'.repeat(200),
});

afterEach(() => vi.useRealTimers());

describe('result writer', () => {
  it('stores the results of a second in one transaction, not one per result', () => {
    const { db, repo, batches, clock } = setup();
    const writer = createResultWriter({ repo, environment: 'staging', clock });
    for (let i = 0; i < 50; i += 1) {
      writer.add(result(clock.now()));
      clock.advance(19); // 50 results over 950 ms
    }
    expect(batches).toEqual([]);
    expect(stored(db)).toHaveLength(0);
    clock.advance(50);
    writer.add(result(clock.now())); // the oldest has now waited a second
    expect(batches).toEqual([51]);
    expect(stored(db)).toHaveLength(51);
    writer.close();
  });

  it('flushes on its own timer when no further result arrives', () => {
    vi.useFakeTimers();
    const { db, repo, batches, clock } = setup();
    const writer = createResultWriter({ repo, environment: 'staging', clock, flushIntervalMs: 1000 });
    writer.add(result(clock.now()));
    writer.add(result(clock.now()));
    vi.advanceTimersByTime(999);
    expect(batches).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(batches).toEqual([2]);
    expect(stored(db)).toHaveLength(2);
    writer.close();
  });

  it('flush() and close() store everything buffered in one transaction each', () => {
    const { repo, batches, clock } = setup();
    const writer = createResultWriter({ repo, environment: 'staging', clock });
    for (let i = 0; i < 10; i += 1) writer.add(result(i));
    expect(writer.flush()).toBe(10);
    expect(writer.flush()).toBe(0);
    for (let i = 0; i < 3; i += 1) writer.add(result(100 + i));
    expect(writer.close()).toBe(0);
    expect(batches).toEqual([10, 3]);
    writer.add(result(200));
    expect(writer.stats()).toMatchObject({ buffered: 0, stored: 13, dropped: 1 });
  });

  it('keeps a bounded buffer while the disk is full, drops the oldest, and loses nothing already stored', () => {
    const { db, repo, clock } = setup();
    const errors: { error: unknown; stats: ResultWriterStats }[] = [];
    const writer = createResultWriter({ repo, environment: 'staging', clock, maxBuffered: 100, onError: (error, stats) => errors.push({ error, stats }) });
    for (let i = 0; i < 20; i += 1) writer.add(result(i));
    writer.flush();
    expect(stored(db)).toHaveLength(20);

    // No page may be added from now on: the next insert fails with SQLITE_FULL, as on a full disk.
    const pages = db.pragma('page_count', { simple: true }) as number;
    db.pragma(`max_page_count = ${pages}`);
    for (let i = 0; i < 250; i += 1) {
      writer.add(result(1000 + i));
      clock.advance(10);
    }
    writer.flush();
    expect(errors.length).toBeGreaterThan(0);
    expect(String(errors[0]?.error)).toMatch(/full/i);
    expect(writer.stats()).toMatchObject({ buffered: 100, dropped: 150, stored: 20 });
    expect(stored(db)).toHaveLength(20);

    db.pragma('max_page_count = 1073741823');
    expect(writer.flush()).toBe(100);
    // The 20 stored before, then the newest 100 of the 250.
    expect(stored(db)).toEqual([...Array.from({ length: 20 }, (_, i) => i), ...Array.from({ length: 100 }, (_, i) => 1150 + i)]);
    expect(writer.close()).toBe(0);
  });

  it('does not retry a failing store on every result, only once per interval', () => {
    const { clock } = setup();
    let attempts = 0;
    const failing: Pick<ProbeResultsRepo, 'insertMany'> = {
      insertMany() {
        attempts += 1;
        throw Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
      },
    };
    const writer = createResultWriter({ repo: failing, environment: 'staging', clock, flushIntervalMs: 1000, maxBuffered: 10, onError: () => {} });
    for (let i = 0; i < 100; i += 1) {
      writer.add(result(clock.now()));
      clock.advance(25); // 2.5 s in all
    }
    // When the buffer filled (at 225 ms), then at 1225 and 2225 ms: not 90 attempts.
    expect(attempts).toBe(3);
    expect(writer.stats()).toMatchObject({ buffered: 10, failedFlushes: 3, dropped: 90 });
    expect(writer.close()).toBe(10);
    expect(writer.stats()).toMatchObject({ buffered: 0, dropped: 100 });
  });
});
