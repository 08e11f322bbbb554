/**
 * The data layer's JSON API: goals, tasks and agents, validated with zod, kept in bounded
 * in-memory maps so an hour of load can't grow memory without limit.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { parseJsonBody } from './http-json.js';
import type { ApiHandler, ApiReply, ApiRequest } from './http-json.js';

const GoalInputSchema = z.object({
  title: z.string().min(1).max(200),
  description: z.string().max(5000).optional(),
  priority: z.enum(['low', 'medium', 'high', 'critical']).default('medium'),
  owner: z.string().min(1).max(200).optional(),
});
const TaskInputSchema = z.object({
  goal_id: z.string().min(1).max(100),
  title: z.string().min(1).max(200),
  assignee: z.string().min(1).max(200).optional(),
});
const AgentPatchSchema = z.object({ status: z.enum(['active', 'idle', 'busy', 'suspended']) });

type Goal = z.output<typeof GoalInputSchema> & { goal_id: string; status: 'open'; created_at: string };
type Task = z.output<typeof TaskInputSchema> & { task_id: string; status: 'pending'; created_at: string };
type Agent = { agent_id: string; name: string; status: z.output<typeof AgentPatchSchema>['status']; updated_at: string };

export const SEEDED_AGENTS = 50;

/** Options of the data layer's API; the clock and id source are injectable for tests. */
export interface DataLayerApiOptions {
  /** Dependencies down right now (e.g. ['database']): the API answers 503 while any is. */
  dependenciesDown: () => string[];
  now?: () => number;
  newId?: () => string;
  /** The oldest goals and tasks are forgotten past this many of each. */
  maxItems?: number;
}

/** A Map that forgets its oldest entries beyond `max` (Maps keep insertion order). */
function boundedSet<V>(map: Map<string, V>, max: number, key: string, value: V): void {
  map.set(key, value);
  while (map.size > max) map.delete(map.keys().next().value as string);
}

export function createDataLayerApi(options: DataLayerApiOptions): ApiHandler {
  const now = options.now ?? Date.now;
  const newId = options.newId ?? randomUUID;
  const maxItems = options.maxItems ?? 100_000;
  const goals = new Map<string, Goal>();
  const tasks = new Map<string, Task>();
  const agents = new Map<string, Agent>();
  for (let i = 1; i <= SEEDED_AGENTS; i += 1) {
    const id = `agent-${String(i).padStart(3, '0')}`;
    agents.set(id, { agent_id: id, name: `Agent ${String(i).padStart(3, '0')}`, status: i % 3 === 0 ? 'busy' : 'idle', updated_at: new Date(now()).toISOString() });
  }

  const routes: Array<{ pattern: RegExp; route: string; methods: Record<string, (req: ApiRequest, id: string) => ApiReply> }> = [
    { pattern: /^\/api\/v1\/goals\/?$/, route: '/api/v1/goals/', methods: { POST: createGoal } },
    { pattern: /^\/api\/v1\/goals\/([^/]+)\/?$/, route: '/api/v1/goals/:id', methods: { GET: (_req, id) => found(goals.get(id), 'goal', '/api/v1/goals/:id') } },
    { pattern: /^\/api\/v1\/tasks\/?$/, route: '/api/v1/tasks/', methods: { POST: createTask } },
    { pattern: /^\/api\/v1\/tasks\/([^/]+)\/?$/, route: '/api/v1/tasks/:id', methods: { GET: (_req, id) => found(tasks.get(id), 'task', '/api/v1/tasks/:id') } },
    { pattern: /^\/api\/v1\/agents\/([^/]+)\/?$/, route: '/api/v1/agents/:id', methods: { GET: (_req, id) => found(agents.get(id), 'agent', '/api/v1/agents/:id'), PATCH: patchAgent } },
  ];

  function createGoal(req: ApiRequest): ApiReply {
    const input = validate(req, GoalInputSchema, '/api/v1/goals/');
    if ('status' in input) return input;
    const goal: Goal = { goal_id: newId(), ...input.value, status: 'open', created_at: new Date(now()).toISOString() };
    boundedSet(goals, maxItems, goal.goal_id, goal);
    return { status: 201, route: '/api/v1/goals/', json: goal, headers: { location: `/api/v1/goals/${goal.goal_id}` } };
  }

  function createTask(req: ApiRequest): ApiReply {
    const route = '/api/v1/tasks/';
    const input = validate(req, TaskInputSchema, route);
    if ('status' in input) return input;
    if (!goals.has(input.value.goal_id)) {
      return { status: 422, route, json: { error: 'validation failed', issues: [{ path: 'goal_id', message: `goal ${input.value.goal_id} does not exist` }] } };
    }
    const task: Task = { task_id: newId(), ...input.value, status: 'pending', created_at: new Date(now()).toISOString() };
    boundedSet(tasks, maxItems, task.task_id, task);
    return { status: 201, route, json: task, headers: { location: `/api/v1/tasks/${task.task_id}` } };
  }

  function patchAgent(req: ApiRequest, id: string): ApiReply {
    const route = '/api/v1/agents/:id';
    const agent = agents.get(id);
    if (!agent) return found(undefined, 'agent', route);
    const input = validate(req, AgentPatchSchema, route);
    if ('status' in input) return input;
    Object.assign(agent, { status: input.value.status, updated_at: new Date(now()).toISOString() });
    return { status: 200, route, json: agent };
  }

  return function handleDataLayerApi(req) {
    for (const { pattern, route, methods } of routes) {
      const match = pattern.exec(req.path);
      if (!match) continue;
      const handler = methods[req.method];
      if (!handler) {
        const allow = Object.keys(methods).join(', ');
        return { status: 405, route, json: { error: `method ${req.method} not allowed on ${route} (allowed: ${allow})` }, headers: { allow } };
      }
      const down = options.dependenciesDown();
      if (down.length > 0) return { status: 503, route, json: { error: `${down.join(', ')} unavailable` } };
      const id = safeDecode(match[1] ?? '');
      if (id === undefined) return { status: 400, route, json: { error: `malformed id in ${req.path}` } };
      return handler(req, id);
    }
    return { status: 404, route: '/api/*', json: { error: `no route ${req.method} ${req.path}` } };
  };
}

function safeDecode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

function found<T>(item: T | undefined, kind: string, route: string): ApiReply {
  return item ? { status: 200, route, json: item } : { status: 404, route, json: { error: `${kind} not found` } };
}

function validate<S extends z.ZodType>(req: ApiRequest, schema: S, route: string): { value: z.output<S> } | ApiReply {
  const parsed = parseJsonBody(req.body);
  if (!parsed.ok) return { status: 400, route, json: { error: parsed.reason } };
  const result = schema.safeParse(parsed.value);
  if (result.success) return { value: result.data };
  const issues = result.error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
  return { status: 422, route, json: { error: 'validation failed', issues } };
}
