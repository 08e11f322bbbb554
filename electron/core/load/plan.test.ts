import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { LoadConfigSchema, LoadProfileSchema, LoadScenarioSchema } from '../../../shared/domain/load.js';
import { checkLoadConfig, planLoadRun } from './plan.js';

const config = {
  scenarios: {
    goals: {
      service: 'api',
      order: 'sequence',
      thinkTime: { min: '500ms', max: '2s' },
      requests: [
        { method: 'POST', path: '/api/v1/goals', body: { title: 'launch {{randomInt 1 1000}}' }, capture: { goal_id: 'data.id' }, expect: { status: [201] } },
        { name: 'GET /api/v1/goals/{id}', path: '/api/v1/goals/{{var goal_id}}' },
      ],
    },
  },
  profiles: {
    smoke: { model: 'closed', users: 10, duration: '1m', thresholds: ['p(95) < 500', { expression: 'rate(errors) < 1%', abortOnFail: true }] },
    peak: { model: 'closed', stages: [{ duration: '2m', users: 500 }, { duration: '10m', users: 500 }, { duration: '3m', users: 0 }] },
    spike: { model: 'open', rate: 200, duration: '5m', maxInFlight: 500, arrival: 'iterations' },
  },
  thresholds: [{ expression: 'p(99) < 1500', endpoint: 'GET /api/v1/goals/{id}' }],
};

describe('the load: section', () => {
  it('parses scenarios, profiles, thresholds and limits with their defaults', () => {
    const parsed = LoadConfigSchema.parse(config);
    expect(parsed.scenarios.goals!.thinkTime).toEqual({ minMs: 500, maxMs: 2000 });
    expect(parsed.scenarios.goals!.timeout).toBe(10_000);
    expect(parsed.profiles.smoke).toMatchObject({ duration: 60_000, gracefulStop: 5000 });
    expect(parsed.limits).toEqual({ maxUsersPerWorker: 5000, maxConnectionsPerWorker: 1024, maxRatePerWorker: 200_000 });
    expect(checkLoadConfig(parsed)).toEqual([]);
  });

  it('refuses a profile that is neither users + duration nor stages, and an unknown scenario', () => {
    const result = LoadConfigSchema.safeParse({
      ...config,
      profiles: { both: { model: 'closed', users: 5, duration: '1m', stages: [{ duration: '1m', users: 5 }] }, lost: { model: 'open', rate: 5, duration: '1s', scenario: 'nope' } },
    });
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([
      ['profiles.both', 'a closed profile needs either users and duration, or stages'],
      ['profiles.lost.scenario', 'no scenario "nope" (known: goals)'],
    ]);
  });

  it('finds template, capture and threshold mistakes with their paths', () => {
    const parsed = LoadConfigSchema.parse({
      ...config,
      scenarios: { goals: { requests: [{ path: '/goals/{{var id}}', headers: { 'x-n': '{{randomInt 9}}' }, capture: { id: 'items[' } }] } },
      profiles: { smoke: { model: 'closed', users: 1, duration: '1s', thresholds: ['p(95) <', { expression: 'p(50) < 1', endpoint: 'GET /nope' }] } },
      thresholds: ['rps >> 5'],
    });
    expect(checkLoadConfig(parsed)).toEqual([
      { path: 'scenarios.goals.requests[0].headers.x-n', message: 'request "GET /goals/{{var id}}": randomInt takes 2 arguments, e.g. {{randomInt 1 1000}} in "{{randomInt 9}}"' },
      { path: 'scenarios.goals.requests[0].capture.id', message: 'request "GET /goals/{{var id}}": "items[" is not a JSON path (e.g. id, data.items[0].id)' },
      { path: 'thresholds[0]', message: "rps >> 5: expected a number at column 6" },
      { path: 'profiles.smoke.thresholds[0]', message: 'p(95) <: expected a number at column 8' },
      { path: 'profiles.smoke.thresholds[1].endpoint', message: 'no endpoint "GET /nope" in the scenario (endpoints: GET /goals/{id})' },
    ]);
  });

  it('has a JSON Schema for editors', () => {
    const schema = z.toJSONSchema(LoadConfigSchema, { io: 'input', target: 'draft-2020-12', unrepresentable: 'any' });
    expect(Object.keys(schema.properties ?? {})).toEqual(['scenarios', 'profiles', 'thresholds', 'limits', 'suites', 'baselineTolerance']);
  });
});

describe('planLoadRun', () => {
  const scenario = LoadScenarioSchema.parse(config.scenarios.goals);

  it('splits users among workers and opens no more connections than users', () => {
    const plan = planLoadRun({ baseUrl: 'http://127.0.0.1:9/api/', workers: 4, scenario, profile: LoadProfileSchema.parse({ model: 'closed', users: 3, duration: '1s' }) });
    expect(plan.workers).toHaveLength(3);
    expect(plan.workers[0]).toMatchObject({ origin: 'http://127.0.0.1:9', basePath: '/api', connections: 1, connectionMode: 'pinned' });
    expect(plan.endpoints).toEqual(['POST /api/v1/goals', 'GET /api/v1/goals/{id}']);
    expect(plan.workers[0]!.requests[1]!.needs).toEqual(['goal_id']);
  });

  it('splits an open model’s in-flight cap and uses a pool', () => {
    const plan = planLoadRun({ baseUrl: 'https://api.example.com', workers: 2, scenario, profile: LoadProfileSchema.parse(config.profiles.spike) });
    expect(plan.workers.map((worker) => [worker.maxInFlight, worker.connections, worker.connectionMode])).toEqual([
      [250, 250, 'pool'],
      [250, 250, 'pool'],
    ]);
    expect(plan.durationMs).toBe(300_000);
  });

  it('resolves {{env}} before the run and refuses a missing variable', () => {
    const withToken = LoadScenarioSchema.parse({ requests: [{ path: '/me', headers: { authorization: 'Bearer {{env API_TOKEN}}' } }] });
    const profile = LoadProfileSchema.parse({ model: 'closed', users: 1, duration: '1s' });
    const plan = planLoadRun({ baseUrl: 'http://x.test', scenario: withToken, profile, env: { API_TOKEN: 's3cret' } });
    expect(plan.workers[0]!.requests[0]!.headers).toEqual([['authorization', [{ kind: 'text', text: 'Bearer s3cret' }]]]);
    expect(() => planLoadRun({ baseUrl: 'http://x.test', scenario: withToken, profile, env: {} })).toThrow('uses {{env API_TOKEN}} but API_TOKEN is not set');
  });

  it('refuses an arrival rate beyond the per-worker limit and a base URL that is not http', () => {
    expect(() =>
      planLoadRun({ baseUrl: 'ftp://x', workers: 2, scenario, profile: LoadProfileSchema.parse({ model: 'open', rate: 1_000_000, duration: '1s' }) }),
    ).toThrow(/baseUrl: expected an http:\/\/ or https:\/\/ URL, got "ftp:\/\/x"[\s\S]*the profile asks for 1000000 arrivals\/s; this machine runs at most 400000/);
  });
});
