#!/usr/bin/env node
// After a deploy or rollback: /health/live and /health/ready of every service over HTTP, then a
// smoke test of the API through the gateway (create a goal and a task, read them back, update an
// agent) and an error-rate sample. Exits 1 while any service is unhealthy or the API misbehaves.
// With --record-known-good, a passing validation records the platform's state as known-good:
// what a complete rollback (rollback.mjs --complete) goes back to.
// With --junit FILE (or $WARROOM_JUNIT_REPORT, which Warroom sets) every check is also written as
// a JUnit test case, so the smoke test's results are evidence of their own.
import { check, cli, connect, EXIT, log } from './lib/control.mjs';
import { junitReport } from './lib/junit.mjs';

const usage = 'usage: post-deploy-validate.mjs [--samples N] [--max-error-rate R] [--record-known-good] [--junit FILE] [--state FILE]';
const args = cli(usage, { samples: { type: 'string' }, 'max-error-rate': { type: 'string' }, 'record-known-good': { type: 'boolean' }, junit: { type: 'string' } });
const junitFile = args.junit ?? process.env.WARROOM_JUNIT_REPORT;
const report = junitReport('post-deploy-validate');
const samples = Number(args.samples ?? 40);
const maxErrorRate = Number(args['max-error-rate'] ?? 0.01);
const platform = connect(args.state);
const status = await platform.status();

const problems = [];
for (const service of status.services) {
  const [live, ready] = await Promise.all([check(`${service.url}/health/live`), check(`${service.url}/health/ready`)]);
  const ok = live.ok && ready.ok;
  if (!ok) problems.push(`${service.id} unhealthy (live ${live.status || live.error}, ready ${ready.status || ready.error})`);
  report.record(`${service.id} live and ready`, ok, `live ${live.status || live.error}, ready ${ready.status || ready.error}`);
  log('validate', `${ok ? 'ok  ' : 'FAIL'} ${service.id.padEnd(16)} ${service.version.padEnd(12)} live ${live.status || live.error}  ready ${ready.status || ready.error}`);
}

const gateway = status.services.find((s) => s.id === 'gateway');
if (gateway) {
  const api = `${gateway.url}/api/v1`;
  const call = async (method, path, body) => {
    try {
      const response = await fetch(`${api}${path}`, {
        method,
        headers: body ? { 'Content-Type': 'application/json' } : {},
        body: body ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(5000),
      });
      return { status: response.status, body: await response.json().catch(() => null) };
    } catch (error) {
      return { status: 0, body: null, error: error.cause?.code ?? error.message };
    }
  };
  const expectStatus = (what, result, wanted) => {
    const ok = result.status === wanted;
    if (!ok) problems.push(`${what}: expected ${wanted}, got ${result.status || result.error}`);
    report.record(what, ok, `expected ${wanted}, got ${result.status || result.error}`);
    log('validate', `${ok ? 'ok  ' : 'FAIL'} ${what} → ${result.status || result.error}`);
    return ok;
  };
  // The plan's API: a goal needs only a description; the service generates its goal_id.
  const goal = await call('POST', '/goals/', { description: 'post-deploy validation' });
  if (expectStatus('POST /goals/', goal, 201)) {
    expectStatus('GET /goals/{goal_id}', await call('GET', `/goals/${goal.body.goal_id}`), 200);
    const task = await call('POST', '/tasks/', { goal_id: goal.body.goal_id, title: 'smoke task' });
    if (expectStatus('POST /tasks/', task, 201)) expectStatus('GET /tasks/{task_id}', await call('GET', `/tasks/${task.body.task_id}`), 200);
  }
  expectStatus('PATCH /agents/agent-001', await call('PATCH', '/agents/agent-001', { status: 'idle' }), 200);

  let errors = 0;
  for (let i = 0; i < samples; i += 1) {
    const result = await call('GET', `/agents/agent-${String((i % 50) + 1).padStart(3, '0')}`);
    if (result.status !== 200) errors += 1;
  }
  const rate = errors / samples;
  const ok = rate <= maxErrorRate;
  if (!ok) problems.push(`error rate ${(rate * 100).toFixed(1)} % over ${samples} requests exceeds ${(maxErrorRate * 100).toFixed(1)} %`);
  report.record(`error rate under ${(maxErrorRate * 100).toFixed(1)} %`, ok, `${(rate * 100).toFixed(1)} % over ${samples} requests`);
  log('validate', `${ok ? 'ok  ' : 'FAIL'} error rate ${(rate * 100).toFixed(1)} % over ${samples} requests (limit ${(maxErrorRate * 100).toFixed(1)} %)`);
} else {
  problems.push('no gateway service to validate the API through');
  report.record('API smoke test through the gateway', false, 'no gateway service');
}
if (junitFile) report.write(junitFile);

if (problems.length > 0) {
  console.error(`validation failed:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  process.exit(EXIT.failed);
}
log('validate', 'platform healthy');
if (args['record-known-good']) {
  const recorded = await platform.request('POST', '/known-good', { note: 'post-deploy validation passed' });
  const versions = [...new Set(Object.values(recorded.knownGood.versions))].join(', ');
  log('validate', `recorded as the known-good state: ${versions}, schema ${recorded.knownGood.databaseSchema}, configuration revision ${recorded.knownGood.configRevision}`);
}
process.exit(EXIT.ok);
