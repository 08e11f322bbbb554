import { describe, expect, it } from 'vitest';
import type { CoreProblem } from '../../../shared/domain/problems.js';
import type { Logger } from '../logger.js';
import { fakeClock } from '../testing/fake-clock.js';
import { createProblemRegistry } from './problems.js';

function setUp() {
  const clock = fakeClock(1000);
  const published: CoreProblem[][] = [];
  const lines: string[] = [];
  const logger: Logger = {
    info: (m) => lines.push(`info: ${m}`),
    warn: (m) => lines.push(`warn: ${m}`),
    error: (m, e) => lines.push(`error: ${m}${e instanceof Error ? `: ${e.message}` : ''}`),
  };
  const problems = createProblemRegistry({ clock, logger, publish: (list) => published.push(list), republishMs: 5000, relogMs: 60_000 });
  return { clock, published, lines, problems };
}

const busy = () => Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });

describe('core problems', () => {
  it('raises a problem on the first failure of a source, with what, where and the error code', () => {
    const { problems, published, lines } = setUp();
    problems.report('heartbeat', 'storing the heartbeat', busy());
    const expected = { source: 'heartbeat', what: 'storing the heartbeat', message: 'database is locked', code: 'SQLITE_BUSY', firstAt: 1000, lastAt: 1000, count: 1 };
    expect(problems.list()).toEqual([expected]);
    expect(published).toEqual([[expected]]);
    expect(lines).toEqual(['error: storing the heartbeat failed [heartbeat]: database is locked']);
  });

  it('counts repeats, publishing and logging them only now and then', () => {
    const { problems, published, lines, clock } = setUp();
    problems.report('heartbeat', 'storing the heartbeat', busy());
    clock.advance(1000);
    problems.report('heartbeat', 'storing the heartbeat', busy());
    expect(published).toHaveLength(1);
    clock.advance(4000);
    problems.report('heartbeat', 'storing the heartbeat', busy());
    expect(published).toHaveLength(2);
    expect(published[1]).toMatchObject([{ firstAt: 1000, lastAt: 6000, count: 3 }]);
    expect(lines).toHaveLength(1);
    clock.advance(60_000);
    problems.report('heartbeat', 'storing the heartbeat', busy());
    expect(lines[1]).toBe('warn: storing the heartbeat still failing [heartbeat] (4 times since 1970-01-01T00:00:01.000Z): database is locked');
  });

  it('publishes a changed error at once', () => {
    const { problems, published } = setUp();
    problems.report('probes.store', 'storing probe results', busy());
    problems.report('probes.store', 'storing probe results', Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' }));
    expect(published.map((list) => list[0]?.code)).toEqual(['SQLITE_BUSY', 'SQLITE_FULL']);
  });

  it('clears a source when it next works, and says so once', () => {
    const { problems, published, lines } = setUp();
    problems.report('heartbeat', 'storing the heartbeat', busy());
    problems.report('load.store', 'storing a load tick', busy());
    problems.clear('heartbeat');
    problems.clear('heartbeat');
    expect(problems.list().map((p) => p.source)).toEqual(['load.store']);
    expect(published.at(-1)?.map((p) => p.source)).toEqual(['load.store']);
    expect(published).toHaveLength(3);
    expect(lines.at(-1)).toBe('info: storing the heartbeat works again [heartbeat] after 1 failure');
  });

  it('attempt() returns the work\'s value and clears, or reports and returns undefined', () => {
    const { problems } = setUp();
    expect(problems.attempt('rollup', 'rolling up', () => { throw busy(); })).toBeUndefined();
    expect(problems.list()).toHaveLength(1);
    expect(problems.attempt('rollup', 'rolling up', () => 42)).toBe(42);
    expect(problems.list()).toEqual([]);
  });

  it('a report made while publishing is kept but not published again (no loop through a failing listener)', () => {
    const clock = fakeClock(0);
    let calls = 0;
    const problems = createProblemRegistry({
      clock,
      logger: { info: () => {}, warn: () => {}, error: () => {} },
      publish: () => {
        calls += 1;
        problems.report('events.core.problems', 'delivering core.problems', new Error('listener broke'));
      },
    });
    problems.report('heartbeat', 'storing the heartbeat', busy());
    expect(calls).toBe(1);
    expect(problems.list().map((p) => p.source)).toEqual(['heartbeat', 'events.core.problems']);
  });

  it('a failing publish is logged, never thrown at the reporter', () => {
    const clock = fakeClock(0);
    const errors: string[] = [];
    const problems = createProblemRegistry({
      clock,
      logger: { info: () => {}, warn: () => {}, error: (m) => errors.push(m) },
      publish: () => {
        throw new Error('bus refused');
      },
    });
    expect(() => problems.report('heartbeat', 'storing the heartbeat', busy())).not.toThrow();
    expect(errors).toContain('publishing core problems failed');
  });
});
