/**
 * The contract suite, run once per transport: the same calls through in-process dispatch and
 * through the real web shell over HTTP must give the same envelopes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands, COMMAND_NAMES, CONTRACT_VERSION, events } from '../../../shared/contract/index.js';
import type { RpcResult } from '../../../shared/contract/errors.js';
import type { Role } from '../../../shared/domain/app.js';
import type { Core } from '../core.js';
import { silentLogger } from '../logger.js';
import { makeCore } from '../testing/make-core.js';
import { startWebServer } from '../../web/web-server.js';
import type { WebServer } from '../../web/web-server.js';

type Call = (name: string, input: unknown, role: Role) => Promise<RpcResult<unknown>>;

interface Transport {
  name: string;
  setUp(core: Core): Promise<Call>;
  tearDown(): Promise<void>;
}

const memory: Transport = {
  name: 'memory',
  setUp: (core) => Promise.resolve((name, input, role) => core.dispatch(name, input, { role, transport: 'memory' })),
  tearDown: () => Promise.resolve(),
};

function http(): Transport {
  const servers = new Map<Role, WebServer>();
  return {
    name: 'http',
    async setUp(core) {
      for (const role of ['viewer', 'operator'] as const) {
        servers.set(
          role,
          await startWebServer({
            dispatch: core.dispatch, bus: core.bus, rendererDir: '/nonexistent', host: '127.0.0.1', port: 0,
            token: undefined, readOnly: role === 'viewer', logger: silentLogger,
          }),
        );
      }
      return async (name, input, role) => {
        const response = await fetch(`${servers.get(role)!.url}rpc/${encodeURIComponent(name)}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(input),
        });
        return (await response.json()) as RpcResult<unknown>;
      };
    },
    async tearDown() {
      for (const server of servers.values()) await server.close();
    },
  };
}

describe('command names', () => {
  // A command that changes something is named for what it does; one that reads never sounds like doing.
  const executing = /^(start|stop|run|cancel|approve|add|pause|resume|mute|fault|reset|mark|check)/;
  const reading = /^(get|list)/;
  const verbOf = (name: string) => name.split('.').at(-1)!;

  it('never gives a reading (viewer) command an executing verb, nor get/list to one that changes state', () => {
    for (const name of COMMAND_NAMES) {
      if (commands[name].role === 'viewer') expect(verbOf(name), name).not.toMatch(executing);
      else expect(verbOf(name), name).not.toMatch(reading);
    }
  });
});

describe.each([memory, http()])('contract over $name', (transport) => {
  let core: Core;
  let call: Call;
  beforeAll(async () => {
    core = makeCore();
    call = await transport.setUp(core);
  });
  afterAll(async () => {
    await transport.tearDown();
    await core.close();
  });

  it('answers an unknown command with unknown_command', async () => {
    const result = await call('system.exec', { argv: ['rm', '-rf', '/'] }, 'operator');
    expect(result).toMatchObject({ ok: false, error: { code: 'unknown_command' } });
  });

  it('answers junk input with invalid_input listing every issue path', async () => {
    const result = await call('journal.add', { author: 42, text: '', extra: true }, 'operator');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('invalid_input');
    expect(result.error.issues?.map((i) => i.path).sort()).toEqual(['', 'author', 'text']);
  });

  it('refuses an operator command to a viewer, and stores nothing', async () => {
    const before = await call('journal.list', {}, 'viewer');
    const result = await call('journal.add', { author: 'wall', text: 'should not land' }, 'viewer');
    expect(result).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await call('journal.list', {}, 'viewer')).toEqual(before);
  });

  it('returns outputs that parse against the contract, for every command', async () => {
    // This core runs without the rehearsal platform: commands that need it answer 'unavailable'.
    const cases: { [K in (typeof COMMAND_NAMES)[number]]: { input: unknown; outcome: 'ok' | 'unavailable' | 'not_found' | 'conflict' | 'invalid_input' | 'forbidden' } } = {
      'app.hello': { input: { contractVersion: CONTRACT_VERSION }, outcome: 'ok' },
      'app.info': { input: {}, outcome: 'ok' },
      'app.snapshot': { input: {}, outcome: 'ok' },
      'config.summary': { input: {}, outcome: 'ok' },
      'journal.list': { input: { limit: 5 }, outcome: 'ok' },
      'journal.add': { input: { author: 'ana', text: 'contract check' }, outcome: 'ok' },
      'health.list': { input: {}, outcome: 'ok' },
      'health.recent': { input: {}, outcome: 'ok' },
      'health.history': { input: { service: 'gateway', fromAt: Date.now() - 3_600_000, toAt: Date.now() }, outcome: 'ok' },
      'health.checkAll': { input: {}, outcome: 'ok' },
      'health.pause': { input: {}, outcome: 'ok' },
      'health.resume': { input: {}, outcome: 'ok' },
      'health.mute': { input: { service: 'gateway', muted: true }, outcome: 'ok' },
      'actions.list': { input: {}, outcome: 'ok' },
      'actions.listRuns': { input: { limit: 5 }, outcome: 'ok' },
      'actions.getRun': { input: { runId: 999_999 }, outcome: 'not_found' },
      'actions.output': { input: { runId: 999_999 }, outcome: 'not_found' },
      'actions.start': { input: { actionId: 'pre-deploy-check', actor: 'ana' }, outcome: 'ok' },
      'actions.approve': { input: { runId: 999_999, approver: 'bo' }, outcome: 'not_found' },
      'actions.cancel': { input: { runId: 999_999, actor: 'bo' }, outcome: 'not_found' },
      'runbooks.markStep': { input: { runbookId: 'service-down', step: 0, done: true, actor: 'ana' }, outcome: 'ok' },
      'audit.verify': { input: {}, outcome: 'ok' },
      'audit.tail': { input: { limit: 10 }, outcome: 'ok' },
      'audit.export': { input: { limit: 2 }, outcome: 'ok' },
      'load.list': { input: {}, outcome: 'ok' },
      'load.start': { input: { profile: 'no-such-profile', actor: 'ana' }, outcome: 'not_found' },
      'load.stop': { input: { runId: 999_999, actor: 'ana' }, outcome: 'conflict' },
      'load.startQuick': { input: { url: 'http://127.0.0.1:9/health', profile: { model: 'closed', users: 1, duration: '1s' }, actor: 'ana' }, outcome: 'ok' },
      'load.getRun': { input: { runId: 999_999 }, outcome: 'not_found' },
      'load.compare': { input: { baseRunId: 999_998, runId: 999_999 }, outcome: 'not_found' },
      'load.report': { input: { runId: 999_999, format: 'html' }, outcome: 'not_found' },
      'load.suites': { input: {}, outcome: 'ok' },
      'load.startSuite': { input: { suite: 'no-such-suite', actor: 'ana' }, outcome: 'not_found' },
      'load.cancelSuite': { input: { suiteRunId: 999_999, actor: 'ana' }, outcome: 'not_found' },
      'load.resumeSuite': { input: { suiteRunId: 999_999, actor: 'ana' }, outcome: 'not_found' },
      'load.getSuiteRun': { input: { suiteRunId: 999_999 }, outcome: 'not_found' },
      'load.suiteReport': { input: { suiteRunId: 999_999 }, outcome: 'not_found' },
      'load.markBaseline': { input: { runId: 999_999, actor: 'ana' }, outcome: 'not_found' },
      'load.addException': { input: { runId: 999_999, expression: 'p(95) < 500', reason: 'known slow', owner: 'bo', expiresAt: Date.now() + 86_400_000, actor: 'ana' }, outcome: 'not_found' },
      'load.withdrawException': { input: { exceptionId: 999_999, actor: 'ana' }, outcome: 'not_found' },
      'load.baselineComparison': { input: { runId: 999_999 }, outcome: 'not_found' },
      'rehearsal.status': { input: {}, outcome: 'ok' },
      'rehearsal.start': { input: {}, outcome: 'unavailable' },
      'rehearsal.stop': { input: {}, outcome: 'ok' },
      'rehearsal.fault': { input: { service: 'gateway', fault: { kind: 'stop' } }, outcome: 'unavailable' },
      'rehearsal.reset': { input: {}, outcome: 'unavailable' },
      'rehearsal.scenario.start': { input: { name: 'bad-deploy' }, outcome: 'unavailable' },
      'rehearsal.scenario.stop': { input: {}, outcome: 'unavailable' },
      'board.get': { input: {}, outcome: 'ok' },
      'replay.get': { input: { asOf: Date.now() - 60_000 }, outcome: 'ok' },
      'board.signoff': { input: { criterionId: 'no-such-criterion', by: 'ana' }, outcome: 'not_found' },
      'board.waive': { input: { criterionId: 'services-ready', by: 'ana', reason: 'contract check', expiresAt: Date.now() + 86_400_000 }, outcome: 'conflict' },
      'board.revokeWaiver': { input: { waiverId: 999_999, by: 'ana' }, outcome: 'not_found' },
      'security.overview': { input: {}, outcome: 'ok' },
      'security.listFindings': { input: { filter: { severity: ['critical'] }, limit: 10 }, outcome: 'ok' },
      'security.getFinding': { input: { id: 999_999 }, outcome: 'not_found' },
      'security.listScans': { input: {}, outcome: 'ok' },
      'security.compareScans': { input: { baseScanId: 999_998, scanId: 999_999 }, outcome: 'not_found' },
      'security.history': { input: {}, outcome: 'ok' },
      // Report paths are files on the core's machine: a web client may not name them.
      'security.importReports': {
        input: { paths: ['/nonexistent/report.sarif'], scanRoot: '/nonexistent', actor: 'ana' },
        outcome: transport.name === 'http' ? 'forbidden' : 'invalid_input',
      },
      // Sent contents are parsed on every transport; a report that is not JSON is refused naming it.
      'security.importReportContents': { input: { reports: [{ name: 'report.sarif', text: '{"runs": [' }], actor: 'ana' }, outcome: 'invalid_input' },
      'security.triage': { input: { filter: { pathPrefix: 'tests/' }, state: 'false-positive', reason: 'test keys', actor: 'ana' }, outcome: 'ok' },
      'security.gate': { input: {}, outcome: 'ok' },
      'security.export': { input: { format: 'sarif' }, outcome: 'ok' },
      'security.scanners': { input: {}, outcome: 'ok' },
      'security.startScan': { input: { scanners: ['no-such-scanner'], actor: 'contract' }, outcome: 'not_found' },
      'security.cancelScan': { input: { runId: 999, actor: 'contract' }, outcome: 'not_found' },
      'security.getScanRun': { input: { runId: 999 }, outcome: 'not_found' },
      'security.listScanRuns': { input: {}, outcome: 'ok' },
      'drills.list': { input: {}, outcome: 'ok' },
      'drills.start': { input: { drillId: 'no-such-drill', actor: 'ana' }, outcome: 'not_found' },
      'drills.cancel': { input: { runId: 999_999, actor: 'ana' }, outcome: 'not_found' },
      'drills.confirmStep': { input: { runId: 999_999, step: 0, actor: 'ana' }, outcome: 'not_found' },
      'drills.getRun': { input: { runId: 999_999 }, outcome: 'not_found' },
      'drills.listRuns': { input: { limit: 5 }, outcome: 'ok' },
      'meeting.get': { input: {}, outcome: 'ok' },
      'meeting.openPoll': { input: { by: 'ana' }, outcome: 'ok' },
      'meeting.vote': { input: { pollId: 999_999, role: 'security', by: 'ana', choice: 'GO' }, outcome: 'not_found' },
      'meeting.closePoll': { input: { pollId: 999_999, by: 'ana' }, outcome: 'not_found' },
      'decision.record': { input: { decision: 'NO-GO', pollId: 999_999, by: 'ana', rationale: 'contract check', attendees: ['ana'], newTargetAt: Date.now() + 86_400_000, remediation: [] }, outcome: 'not_found' },
      'decision.get': { input: {}, outcome: 'ok' },
      'decision.list': { input: {}, outcome: 'ok' },
      'decision.export': { input: { format: 'md' }, outcome: 'not_found' },
      'alerts.list': { input: { refresh: true }, outcome: 'ok' },
      'alerts.history': { input: { service: 'api' }, outcome: 'ok' },
      'alerts.listSilences': { input: {}, outcome: 'unavailable' },
      'alerts.silence': { input: { fingerprint: 'abc', by: 'ana', reason: 'contract check', durationMs: 3_600_000 }, outcome: 'unavailable' },
      'alerts.sendTest': { input: { by: 'ana', waitMs: 0 }, outcome: 'unavailable' },
      'plan.import': { input: { markdown: '# Day 1\n\n- [ ] contract check', fileName: 'plan.md', by: 'ana' }, outcome: 'ok' },
      'plan.get': { input: {}, outcome: 'ok' },
      'plan.status': { input: {}, outcome: 'ok' },
      'plan.markTask': { input: { key: 'no such task', state: 'done', by: 'ana' }, outcome: 'not_found' },
      'plan.linkTask': { input: { key: 'no such task', criterionId: null, by: 'ana' }, outcome: 'not_found' },
      'plan.listEvidence': { input: {}, outcome: 'ok' },
      'plan.taskHistory': { input: { key: 'no such task' }, outcome: 'not_found' },
      'risks.list': { input: {}, outcome: 'ok' },
      'risks.set': { input: { title: 'contract check', likelihood: 'low', impact: 'low', by: 'ana' }, outcome: 'ok' },
      'risks.history': { input: { id: 999_999 }, outcome: 'not_found' },
      'monitoring.get': { input: {}, outcome: 'ok' },
      'monitoring.getStatus': { input: {}, outcome: 'ok' },
      'monitoring.getRunResources': { input: { runId: 999_999 }, outcome: 'not_found' },
      'monitoring.compareRuns': { input: { baseRunId: 999_998, runId: 999_999 }, outcome: 'not_found' },
      // Result files are on the core's machine: a web client may not name them.
      'load.import': { input: { path: '/nonexistent/locust_stats.csv', actor: 'ana' }, outcome: transport.name === 'http' ? 'forbidden' : 'invalid_input' },
      'standup.add': { input: { person: 'ana', today: 'contract check' }, outcome: 'ok' },
      'standup.list': { input: {}, outcome: 'ok' },
      'reports.generate': { input: { by: 'ana' }, outcome: 'ok' },
      'reports.send': { input: { reportId: 999_999, by: 'ana' }, outcome: 'not_found' },
      'reports.get': { input: {}, outcome: 'ok' },
      'reports.list': { input: {}, outcome: 'ok' },
      'notify.channels': { input: {}, outcome: 'ok' },
      'notify.test': { input: { channel: 'pagerduty', by: 'ana' }, outcome: 'unavailable' },
      'notify.acknowledge': { input: { service: 'gateway', by: 'ana' }, outcome: 'unavailable' },
    };
    for (const name of COMMAND_NAMES) {
      const { input, outcome } = cases[name];
      const result = await call(name, input, 'operator');
      if (outcome === 'ok') {
        expect(result, name).toMatchObject({ ok: true });
        if (result.ok) expect(() => commands[name].output.parse(result.value), name).not.toThrow();
      } else {
        expect(result, name).toMatchObject({ ok: false, error: { code: outcome } });
      }
    }
  });

  it('tells the caller its role in the handshake', async () => {
    expect(await call('app.hello', { contractVersion: CONTRACT_VERSION }, 'viewer')).toMatchObject({
      ok: true,
      value: { contractVersion: CONTRACT_VERSION, role: 'viewer' },
    });
  });

  it('emits events whose payloads parse against the contract, with increasing seq', async () => {
    const seen: { name: string; seq: number; payload: unknown }[] = [];
    const off = core.bus.subscribe((event) => seen.push(event));
    await call('journal.add', { author: 'ana', text: 'event check' }, 'operator');
    off();
    expect(seen.map((e) => e.name)).toContain('journal.added');
    for (const event of seen) expect(() => events[event.name as keyof typeof events].parse(event.payload)).not.toThrow();
    expect(seen.map((e) => e.seq)).toEqual([...seen.map((e) => e.seq)].sort((a, b) => a - b));
  });
});
