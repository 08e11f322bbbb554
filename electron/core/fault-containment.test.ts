/**
 * Issue 15, fault containment: a throwing listener, an event that breaks the contract, a failing
 * store and a full disk leave the real web server answering, the problem visible through the
 * snapshot and events, and everything stored before still there.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CoreProblem } from '../../shared/domain/problems.js';
import { startWebServer } from '../web/web-server.js';
import { silentLogger } from './logger.js';
import { makeCoreParts } from './testing/make-core.js';
import { nextEvent } from './testing/next-event.js';
import { makeTempDir } from './testing/temp-dir.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A production core (contract checks report, not throw) behind the real web server. */
async function serveProduction(dataDir: string, overrides: Parameters<typeof makeCoreParts>[0] = {}) {
  const core = makeCoreParts({ dataDir, heartbeatIntervalMs: 20, strictContract: false, ...overrides });
  cleanups.push(() => core.close());
  const server = await startWebServer({
    dispatch: core.dispatch, bus: core.bus, rendererDir: '/nonexistent', host: '127.0.0.1', port: 0, token: undefined, readOnly: false, logger: silentLogger,
  });
  cleanups.push(() => server.close());
  return { core, server };
}

async function rpc<T = unknown>(url: string, name: string, input: unknown = {}): Promise<{ status: number; body: { ok: boolean; value?: T; error?: { code: string; message: string } } }> {
  const response = await fetch(`${url}rpc/${name}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(input) });
  return { status: response.status, body: (await response.json()) as { ok: boolean; value?: T } };
}

const problemOf = (source: string) => (payload: { problems: CoreProblem[] }) => payload.problems.some((p) => p.source === source);
const noProblemOf = (source: string) => (payload: { problems: CoreProblem[] }) => !payload.problems.some((p) => p.source === source);

async function snapshotProblems(url: string): Promise<CoreProblem[]> {
  const answer = await rpc<{ problems: CoreProblem[] }>(url, 'app.snapshot');
  expect(answer.status).toBe(200);
  return answer.body.value!.problems;
}

async function addNote(url: string, text: string) {
  const added = await rpc(url, 'journal.add', { author: 'ana', text });
  expect(added.body.ok).toBe(true);
}

async function notes(url: string): Promise<string[]> {
  const listed = await rpc<{ text: string }[]>(url, 'journal.list', {});
  return listed.body.value!.map((entry) => entry.text);
}

describe('fault containment', () => {
  it('a listener that throws on every event: the server answers and the problem is visible', async () => {
    const dir = makeTempDir();
    cleanups.push(dir.remove);
    const { core, server } = await serveProduction(dir.path);
    await addNote(server.url, 'before the fault');
    const off = core.bus.on('core.heartbeat', () => {
      throw new Error('a broken subscriber');
    });
    await nextEvent(core.bus, 'core.problems', problemOf('events.core.heartbeat.delivery'));
    expect((await snapshotProblems(server.url)).find((p) => p.source === 'events.core.heartbeat.delivery')).toMatchObject({ what: 'delivering core.heartbeat', message: 'a broken subscriber' });
    expect(await notes(server.url)).toEqual(['before the fault']);
    off();
    await nextEvent(core.bus, 'core.problems', noProblemOf('events.core.heartbeat.delivery'));
  });

  it('a timer emitting a payload that breaks the contract (production): reported and not sent, the core goes on', async () => {
    const dir = makeTempDir();
    cleanups.push(dir.remove);
    const { core, server } = await serveProduction(dir.path);
    const emit = core.bus.emit.bind(core.bus);
    // A core bug: the heartbeat's payload goes wrong (a negative uptime).
    vi.spyOn(core.bus, 'emit').mockImplementation((name, payload) => emit(name, name === 'core.heartbeat' ? { ...payload, uptimeMs: -1 } : payload));
    const raised = await nextEvent(core.bus, 'core.problems', problemOf('events.core.heartbeat'));
    expect(raised.problems.find((p) => p.source === 'events.core.heartbeat')?.message).toMatch(/^core.heartbeat payload breaks the contract, not sent/);
    await addNote(server.url, 'still answering');
    expect(await notes(server.url)).toEqual(['still answering']);
    vi.restoreAllMocks();
    await nextEvent(core.bus, 'core.problems', noProblemOf('events.core.heartbeat'));
  });

  it('a failing store: probe results wait in memory, the problem shows until a flush goes through, nothing stored before is lost', async () => {
    const dir = makeTempDir();
    cleanups.push(dir.remove);
    const { core, server } = await serveProduction(dir.path);
    await rpc(server.url, 'health.checkAll');
    await rpc(server.url, 'health.recent');
    const storedBefore = core.store.probeResults.samplesBetween(0, Number.MAX_SAFE_INTEGER).length;
    expect(storedBefore).toBeGreaterThan(0);

    const insert = vi.spyOn(core.store.probeResults, 'insertMany').mockImplementation(() => {
      throw Object.assign(new Error('disk I/O error'), { code: 'SQLITE_IOERR' });
    });
    expect((await rpc(server.url, 'health.checkAll')).status).toBe(200);
    // health.recent flushes the writer first: the flush fails, the answer still comes.
    expect((await rpc(server.url, 'health.recent')).status).toBe(200);
    expect((await snapshotProblems(server.url)).find((p) => p.source === 'probes.store')).toMatchObject({ code: 'SQLITE_IOERR', message: 'disk I/O error' });
    expect(core.store.probeResults.samplesBetween(0, Number.MAX_SAFE_INTEGER)).toHaveLength(storedBefore);

    insert.mockRestore();
    await rpc(server.url, 'health.recent');
    expect(await snapshotProblems(server.url)).toEqual([]);
    // The results checked while storing failed were kept and are stored now.
    expect(core.store.probeResults.samplesBetween(0, Number.MAX_SAFE_INTEGER).length).toBe(storedBefore * 2);
  });

  it.skipIf(!canMountTmpfs())('a full disk (a 2 MB tmpfs): SQLITE_FULL is a problem, the server answers, earlier rows stay, and it clears once space is freed', async () => {
    const dir = makeTempDir();
    cleanups.push(dir.remove);
    const mount = join(dir.path, 'disk');
    mkdirSync(mount);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2M', 'tmpfs', mount]);
    cleanups.push(() => void execFileSync('umount', ['-l', mount]));
    const dataDir = join(mount, 'data');
    const { core, server } = await serveProduction(dataDir);
    await addNote(server.url, 'before the disk filled');

    const filler = join(mount, 'filler');
    fillDisk(filler);
    const raised = await nextEvent(core.bus, 'core.problems', problemOf('heartbeat'));
    expect(raised.problems.find((p) => p.source === 'heartbeat')?.code).toBe('SQLITE_FULL');
    expect((await snapshotProblems(server.url)).map((p) => p.source)).toContain('heartbeat');
    const refused = await rpc(server.url, 'journal.add', { author: 'ana', text: 'while the disk is full' });
    expect(refused.body.ok).toBe(false);
    expect(await notes(server.url)).toEqual(['before the disk filled']);

    rmSync(filler);
    await nextEvent(core.bus, 'core.problems', noProblemOf('heartbeat'));
    await addNote(server.url, 'after space was freed');
    expect(await notes(server.url)).toEqual(['after space was freed', 'before the disk filled']);
  });
});

function fillDisk(path: string): void {
  const fd = openSync(path, 'w');
  const chunk = Buffer.alloc(64 * 1024);
  try {
    for (;;) writeSync(fd, chunk);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  } finally {
    closeSync(fd);
  }
}

/** Root on Linux can mount a tiny tmpfs; elsewhere the mocked ENOSPC tests (log-file.test.ts) cover it. */
function canMountTmpfs(): boolean {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return false;
  const probe = makeTempDir();
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1M', 'tmpfs', probe.path], { stdio: 'ignore' });
    execFileSync('umount', [probe.path], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  } finally {
    probe.remove();
  }
}
