/**
 * The data layer's JSON API, as the launch plan's load tests and fixes call it: goals, tasks and
 * agents, validated with zod (unknown fields ignored, a wrong type answered 422 naming the field),
 * kept in bounded in-memory maps so an hour of load can't grow memory without limit.
 *
 *   POST /api/v1/goals/      {description} is enough: goal_text = description; goal_id generated unless sent
 *   GET  /api/v1/goals/      newest first, ?limit=&offset=      GET /api/v1/goals/{goal_id}
 *   POST /api/v1/tasks/      {goal_id, inputs?, outputs?, …}     GET /api/v1/tasks/, /api/v1/tasks/{task_id}
 *   POST /api/v1/agents/     register {name, …}                  GET /api/v1/agents/
 *   GET/PATCH /api/v1/agents/{agent_id}
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { parseJsonBody } from './http-json.js';
import type { ApiHandler, ApiReply, ApiRequest } from './http-json.js';

/** An id a client may choose: it has to stay one path segment. */
const ClientIdSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/, { error: 'expected an id of letters, digits and . _ : - (at most 100)' });
const PrioritySchema = z.enum(['low', 'medium', 'high', 'critical']);
const AgentStatusSchema = z.enum(['active', 'idle', 'busy', 'suspended']);
/** Free-form JSON a task carries: an object, as the plan's clients send it. */
const JsonObjectSchema = z.record(z.string(), z.unknown());

const GoalInputSchema = z
  .object({
    goal_id: ClientIdSchema.optional(),
    description: z.string().min(1).max(5000).optional(),
    goal_text: z.string().min(1).max(5000).optional(),
    title: z.string().min(1).max(200).optional(),
    priority: PrioritySchema.default('medium'),
    owner: z.string().min(1).max(200).optional(),
  })
  .refine((goal) => goal.description ?? goal.goal_text ?? goal.title, { error: 'a goal needs a description (or goal_text, or title)', path: ['description'] });
const TaskInputSchema = z.object({
  task_id: ClientIdSchema.optional(),
  goal_id: z.string().min(1).max(100),
  title: z.string().min(1).max(200).optional(),
  description: z.string().min(1).max(5000).optional(),
  assignee: z.string().min(1).max(200).optional(),
  inputs: JsonObjectSchema.default({}),
  outputs: JsonObjectSchema.default({}),
});
const AgentInputSchema = z.object({
  agent_id: ClientIdSchema.optional(),
  name: z.string().min(1).max(200),
  status: AgentStatusSchema.default('idle'),
  capabilities: z.array(z.string().min(1).max(100)).max(100).default([]),
});
const AgentPatchSchema = z
  .object({ name: z.string().min(1).max(200).optional(), status: AgentStatusSchema.optional(), capabilities: z.array(z.string().min(1).max(100)).max(100).optional() })
  .refine((patch) => patch.name !== undefined || patch.status !== undefined || patch.capabilities !== undefined, {
    error: 'nothing to update: send name, status or capabilities',
  });
const PageSchema = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});

type GoalInput = z.output<typeof GoalInputSchema>;
type Goal = Omit<GoalInput, 'goal_id' | 'goal_text'> & { goal_id: string; goal_text: string; status: 'open'; created_at: string };
type Task = Omit<z.output<typeof TaskInputSchema>, 'task_id'> & { task_id: string; status: 'pending'; created_at: string };
type Agent = Omit<z.output<typeof AgentInputSchema>, 'agent_id'> & { agent_id: string; created_at: string; updated_at: string };

export const SEEDED_AGENTS = 50;

/** Options of the data layer's API; the clock and id source are injectable for tests. */
export interface DataLayerApiOptions {
  /** Dependencies down right now (e.g. ['database']): the API answers 503 while any is. */
  dependenciesDown: () => string[];
  now?: () => number;
  newId?: () => string;
  /** The oldest goals, tasks and agents are forgotten past this many of each. */
  maxItems?: number;
}

/** A Map that forgets its oldest entries beyond `max` (Maps keep insertion order). */
function boundedSet<V>(map: Map<string, V>, max: number, key: string, value: V): void {
  map.set(key, value);
  while (map.size > max) map.delete(map.keys().next().value as string);
}

type Handler = (req: ApiRequest, id: string) => ApiReply;

export function createDataLayerApi(options: DataLayerApiOptions): ApiHandler {
  const now = options.now ?? Date.now;
  const newId = options.newId ?? randomUUID;
  const maxItems = options.maxItems ?? 100_000;
  const timestamp = () => new Date(now()).toISOString();
  const goals = new Map<string, Goal>();
  const tasks = new Map<string, Task>();
  const agents = new Map<string, Agent>();
  for (let i = 1; i <= SEEDED_AGENTS; i += 1) {
    const id = `agent-${String(i).padStart(3, '0')}`;
    const at = timestamp();
    agents.set(id, { agent_id: id, name: `Agent ${String(i).padStart(3, '0')}`, status: i % 3 === 0 ? 'busy' : 'idle', capabilities: [], created_at: at, updated_at: at });
  }

  const GOALS = '/api/v1/goals/';
  const TASKS = '/api/v1/tasks/';
  const AGENTS = '/api/v1/agents/';
  const routes: Array<{ pattern: RegExp; route: string; methods: Record<string, Handler> }> = [
    { pattern: /^\/api\/v1\/goals\/?$/, route: GOALS, methods: { GET: (req) => list(goals, req, GOALS), POST: createGoal } },
    { pattern: /^\/api\/v1\/goals\/([^/]+)\/?$/, route: '/api/v1/goals/:id', methods: { GET: (_req, id) => found(goals.get(id), 'goal', '/api/v1/goals/:id') } },
    { pattern: /^\/api\/v1\/tasks\/?$/, route: TASKS, methods: { GET: (req) => list(tasks, req, TASKS), POST: createTask } },
    { pattern: /^\/api\/v1\/tasks\/([^/]+)\/?$/, route: '/api/v1/tasks/:id', methods: { GET: (_req, id) => found(tasks.get(id), 'task', '/api/v1/tasks/:id') } },
    { pattern: /^\/api\/v1\/agents\/?$/, route: AGENTS, methods: { GET: (req) => list(agents, req, AGENTS), POST: registerAgent } },
    { pattern: /^\/api\/v1\/agents\/([^/]+)\/?$/, route: '/api/v1/agents/:id', methods: { GET: (_req, id) => found(agents.get(id), 'agent', '/api/v1/agents/:id'), PATCH: patchAgent } },
  ];

  function createGoal(req: ApiRequest): ApiReply {
    const input = validate(req, GoalInputSchema, GOALS);
    if ('status' in input) return input;
    const { goal_id: clientId, goal_text: text, ...rest } = input.value;
    const goalId = clientId ?? newId();
    if (goals.has(goalId)) return conflict(GOALS, 'goal_id', `goal ${goalId} already exists`);
    const goalText = text ?? rest.description ?? rest.title ?? '';
    const goal: Goal = { goal_id: goalId, goal_text: goalText, ...rest, status: 'open', created_at: timestamp() };
    boundedSet(goals, maxItems, goalId, goal);
    return { status: 201, route: GOALS, json: goal, headers: { location: `${GOALS}${goalId}` } };
  }

  function createTask(req: ApiRequest): ApiReply {
    const input = validate(req, TaskInputSchema, TASKS);
    if ('status' in input) return input;
    const { task_id: clientId, ...rest } = input.value;
    if (!goals.has(rest.goal_id)) return invalid(TASKS, [{ path: 'goal_id', message: `goal ${rest.goal_id} does not exist` }]);
    const taskId = clientId ?? newId();
    if (tasks.has(taskId)) return conflict(TASKS, 'task_id', `task ${taskId} already exists`);
    const task: Task = { task_id: taskId, ...rest, status: 'pending', created_at: timestamp() };
    boundedSet(tasks, maxItems, taskId, task);
    return { status: 201, route: TASKS, json: task, headers: { location: `${TASKS}${taskId}` } };
  }

  function registerAgent(req: ApiRequest): ApiReply {
    const input = validate(req, AgentInputSchema, AGENTS);
    if ('status' in input) return input;
    const { agent_id: clientId, ...rest } = input.value;
    const agentId = clientId ?? newId();
    if (agents.has(agentId)) return conflict(AGENTS, 'agent_id', `agent ${agentId} is already registered`);
    const at = timestamp();
    const agent: Agent = { agent_id: agentId, ...rest, created_at: at, updated_at: at };
    boundedSet(agents, maxItems, agentId, agent);
    return { status: 201, route: AGENTS, json: agent, headers: { location: `${AGENTS}${agentId}` } };
  }

  function patchAgent(req: ApiRequest, id: string): ApiReply {
    const route = '/api/v1/agents/:id';
    const agent = agents.get(id);
    if (!agent) return found(undefined, 'agent', route);
    const input = validate(req, AgentPatchSchema, route);
    if ('status' in input) return input;
    const { name, status, capabilities } = input.value;
    Object.assign(agent, { ...(name !== undefined ? { name } : {}), ...(status !== undefined ? { status } : {}), ...(capabilities !== undefined ? { capabilities } : {}), updated_at: timestamp() });
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

/** A page of a map's values, newest first: ?limit= (1-1000, default 100) and ?offset=. */
function list<V>(map: Map<string, V>, req: ApiRequest, route: string): ApiReply {
  const query = Object.fromEntries(new URLSearchParams(req.search));
  const page = PageSchema.safeParse({ limit: query.limit, offset: query.offset });
  if (!page.success) return invalid(route, issuesOf(page.error));
  const { limit, offset } = page.data;
  const values = [...map.values()];
  const end = Math.max(0, values.length - offset);
  return { status: 200, route, json: values.slice(Math.max(0, end - limit), end).reverse() };
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

type Issue = { path: string; message: string };

function issuesOf(error: z.ZodError): Issue[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
}

/** 422 whose message names each field, as well as listing them in `issues`. */
function invalid(route: string, issues: Issue[]): ApiReply {
  const summary = issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ');
  return { status: 422, route, json: { error: `validation failed: ${summary}`, issues } };
}

function conflict(route: string, path: string, message: string): ApiReply {
  return { status: 409, route, json: { error: message, issues: [{ path, message }] } };
}

function validate<S extends z.ZodType>(req: ApiRequest, schema: S, route: string): { value: z.output<S> } | ApiReply {
  const parsed = parseJsonBody(req.body);
  if (!parsed.ok) return { status: 400, route, json: { error: parsed.reason } };
  const result = schema.safeParse(parsed.value);
  return result.success ? { value: result.data } : invalid(route, issuesOf(result.error));
}
