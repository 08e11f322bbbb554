/**
 * A small stand-in for the core in renderer tests: answers the app, journal, rehearsal and health
 * commands with envelopes, numbers events like the bus, and lets a test act between a call and its
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
import type { AppInfo, ConfigSummary, Heartbeat, Role } from '../../shared/domain/app.js';
import type { JournalEntry } from '../../shared/domain/journal.js';
import type { RehearsalState } from '../../shared/domain/rehearsal.js';
import type { HealthHistory, HealthNotificationPayload, HealthOverview, ProbeResult, RecentHealth, ServiceHealth } from '../../shared/domain/probes.js';
import { createMemoryClient, createWireEventEmitter } from '../api/memory-client.js';
import type { MemoryClient } from '../api/memory-client.js';
import { recentHealth, unknownOverview } from './health-fixture.js';

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
  /** Answers health.history; an empty history by default. */
  history?: (input: CommandParsedInput<'health.history'>) => HealthHistory;
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
          recent,
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
    lastSeq: () => seq,
    calls,
    requests,
  };
}
