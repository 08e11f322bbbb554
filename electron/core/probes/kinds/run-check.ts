/**
 * Runs one check of any probe kind: enforces the timeout per attempt, retries, and the latency
 * budget, and turns every failure into `down` with a short reason. Never throws, never hangs.
 */
import type { ProbeKind, ResolvedProbe } from '../../../../shared/domain/probes.js';
import { settleWithin, startAttempt } from './attempt.js';
import { CheckFailure, type AttemptContext, type CheckContext, type CheckOutcome, type KindResult, type KindRunner } from './check-types.js';
import { runCommandCheck } from './command-check.js';
import { describeError } from './describe-error.js';
import { runDnsCheck } from './dns-check.js';
import { formatLatency } from '../../../../shared/format/durations.js';
import { runHttpCheck } from './http-check.js';
import { runPostgresCheck } from './postgres-check.js';
import { runPromqlCheck } from './promql-check.js';
import { runRedisCheck } from './redis-check.js';
import { runTcpCheck } from './tcp-check.js';

export type { CheckContext, CheckOutcome } from './check-types.js';

const RUNNERS: { [K in ProbeKind]: KindRunner<K> } = {
  http: runHttpCheck,
  tcp: runTcpCheck,
  dns: runDnsCheck,
  command: runCommandCheck,
  postgres: runPostgresCheck,
  redis: runRedisCheck,
  promql: runPromqlCheck,
};

/** Every kind `runCheck` knows. */
export const CHECK_KINDS = Object.keys(RUNNERS) as ProbeKind[];

/**
 * How long a kind may take to clean up after its signal fires before the check gives up on it.
 * A command needs SIGTERM, 1 s, SIGKILL and a moment to confirm the group is gone.
 */
const CLEANUP_GRACE_MS: Record<ProbeKind, number> = { http: 250, tcp: 250, dns: 250, postgres: 250, redis: 250, promql: 250, command: 3000 };

/** Runs `probe` once, with up to `probe.retries` extra attempts; each attempt gets the full `probe.timeoutMs`. */
export async function runCheck(probe: ResolvedProbe, ctx: CheckContext): Promise<CheckOutcome> {
  try {
    const attempts = 1 + Math.max(0, probe.retries);
    let last: CheckOutcome & { retryable: boolean } = { outcome: 'down', latencyMs: 0, detail: 'cancelled', retryable: false };
    for (let attempt = 1; attempt <= attempts; attempt += 1) {
      if (ctx.signal.aborted) return { outcome: 'down', latencyMs: last.latencyMs, detail: 'cancelled' };
      last = await runAttempt(probe, ctx);
      if (last.outcome !== 'down') {
        return { outcome: last.outcome, latencyMs: last.latencyMs, detail: attempt > 1 ? `${last.detail} (attempt ${attempt} of ${attempts})` : last.detail };
      }
      if (!last.retryable) break;
      if (attempt === attempts && attempts > 1) last.detail = `${last.detail} (${attempts} attempts)`;
    }
    return { outcome: 'down', latencyMs: last.latencyMs, detail: last.detail };
  } catch (error) {
    // Only a bug in this module gets here; the wall still gets a result instead of a rejected promise.
    return { outcome: 'down', latencyMs: 0, detail: `internal error: ${describeError(error)}` };
  }
}

async function runAttempt(probe: ResolvedProbe, ctx: CheckContext): Promise<CheckOutcome & { retryable: boolean }> {
  const budget = startAttempt(ctx.signal, probe.timeoutMs);
  let phase = '';
  const attemptCtx: AttemptContext = { ...ctx, signal: budget.signal, timeoutMs: probe.timeoutMs, phase: (name) => (phase = name) };
  const startedAt = ctx.now();
  try {
    const result = await settleWithin(runKind(probe, attemptCtx), budget.signal, CLEANUP_GRACE_MS[probe.kind] ?? 250);
    const latencyMs = Math.max(0, ctx.now() - startedAt);
    return { ...applyLatencyBudget(result, latencyMs, probe.latencyBudgetMs), latencyMs, retryable: true };
  } catch (error) {
    const latencyMs = Math.max(0, ctx.now() - startedAt);
    if (budget.timedOut) {
      return { outcome: 'down', latencyMs, detail: `timed out after ${probe.timeoutMs} ms${phase ? ` (${phase})` : ''}`, retryable: true };
    }
    if (ctx.signal.aborted) return { outcome: 'down', latencyMs, detail: 'cancelled', retryable: false };
    const retryable = !(error instanceof CheckFailure) || error.retryable;
    return { outcome: 'down', latencyMs, detail: error instanceof CheckFailure ? error.message : describeError(error), retryable };
  } finally {
    budget.dispose();
  }
}

function runKind(probe: ResolvedProbe, ctx: AttemptContext): Promise<KindResult> {
  // The table is keyed by kind, so the runner always matches the probe; TypeScript cannot see that through the union.
  const runner = RUNNERS[probe.kind] as KindRunner<ProbeKind> | undefined;
  if (!runner) return Promise.reject(new CheckFailure(`unknown probe kind "${String(probe.kind)}"`, false));
  try {
    return runner(probe, ctx);
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
}

/** A pass slower than the budget is `degraded`; a budget of 0 means none. */
function applyLatencyBudget(result: KindResult, latencyMs: number, budgetMs: number): KindResult {
  if (result.outcome === 'down' || budgetMs <= 0 || latencyMs <= budgetMs) return result;
  return { outcome: 'degraded', detail: `${result.detail}; slow: ${formatLatency(latencyMs)} > ${formatLatency(budgetMs)} budget` };
}
