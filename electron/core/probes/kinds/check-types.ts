/** The shapes every probe kind shares: what a check gets, what it returns, and how it fails. */
import type { ResolvedProbe } from '../../../../shared/domain/probes.js';
import type { HttpAgents } from './http-agents.js';

/** What the caller (scheduler, CLI) hands to one check. */
export interface CheckContext {
  /** Aborts the whole check (scheduler stopping, probe removed); honoured alongside the probe's own timeout. */
  signal: AbortSignal;
  /** Where `${env:NAME}` headers, `passwordEnv` and command `env` mappings are looked up. */
  env: NodeJS.ProcessEnv;
  /** Directory of warroom.yaml: relative command paths and cwd are resolved against it. */
  configDir: string;
  /** Epoch ms; used for latency and certificate expiry. */
  now: () => number;
  /** The keep-alive pools of the caller's probe service. */
  agents: HttpAgents;
}

/** What one check found. `down` always carries a short reason a person can read on a wall display. */
export interface CheckOutcome {
  outcome: 'up' | 'degraded' | 'down';
  /** Duration of the last attempt, in ms. */
  latencyMs: number;
  detail: string;
}

/** What a kind gets for one attempt: the caller's context with a signal that also fires on the attempt's timeout. */
export interface AttemptContext extends CheckContext {
  /** Aborts on the caller's signal or after `timeoutMs`, whichever comes first. */
  signal: AbortSignal;
  timeoutMs: number;
  /** Records how far the attempt got, so a timeout can say "waiting for the response" rather than just "timed out". */
  phase(name: string): void;
}

/** What a kind reports when it got an answer; transport failures are thrown instead. */
export interface KindResult {
  outcome: 'up' | 'degraded' | 'down';
  detail: string;
}

export type ProbeOf<K extends ResolvedProbe['kind']> = Extract<ResolvedProbe, { kind: K }>;

/** One attempt of one kind of check. May throw; `runCheck` turns every throw into `down`. */
export type KindRunner<K extends ResolvedProbe['kind']> = (probe: ProbeOf<K>, ctx: AttemptContext) => Promise<KindResult>;

/**
 * A failure whose message is already the human reason. `retryable: false` for problems another
 * attempt cannot fix (a secret that is not set, a program that does not exist).
 */
export class CheckFailure extends Error {
  constructor(
    message: string,
    readonly retryable = true,
  ) {
    super(message);
    this.name = 'CheckFailure';
  }
}
