import { afterEach, describe, expect, it } from 'vitest';
import { createDataLayerApi } from './data-layer-api.js';
import type { ApiReply } from './http-json.js';
import { startPlatform } from './platform.js';
import type { RunningPlatform, StartPlatformOptions } from './platform.js';
import { controlClient, httpRequest, jsonRequest, smallTopology } from './platform-test-support.js';

const platforms: RunningPlatform[] = [];
afterEach(async () => {
  await Promise.all(platforms.splice(0).map((p) => p.close()));
});

async function start(options: Partial<StartPlatformOptions> = {}) {
  const platform = await startPlatform({ topology: smallTopology(), scenarios: {}, anyFreePort: true, ...options });
  platforms.push(platform);
  return { platform, control: controlClient(platform), port: (id: string) => platform.ports[id]! };
}

type Issue = { path: string; message: string };

describe('data-layer API', () => {
  it('creates a goal, then a task on it, and reads both back', async () => {
    const { port } = await start();
    const dl = port('data-layer');
    const created = await jsonRequest(dl, 'POST', '/api/v1/goals/', { title: 'Launch 2.5', priority: 'critical', owner: 'ana' });
    expect(created.status).toBe(201);
    const goal = created.json<{ goal_id: string }>();
    expect(goal).toMatchObject({ title: 'Launch 2.5', priority: 'critical', owner: 'ana', status: 'open' });
    expect(goal.goal_id).toMatch(/^[0-9a-f-]{36}$/);
    expect((await httpRequest({ port: dl, path: `/api/v1/goals/${goal.goal_id}` })).json()).toEqual(goal);

    const task = await jsonRequest(dl, 'POST', '/api/v1/tasks/', { goal_id: goal.goal_id, title: 'Warm caches', assignee: 'agent-007' });
    expect(task.status).toBe(201);
    const taskBody = task.json<{ task_id: string }>();
    expect(taskBody).toMatchObject({ goal_id: goal.goal_id, title: 'Warm caches', status: 'pending' });
    expect((await httpRequest({ port: dl, path: `/api/v1/tasks/${taskBody.task_id}` })).status).toBe(200);
  });

  it('answers 400 to malformed JSON, 422 with issues to schema violations, 404 to unknown ids, 405 to wrong methods', async () => {
    const { port } = await start();
    const dl = port('data-layer');
    const malformed = await httpRequest({ port: dl, path: '/api/v1/goals/', method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"title":' });
    expect(malformed.status).toBe(400);
    expect(malformed.json<{ error: string }>().error).toMatch(/^malformed JSON/);

    const invalid = await jsonRequest(dl, 'POST', '/api/v1/goals/', { title: '', priority: 'urgent' });
    expect(invalid.status).toBe(422);
    const issues = invalid.json<{ error: string; issues: Issue[] }>().issues;
    expect(issues.map((i) => i.path).sort()).toEqual(['priority', 'title']);
    expect((await jsonRequest(dl, 'POST', '/api/v1/goals/', { title: 'x'.repeat(201) })).status).toBe(422);

    const orphan = await jsonRequest(dl, 'POST', '/api/v1/tasks/', { goal_id: 'no-such-goal', title: 't' });
    expect(orphan.status).toBe(422);
    expect(orphan.json<{ issues: Issue[] }>().issues).toEqual([{ path: 'goal_id', message: 'goal no-such-goal does not exist' }]);

    expect((await httpRequest({ port: dl, path: '/api/v1/goals/unknown' })).status).toBe(404);
    expect((await httpRequest({ port: dl, path: '/api/v1/tasks/unknown' })).status).toBe(404);
    expect((await httpRequest({ port: dl, path: '/api/v1/agents/agent-051' })).status).toBe(404);
    expect((await httpRequest({ port: dl, path: '/api/v1/nothing' })).status).toBe(404);
    const wrongMethod = await httpRequest({ port: dl, path: '/api/v1/goals/', method: 'GET' });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.allow).toBe('POST');
  });

  it('reads and patches the 50 seeded agents', async () => {
    const { port } = await start();
    const dl = port('data-layer');
    expect((await httpRequest({ port: dl, path: '/api/v1/agents/agent-001' })).json()).toMatchObject({ agent_id: 'agent-001' });
    expect((await httpRequest({ port: dl, path: '/api/v1/agents/agent-050' })).status).toBe(200);
    const patched = await jsonRequest(dl, 'PATCH', '/api/v1/agents/agent-007', { status: 'suspended' });
    expect(patched.status).toBe(200);
    expect(patched.json()).toMatchObject({ agent_id: 'agent-007', status: 'suspended' });
    expect((await httpRequest({ port: dl, path: '/api/v1/agents/agent-007' })).json()).toMatchObject({ status: 'suspended' });
    expect((await jsonRequest(dl, 'PATCH', '/api/v1/agents/agent-007', { status: 'asleep' })).status).toBe(422);
  });

  it('forgets the oldest goals beyond its bound', async () => {
    let n = 0;
    const api = createDataLayerApi({ dependenciesDown: () => [], maxItems: 3, newId: () => `g${(n += 1)}` });
    const post = async (title: string): Promise<ApiReply> => api({ method: 'POST', path: '/api/v1/goals/', search: '', headers: {}, body: Buffer.from(JSON.stringify({ title })) });
    for (const title of ['a', 'b', 'c', 'd']) expect((await post(title)).status).toBe(201);
    const get = async (id: string) => (await api({ method: 'GET', path: `/api/v1/goals/${id}`, search: '', headers: {}, body: Buffer.alloc(0) })).status;
    expect(await get('g1')).toBe(404);
    expect(await get('g2')).toBe(200);
    expect(await get('g4')).toBe(200);
  });
});

describe('gateway', () => {
  it('forwards /api/ to the data layer, body and status included', async () => {
    const { port } = await start();
    const gw = port('gateway');
    const created = await jsonRequest(gw, 'POST', '/api/v1/goals/', { title: 'via gateway' });
    expect(created.status).toBe(201);
    const { goal_id } = created.json<{ goal_id: string }>();
    // The goal lives in the data layer: readable there directly.
    expect((await httpRequest({ port: port('data-layer'), path: `/api/v1/goals/${goal_id}` })).status).toBe(200);
    expect((await jsonRequest(gw, 'POST', '/api/v1/tasks/', { goal_id, title: 't' })).status).toBe(201);
    expect((await jsonRequest(gw, 'POST', '/api/v1/goals/', { title: '' })).status).toBe(422);
    expect((await httpRequest({ port: gw, path: '/api/v1/agents/agent-002' })).json()).toMatchObject({ agent_id: 'agent-002' });
  });

  it('answers 502 while the data layer is stopped and recovers when it starts', async () => {
    const { control, port } = await start();
    const gw = port('gateway');
    expect((await httpRequest({ port: gw, path: '/api/v1/agents/agent-001' })).status).toBe(200);
    await control.fault('data-layer', { kind: 'stop' });
    const refused = await httpRequest({ port: gw, path: '/api/v1/agents/agent-001' });
    expect(refused.status).toBe(502);
    expect(refused.json()).toEqual({ error: 'upstream data-layer unavailable' });
    await control.fault('data-layer', { kind: 'start' });
    expect((await httpRequest({ port: gw, path: '/api/v1/agents/agent-001' })).status).toBe(200);
  });

  it('answers 504 when the data layer is slower than the upstream timeout', async () => {
    const { control, port } = await start({ gatewayTimeoutMs: 150 });
    await control.fault('data-layer', { kind: 'slow', medianMs: 1_000, p99Ms: 1_000 });
    const answer = await httpRequest({ port: port('gateway'), path: '/api/v1/agents/agent-001' });
    expect(answer.status).toBe(504);
    expect(answer.json<{ error: string }>().error).toMatch(/timed out after 150 ms/);
    expect(answer.elapsedMs).toBeLessThan(900);
  });
});
