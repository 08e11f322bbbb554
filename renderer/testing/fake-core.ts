/**
 * A small stand-in for the core in renderer tests: answers the app, journal, rehearsal, health,
 * actions, runbooks and audit commands with envelopes, numbers events like the bus, and lets a test act between a call and its
 * answer (or hold the answer back).
 */
import { CONTRACT_VERSION, commands, isCommandName, roleAllows } from '../../shared/contract/index.js';
import type {
  CommandName,
  CommandOutput,
  CommandParsedInput,
  EventName,
  EventPayload,
  RpcError,
  RpcResult,
  WireEvent,
} from '../../shared/contract/index.js';
import type { ActionRun, ActionsOverview, AuditEntry, RunbookView } from '../../shared/domain/actions.js';
import type { AppInfo, ConfigSummary, Heartbeat, Role } from '../../shared/domain/app.js';
import type { JournalEntry } from '../../shared/domain/journal.js';
import type { RehearsalState } from '../../shared/domain/rehearsal.js';
import type { HealthHistory, HealthNotificationPayload, HealthOverview, ProbeResult, RecentHealth, ServiceHealth, StandingNotification } from '../../shared/domain/probes.js';
import { createMemoryClient, createWireEventEmitter } from '../api/memory-client.js';
import type { MemoryClient } from '../api/memory-client.js';
import { recentHealth, unknownOverview } from './health-fixture.js';
import { createLoadSim } from './load-fixture.js';
import type { LoadSim, LoadSimOptions } from './load-fixture.js';

export interface FakeCoreOptions {
  role?: Role;
  contractVersion?: number;
  config?: ConfigSummary;
  journal?: JournalEntry[];
  /** The simulated platform as the core reports it; stopped ("not started") by default. */
  rehearsal?: RehearsalState;
  /** Health of the services; every configured service unknown by default. */
  health?: HealthOverview;
  /** Sparklines and uptime; empty by default. */
  recent?: RecentHealth;
  /** Standing health notifications in the snapshot; none by default. */
  notifications?: StandingNotification[];
  /** Answers health.history; an empty history by default. */
  history?: (input: CommandParsedInput<'health.history'>) => HealthHistory;
  /** Actions, runbooks and runs; none (in the config's default environment) by default. */
  actions?: ActionsOverview;
  /** Stored output of ended runs, by run id (actions.output). */
  outputs?: Record<number, string>;
  /** Answers audit.verify; an intact trail by default. */
  auditVerification?: CommandOutput<'audit.verify'>;
  /** Load profiles, runs and the running test (load.*); none by default (loadProfiles() has the rehearsal ones). */
  load?: LoadSimOptions;
  heartbeatIntervalMs?: number;
  now?: () => number;
  /** Runs inside a call, before its answer is returned (e.g. to emit an event "during" it). */
  during?: Partial<Record<CommandName, () => void>>;
  /** Replaces the answer to a command; returning undefined lets the fake answer as usual. */
  answer?: Partial<Record<CommandName, (input: unknown) => RpcResult<unknown> | undefined>>;
  /** The answer to a command waits for this promise (to look at a control while its call is in flight). */
  hold?: Partial<Record<CommandName, Promise<unknown>>>;
}

/** The fake core plus the memory client wired to it. */
export interface FakeCore {
  client: MemoryClient;
  /** Emits an event with the next seq, as the bus would. */
  emit<E extends EventName>(name: E, payload: EventPayload<E>): WireEvent;
  /** Appends a journal entry and emits journal.added. */
  addNote(author: string, text: string): JournalEntry;
  heartbeat(): Heartbeat;
  /** Replaces the platform state and emits rehearsal.changed. */
  setRehearsal(state: RehearsalState): WireEvent;
  /** Replaces these services' health and emits health.changed with only them. */
  changeHealth(services: ServiceHealth[], paused?: boolean): WireEvent;
  /** Emits a probe.results batch. */
  probeResults(results: ProbeResult[]): WireEvent;
  /** Emits a health.notification. */
  notify(notification: HealthNotificationPayload): WireEvent;
  /** The health as the fake core holds it now. */
  health(): HealthOverview;
  /** Replaces a run (or adds one) and emits action.changed. */
  changeRun(run: ActionRun): WireEvent;
  /** Live output of a run: kept as its buffer and emitted as action.output. */
  output(runId: number, stream: 'stdout' | 'stderr', text: string): WireEvent;
  /** A run as the fake core holds it now. */
  run(runId: number): ActionRun | undefined;
  /** The audit entries written so far, oldest first. */
  audit: AuditEntry[];
  /** The load.* simulation: tick() and end() drive the running test. */
  load: LoadSim;
  lastSeq(): number;
  calls: CommandName[];
  /** Every call with its input, oldest first. */
  requests: { name: CommandName; input: unknown }[];
}

export const sampleConfig: ConfigSummary = {
  name: 'Checkout v2 launch',
  source: { path: '/etc/warroom/warroom.yaml', bundled: false },
  defaultEnvironment: 'production',
  environments: [
    { id: 'staging', label: 'Staging', production: false },
    { id: 'production', label: 'Production (eu-west)', production: true },
  ],
  services: [
    { id: 'api', name: 'API gateway', tags: ['edge'], dependsOn: ['db'], urls: { production: 'https://api.example.com' } },
    { id: 'db', name: 'Orders DB', tags: [], dependsOn: [], urls: { staging: 'https://db.staging.example.com' } },
  ],
  sections: { probes: false, load: true, actions: false, runbooks: false, criteria: false },
};

const info = (now: number, contractVersion: number): AppInfo => ({
  name: 'Warroom',
  version: '0.1.0',
  contractVersion,
  shell: 'test',
  startedAt: now,
  sessionId: 'session-1',
  runtime: { node: '20', platform: 'linux' },
  dataDir: '/tmp/warroom',
  config: { path: sampleConfig.source.path, bundled: false },
});

/** An expected refusal, answered as an error envelope. */
class Refusal extends Error {
  constructor(readonly error: RpcError) {
    super(error.message);
  }
}

export function createFakeCore(options: FakeCoreOptions = {}): FakeCore {
  const now = options.now ?? Date.now;
  const role = options.role ?? 'operator';
  const contractVersion = options.contractVersion ?? CONTRACT_VERSION;
  const journal: JournalEntry[] = [...(options.journal ?? [])];
  const emitter = createWireEventEmitter();
  const calls: CommandName[] = [];
  const requests: FakeCore['requests'] = [];
  let rehearsal: RehearsalState = options.rehearsal ?? { state: 'stopped', reason: 'not started' };
  const initialHealth = options.health ?? unknownOverview(options.config ?? sampleConfig);
  const services = new Map(initialHealth.services.map((service) => [service.service, service]));
  let paused = initialHealth.paused;
  const recent = options.recent ?? recentHealth();
  const config = options.config ?? sampleConfig;
  const defaultEnv = config.environments.find((env) => env.id === config.defaultEnvironment);
  const overview: ActionsOverview = options.actions ?? {
    environment: config.defaultEnvironment,
    production: defaultEnv?.production ?? false,
    actions: [],
    runbooks: [],
    runs: [],
  };
  const runs = new Map(overview.runs.map((run) => [run.id, run]));
  const runbooks = new Map(overview.runbooks.map((runbook) => [runbook.id, runbook]));
  const outputs = new Map(Object.entries(options.outputs ?? {}).map(([id, text]) => [Number(id), text]));
  const audit: AuditEntry[] = [];
  let seq = 0;
  const startedAt = now();

  const heartbeat = (): Heartbeat => ({
    sessionId: 'session-1',
    at: now(),
    uptimeMs: now() - startedAt,
    intervalMs: options.heartbeatIntervalMs ?? 1000,
  });

  const emit = <E extends EventName>(name: E, payload: EventPayload<E>): WireEvent => {
    seq += 1;
    const event = { name, payload, seq, at: now() } as WireEvent;
    emitter.emit(event);
    return event;
  };

  const addNote = (author: string, text: string): JournalEntry => {
    const entry = { id: journal.length + 1, at: now(), author, text };
    journal.push(entry);
    emit('journal.added', entry);
    return entry;
  };

  const setRehearsal = (state: RehearsalState): WireEvent => {
    rehearsal = state;
    return emit('rehearsal.changed', state);
  };

  const health = (): HealthOverview => ({ environment: initialHealth.environment, paused, services: [...services.values()] });

  const changeHealth = (changed: ServiceHealth[], nextPaused = paused): WireEvent => {
    for (const service of changed) services.set(service.service, service);
    paused = nextPaused;
    return emit('health.changed', { paused, services: changed });
  };

  const actionsNow = (): ActionsOverview => ({
    ...overview,
    runbooks: [...runbooks.values()],
    runs: [...runs.values()].sort((a, b) => b.id - a.id).slice(0, 50),
  });

  const changeRun = (run: ActionRun): WireEvent => {
    runs.set(run.id, run);
    return emit('action.changed', run);
  };

  const output = (runId: number, stream: 'stdout' | 'stderr', text: string): WireEvent => {
    outputs.set(runId, (outputs.get(runId) ?? '') + text);
    return emit('action.output', { runId, stream, text, at: now() });
  };

  const record = (actor: string, event: AuditEntry['event'], actionId: string | null, runId: number | null, detail: Record<string, unknown> = {}) => {
    const prevHash = audit.at(-1)?.hash ?? '0'.repeat(64);
    audit.push({ seq: audit.length + 1, at: now(), actor, event, actionId, runId, detail, prevHash, hash: `${audit.length + 1}`.padStart(64, 'a') });
  };

  /** Like the core's checks (action, environment, parameters, confirmation, one run at a time). */
  const startRun = (input: unknown): ActionRun => {
    const request = commands['actions.start'].input.parse(input);
    const refuse = (code: RpcError['code'], message: string): never => {
      record(request.actor, 'refused', request.actionId, null, { reason: message });
      throw new Refusal({ code, message });
    };
    const action = overview.actions.find((a) => a.id === request.actionId);
    if (!action) return refuse('not_found', `no action "${request.actionId}" in the config`);
    if (!action.allowedHere) return refuse('forbidden', `${action.id} may not run in ${overview.environment}`);
    for (const [name, param] of Object.entries(action.params)) {
      const value = request.params[name];
      if (param.type === 'flag') continue;
      if (typeof value !== 'string' || value === '') return refuse('invalid_input', `parameter "${name}" is required`);
      if (param.type === 'service' && !action.services.includes(value)) return refuse('invalid_input', `parameter "${name}": "${value}" is not a service of this config`);
      if (param.type === 'choice' && !param.choices.includes(value)) return refuse('invalid_input', `parameter "${name}": "${value}" is not one of ${param.choices.join(', ')}`);
      if (param.type === 'text' && !new RegExp(`^(?:${param.pattern})$`, 'u').test(value)) return refuse('invalid_input', `parameter "${name}" does not match ${param.pattern}`);
    }
    const serviceParam = Object.entries(action.params).find(([, p]) => p.type === 'service')?.[0];
    const expected =
      action.confirm === 'type-environment' ? overview.environment : action.confirm === 'type-service' && serviceParam ? String(request.params[serviceParam]) : undefined;
    if (expected !== undefined && request.confirmation?.trim() !== expected) {
      return refuse('invalid_input', request.confirmation ? `confirmation "${request.confirmation}" does not match: type "${expected}" to confirm` : `type "${expected}" to confirm`);
    }
    if ([...runs.values()].some((r) => r.actionId === action.id && (r.state === 'running' || r.state === 'awaiting_approval'))) {
      return refuse('conflict', `${action.id} is already running`);
    }
    const awaiting = action.requireApproval && overview.production && !request.dryRun;
    const id = Math.max(0, ...runs.keys()) + 1;
    const at = now();
    const run: ActionRun = {
      id,
      actionId: action.id,
      environment: overview.environment,
      params: request.params,
      dryRun: request.dryRun,
      actor: request.actor,
      approvedBy: null,
      approvedAt: null,
      state: awaiting ? 'awaiting_approval' : 'running',
      requestedAt: at,
      startedAt: awaiting ? null : at,
      endedAt: null,
      exitCode: null,
      signal: null,
      reason: null,
      outputBytes: 0,
      outputTruncated: false,
      outputDigest: null,
      healthBefore: null,
      healthAfter: null,
      healthRestored: null,
      pid: null,
      recoveredAt: null,
    };
    record(request.actor, 'requested', action.id, id, { params: request.params, dryRun: request.dryRun });
    changeRun(run);
    return run;
  };

  const handleActions = (name: CommandName, input: unknown): unknown => {
    switch (name) {
      case 'actions.list':
        return actionsNow();
      case 'actions.listRuns': {
        const query = commands['actions.listRuns'].input.parse(input);
        return [...runs.values()]
          .filter((run) => (query.actionId === undefined || run.actionId === query.actionId) && (query.beforeId === undefined || run.id < query.beforeId))
          .sort((a, b) => b.id - a.id)
          .slice(0, query.limit);
      }
      case 'actions.output': {
        const { runId } = commands['actions.output'].input.parse(input);
        const run = runs.get(runId);
        if (!run) throw new Refusal({ code: 'not_found', message: `no run ${runId}` });
        return { text: outputs.get(runId) ?? '', bytes: run.outputBytes, truncated: run.outputTruncated };
      }
      case 'actions.start':
        return startRun(input);
      case 'actions.approve': {
        const { runId, approver } = commands['actions.approve'].input.parse(input);
        const run = runs.get(runId);
        if (!run || run.state !== 'awaiting_approval') throw new Refusal({ code: 'not_found', message: `run ${runId} is not waiting for approval` });
        if (approver.trim().toLowerCase() === run.actor.trim().toLowerCase()) {
          record(approver, 'refused', run.actionId, runId, { reason: 'the requester cannot approve their own run' });
          throw new Refusal({ code: 'forbidden', message: 'a second operator must approve: the requester cannot approve their own run' });
        }
        const approved: ActionRun = { ...run, state: 'running', approvedBy: approver, approvedAt: now(), startedAt: now() };
        record(approver, 'approved', run.actionId, runId, { requestedBy: run.actor });
        changeRun(approved);
        return approved;
      }
      case 'actions.cancel': {
        const { runId, actor } = commands['actions.cancel'].input.parse(input);
        const run = runs.get(runId);
        if (!run) throw new Refusal({ code: 'not_found', message: `no run ${runId}` });
        if (run.state !== 'running' && run.state !== 'awaiting_approval') throw new Refusal({ code: 'conflict', message: `run ${runId} is not running (${run.state})` });
        record(actor, 'cancel_requested', run.actionId, runId);
        const before = run.state === 'awaiting_approval';
        const cancelled: ActionRun = {
          ...run,
          state: 'cancelled',
          endedAt: now(),
          signal: before ? null : 'SIGTERM',
          reason: before ? `cancelled by ${actor} before approval` : `cancelled by ${actor}`,
        };
        changeRun(cancelled);
        return before ? cancelled : run;
      }
      case 'runbooks.markStep': {
        const { runbookId, step, done, actor } = commands['runbooks.markStep'].input.parse(input);
        const runbook = runbooks.get(runbookId);
        if (!runbook) throw new Refusal({ code: 'not_found', message: `no runbook "${runbookId}"` });
        if (step >= runbook.steps.length) throw new Refusal({ code: 'invalid_input', message: `runbook ${runbookId} has no step ${step}` });
        const updated: RunbookView = { ...runbook, steps: runbook.steps.map((s, i) => (i === step ? { ...s, done, by: actor, at: now() } : s)) };
        runbooks.set(runbookId, updated);
        record(actor, 'runbook_step', runbook.steps[step]!.action, null, { runbookId, step, done });
        emit('runbook.changed', updated);
        return updated;
      }
      case 'audit.verify':
        return options.auditVerification ?? { ok: true, entries: audit.length, headHash: audit.at(-1)?.hash ?? '0'.repeat(64), problems: [] };
      case 'audit.tail': {
        const { limit } = commands['audit.tail'].input.parse(input);
        return [...audit].reverse().slice(0, limit);
      }
      default:
        return undefined;
    }
  };

  const load = createLoadSim(options.load ?? {}, {
    environment: config.defaultEnvironment,
    now,
    emit,
    refuse: (error) => {
      throw new Refusal(error);
    },
  });

  const probeResults = (results: ProbeResult[]) => emit('probe.results', { results });
  const notify = (notification: HealthNotificationPayload) => emit('health.notification', notification);

  const emptyHistory = (input: CommandParsedInput<'health.history'>): HealthHistory => ({
    service: input.service,
    fromAt: input.fromAt,
    toAt: input.toAt,
    bucketMs: 60_000,
    points: [],
    transitions: [],
    notObserved: [],
    uptime: null,
  });

  const handle = (name: CommandName, input: unknown): unknown => {
    switch (name) {
      case 'app.hello':
        return { contractVersion, appVersion: '0.1.0', role } satisfies CommandOutput<'app.hello'>;
      case 'app.info':
        return info(startedAt, contractVersion);
      case 'app.snapshot':
        return {
          lastSeq: seq,
          info: info(startedAt, contractVersion),
          config: options.config ?? sampleConfig,
          journal: [...journal].reverse(),
          heartbeat: heartbeat(),
          rehearsal,
          health: health(),
          notifications: options.notifications ?? [],
          recent,
          actions: actionsNow(),
          load: load.overview(),
          problems: [],
        } satisfies CommandOutput<'app.snapshot'>;
      case 'config.summary':
        return options.config ?? sampleConfig;
      case 'journal.list':
        return [...journal].reverse();
      case 'journal.add': {
        const { author, text } = commands['journal.add'].input.parse(input);
        return addNote(author, text);
      }
      // The platform itself is not simulated: tests set its state with setRehearsal or `answer`.
      case 'rehearsal.status':
      case 'rehearsal.start':
      case 'rehearsal.stop':
      case 'rehearsal.fault':
      case 'rehearsal.reset':
      case 'rehearsal.scenario.start':
      case 'rehearsal.scenario.stop':
        return rehearsal;
      case 'health.list':
      case 'health.checkAll':
        return health();
      case 'health.recent':
        return recent;
      case 'health.history': {
        const parsed = commands['health.history'].input.parse(input);
        return (options.history ?? emptyHistory)(parsed);
      }
      case 'health.pause':
      case 'health.resume':
        // Like the core: every service is announced with the new flag before the answer.
        changeHealth([...services.values()], name === 'health.pause');
        return health();
      case 'health.mute': {
        const { service, muted } = commands['health.mute'].input.parse(input);
        const current = services.get(service);
        if (!current) throw new Refusal({ code: 'not_found', message: `no service "${service}" in the config` });
        const next = { ...current, muted };
        changeHealth([next]);
        return next;
      }
      case 'actions.list':
      case 'actions.listRuns':
      case 'actions.output':
      case 'actions.start':
      case 'actions.approve':
      case 'actions.cancel':
      case 'runbooks.markStep':
      case 'audit.verify':
      case 'audit.tail':
        return handleActions(name, input);
      case 'load.list':
      case 'load.start':
      case 'load.stop':
      case 'load.getRun':
      case 'load.compare':
      case 'load.report':
        return load.handle(name, input);
    }
  };

  const dispatch = async (name: string, input: unknown): Promise<RpcResult<unknown>> => {
    await Promise.resolve();
    if (!isCommandName(name)) return { ok: false, error: { code: 'unknown_command', message: name } };
    calls.push(name);
    requests.push({ name, input });
    const override = options.answer?.[name]?.(input);
    if (override) return override;
    if (!roleAllows(role, commands[name].role)) {
      return { ok: false, error: { code: 'forbidden', message: `${name} needs the operator role; this connection is viewer (read-only)` } };
    }
    const parsed = commands[name].input.safeParse(input);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
      return { ok: false, error: { code: 'invalid_input', message: `invalid input for ${name}`, issues } };
    }
    await options.hold?.[name];
    let value: unknown;
    try {
      value = handle(name, input);
    } catch (error) {
      if (error instanceof Refusal) return { ok: false, error: error.error };
      throw error;
    }
    options.during?.[name]?.();
    return { ok: true, value };
  };

  return {
    client: createMemoryClient({ dispatch, events: emitter }),
    emit,
    addNote,
    heartbeat,
    setRehearsal,
    changeHealth,
    probeResults,
    notify,
    health,
    changeRun,
    output,
    run: (runId) => runs.get(runId),
    audit,
    load,
    lastSeq: () => seq,
    calls,
    requests,
  };
}
