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
    const wrongMethod = await httpRequest({ port: dl, path: '/api/v1/goals/', method: 'DELETE' });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.allow).toBe('GET, POST');
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

describe("data-layer API as the launch plan's clients call it", () => {
  it('creates a goal from only a description (201, generated goal_id, goal_text), keeps a goal_id the client sends, and lists goals newest first', async () => {
    const { port } = await start();
    const gw = port('gateway');
    const created = await jsonRequest(gw, 'POST', '/api/v1/goals/', { description: 'Ship the launch' });
    expect(created.status).toBe(201);
    const goal = created.json<{ goal_id: string; goal_text: string; description: string }>();
    expect(goal.goal_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(goal).toMatchObject({ goal_text: 'Ship the launch', description: 'Ship the launch', status: 'open' });
    expect(created.headers.location).toBe(`/api/v1/goals/${goal.goal_id}`);
    expect((await httpRequest({ port: gw, path: `/api/v1/goals/${goal.goal_id}` })).json()).toEqual(goal);

    const chosen = await jsonRequest(gw, 'POST', '/api/v1/goals/', { goal_id: 'goal-42', description: 'Keep my id' });
    expect(chosen.status).toBe(201);
    expect(chosen.json()).toMatchObject({ goal_id: 'goal-42', goal_text: 'Keep my id' });
    const again = await jsonRequest(gw, 'POST', '/api/v1/goals/', { goal_id: 'goal-42', description: 'twice' });
    expect(again.status).toBe(409);
    expect(again.json()).toMatchObject({ error: 'goal goal-42 already exists' });

    const listed = await httpRequest({ port: gw, path: '/api/v1/goals/' });
    expect(listed.status).toBe(200);
    expect(listed.json<{ goal_id: string }[]>().map((g) => g.goal_id)).toEqual(['goal-42', goal.goal_id]);
    expect((await httpRequest({ port: gw, path: '/api/v1/goals/?limit=1&offset=1' })).json<{ goal_id: string }[]>().map((g) => g.goal_id)).toEqual([goal.goal_id]);
    const badPage = await httpRequest({ port: gw, path: '/api/v1/goals/?limit=lots' });
    expect(badPage.status).toBe(422);
    expect(badPage.json<{ error: string }>().error).toMatch(/^validation failed: limit: /);
  });

  it('ignores unknown fields and answers 422 naming each field of the wrong type', async () => {
    const { port } = await start();
    const dl = port('data-layer');
    const extra = await jsonRequest(dl, 'POST', '/api/v1/goals/', { description: 'with extras', colour: 'blue', nested: { a: 1 } });
    expect(extra.status).toBe(201);
    expect(extra.json()).not.toHaveProperty('colour');

    const wrong = await jsonRequest(dl, 'POST', '/api/v1/goals/', { description: 42, priority: true });
    expect(wrong.status).toBe(422);
    const body = wrong.json<{ error: string; issues: Issue[] }>();
    expect(body.issues.map((i) => i.path).sort()).toEqual(['description', 'priority']);
    expect(body.error).toMatch(/^validation failed: .*description: .*expected string/);
    const empty = await jsonRequest(dl, 'POST', '/api/v1/goals/', {});
    expect(empty.status).toBe(422);
    expect(empty.json<{ issues: Issue[] }>().issues).toEqual([{ path: 'description', message: 'a goal needs a description (or goal_text, or title)' }]);
    const taskInputs = await jsonRequest(dl, 'POST', '/api/v1/tasks/', { goal_id: extra.json<{ goal_id: string }>().goal_id, inputs: 'not an object' });
    expect(taskInputs.status).toBe(422);
    expect(taskInputs.json<{ issues: Issue[] }>().issues.map((i) => i.path)).toEqual(['inputs']);
  });

  it('stores the inputs and outputs of a task and reads them back', async () => {
    const { port } = await start();
    const gw = port('gateway');
    const { goal_id } = (await jsonRequest(gw, 'POST', '/api/v1/goals/', { description: 'goal with tasks' })).json<{ goal_id: string }>();
    const inputs = { query: 'warm caches', shards: [1, 2, 3], options: { dryRun: false } };
    const outputs = { warmed: 3, report: null };
    const created = await jsonRequest(gw, 'POST', '/api/v1/tasks/', { goal_id, description: 'warm the caches', inputs, outputs, unknown: 'ignored' });
    expect(created.status).toBe(201);
    const task = created.json<{ task_id: string }>();
    expect(task).toMatchObject({ goal_id, inputs, outputs, status: 'pending' });
    expect(task).not.toHaveProperty('unknown');
    expect((await httpRequest({ port: gw, path: `/api/v1/tasks/${task.task_id}` })).json()).toEqual(task);
    const bare = await jsonRequest(gw, 'POST', '/api/v1/tasks/', { goal_id });
    expect(bare.json()).toMatchObject({ inputs: {}, outputs: {} });
    expect((await httpRequest({ port: gw, path: '/api/v1/tasks/' })).json<unknown[]>()).toHaveLength(2);
  });

  it('lists and registers agents, and reads and patches a registered one', async () => {
    const { port } = await start();
    const gw = port('gateway');
    const seeded = (await httpRequest({ port: gw, path: '/api/v1/agents/?limit=1000' })).json<{ agent_id: string }[]>();
    expect(seeded).toHaveLength(50);

    const registered = await jsonRequest(gw, 'POST', '/api/v1/agents/', { name: 'Planner bot', capabilities: ['plan'], shoe_size: 9 });
    expect(registered.status).toBe(201);
    const agent = registered.json<{ agent_id: string }>();
    expect(agent).toMatchObject({ name: 'Planner bot', status: 'idle', capabilities: ['plan'] });
    expect(agent).not.toHaveProperty('shoe_size');
    const mine = await jsonRequest(gw, 'POST', '/api/v1/agents/', { agent_id: 'agent-ops', name: 'Ops', status: 'active' });
    expect(mine.json()).toMatchObject({ agent_id: 'agent-ops', status: 'active' });
    expect((await jsonRequest(gw, 'POST', '/api/v1/agents/', { agent_id: 'agent-ops', name: 'Ops again' })).status).toBe(409);
    expect((await jsonRequest(gw, 'POST', '/api/v1/agents/', { name: 7 })).json<{ issues: Issue[] }>().issues.map((i) => i.path)).toEqual(['name']);

    const listed = (await httpRequest({ port: gw, path: '/api/v1/agents/' })).json<{ agent_id: string }[]>();
    expect(listed.slice(0, 2).map((a) => a.agent_id)).toEqual(['agent-ops', agent.agent_id]);
    expect((await httpRequest({ port: gw, path: `/api/v1/agents/${agent.agent_id}` })).json()).toEqual(agent);
    const patched = await jsonRequest(gw, 'PATCH', `/api/v1/agents/${agent.agent_id}`, { status: 'busy', mood: 'great' });
    expect(patched.status).toBe(200);
    expect(patched.json()).toMatchObject({ agent_id: agent.agent_id, name: 'Planner bot', status: 'busy' });
    expect((await httpRequest({ port: gw, path: `/api/v1/agents/${agent.agent_id}` })).json()).toMatchObject({ status: 'busy' });
    const nothing = await jsonRequest(gw, 'PATCH', `/api/v1/agents/${agent.agent_id}`, { mood: 'great' });
    expect(nothing.status).toBe(422);
    expect(nothing.json<{ error: string }>().error).toBe('validation failed: nothing to update: send name, status or capabilities');
    expect((await jsonRequest(gw, 'PATCH', `/api/v1/agents/${agent.agent_id}`, { status: 3 })).json<{ issues: Issue[] }>().issues.map((i) => i.path)).toEqual(['status']);
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
    await control.fault('data-layer', { kind: 'slow', medianMs: 5_000, p99Ms: 5_000 });
    const answer = await httpRequest({ port: port('gateway'), path: '/api/v1/agents/agent-001' });
    expect(answer.status).toBe(504);
    expect(answer.json<{ error: string }>().error).toMatch(/timed out after 150 ms/);
    // At the gateway's 150 ms, not when the data layer answers (5 s); the rest is room for a busy machine.
    expect(answer.elapsedMs).toBeLessThan(2_500);
  });
});
