/**
 * A small stand-in for the core in renderer tests: answers the app, journal and rehearsal commands
 * with envelopes, numbers events like the bus, and lets a test act between a call and its answer.
 */
import { CONTRACT_VERSION, commands, isCommandName, roleAllows } from '../../shared/contract/index.js';
import type { CommandName, CommandOutput, EventName, EventPayload, RpcResult, WireEvent } from '../../shared/contract/index.js';
import type { AppInfo, ConfigSummary, Heartbeat, Role } from '../../shared/domain/app.js';
import type { JournalEntry } from '../../shared/domain/journal.js';
import type { RehearsalState } from '../../shared/domain/rehearsal.js';
import { createMemoryClient, createWireEventEmitter } from '../api/memory-client.js';
import type { MemoryClient } from '../api/memory-client.js';

export interface FakeCoreOptions {
  role?: Role;
  contractVersion?: number;
  config?: ConfigSummary;
  journal?: JournalEntry[];
  /** The simulated platform as the core reports it; stopped ("not started") by default. */
  rehearsal?: RehearsalState;
  heartbeatIntervalMs?: number;
  now?: () => number;
  /** Runs inside a call, before its answer is returned (e.g. to emit an event "during" it). */
  during?: Partial<Record<CommandName, () => void>>;
  /** Replaces the answer to a command; returning undefined lets the fake answer as usual. */
  answer?: Partial<Record<CommandName, (input: unknown) => RpcResult<unknown> | undefined>>;
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

export function createFakeCore(options: FakeCoreOptions = {}): FakeCore {
  const now = options.now ?? Date.now;
  const role = options.role ?? 'operator';
  const contractVersion = options.contractVersion ?? CONTRACT_VERSION;
  const journal: JournalEntry[] = [...(options.journal ?? [])];
  const emitter = createWireEventEmitter();
  const calls: CommandName[] = [];
  const requests: FakeCore['requests'] = [];
  let rehearsal: RehearsalState = options.rehearsal ?? { state: 'stopped', reason: 'not started' };
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
    const value = handle(name, input);
    options.during?.[name]?.();
    return { ok: true, value };
  };

  return {
    client: createMemoryClient({ dispatch, events: emitter }),
    emit,
    addNote,
    heartbeat,
    setRehearsal,
    lastSeq: () => seq,
    calls,
    requests,
  };
}
