import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { commands } from '../../shared/contract/commands.js';
import type { CoreProblem } from '../../shared/domain/problems.js';
import type { Core } from './core.js';
import { makeCore } from './testing/make-core.js';
import { nextEvent } from './testing/next-event.js';
import { makeTempDir } from './testing/temp-dir.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function problemsInSnapshot(core: Core): Promise<CoreProblem[]> {
  const answer = await core.dispatch('app.snapshot', {}, { role: 'viewer', transport: 'memory' });
  if (!answer.ok) throw new Error(answer.error.message);
  return commands['app.snapshot'].output.parse(answer.value).problems;
}

const heartbeatProblem = (problems: readonly CoreProblem[]) => problems.find((p) => p.source === 'heartbeat');

describe('heartbeat under a held database lock (issue 15, failure 2)', () => {
  it('reports SQLITE_BUSY as a core problem, keeps beating, and clears it once the lock is released', async () => {
    const dir = makeTempDir();
    cleanups.push(() => dir.remove());
    const core = makeCore({ dataDir: dir.path, heartbeatIntervalMs: 20, busyTimeoutMs: 10 });
    cleanups.push(() => core.close());

    // Another process (here: a second connection) holds the write lock, as `sqlite3` with BEGIN IMMEDIATE does.
    const other = new Database(join(dir.path, 'warroom.db'));
    cleanups.push(() => void other.close());
    other.exec('BEGIN IMMEDIATE');

    const raised = await nextEvent(core.bus, 'core.problems', (p) => heartbeatProblem(p.problems) !== undefined);
    expect(heartbeatProblem(raised.problems)).toMatchObject({ source: 'heartbeat', code: 'SQLITE_BUSY', count: 1 });
    // The core is still alive and still says so.
    await nextEvent(core.bus, 'core.heartbeat');
    expect(heartbeatProblem(await problemsInSnapshot(core))?.code).toBe('SQLITE_BUSY');

    other.exec('COMMIT');
    await nextEvent(core.bus, 'core.problems', (p) => heartbeatProblem(p.problems) === undefined);
    expect(await problemsInSnapshot(core)).toEqual([]);
  });
});
