/** Builds resolved probes and check contexts for tests, with defaults applied by the real config schema. */
import type { z } from 'zod';
import { ProbeSpecSchema, type ResolvedProbe } from '../../../../shared/domain/probes.js';
import type { CheckContext } from '../kinds/check-types.js';
import { createHttpAgents } from '../kinds/http-agents.js';

type SpecInput = z.input<typeof ProbeSpecSchema>;
/** A probe as written in warroom.yaml, `name` optional (Omit per member, so each kind keeps its own fields). */
export type SpecInputOf<K extends SpecInput['kind'] = SpecInput['kind']> = K extends unknown
  ? Omit<Extract<SpecInput, { kind: K }>, 'name'> & { name?: string }
  : never;
export type Resolution = Partial<Pick<ResolvedProbe, 'timeoutMs' | 'retries' | 'latencyBudgetMs' | 'target' | 'prometheus'>>;

/** `spec` as written in warroom.yaml, plus what the resolver would add. */
export function resolvedProbe(spec: SpecInputOf, resolution: Resolution = {}): ResolvedProbe {
  const parsed = ProbeSpecSchema.parse({ name: 'check', ...spec });
  return {
    ...parsed,
    id: `test/${parsed.name}`,
    service: 'test',
    intervalMs: 10_000,
    timeoutMs: resolution.timeoutMs ?? 2000,
    retries: resolution.retries ?? 0,
    confirmations: 1,
    latencyBudgetMs: resolution.latencyBudgetMs ?? 0,
    target: resolution.target,
    ...(resolution.prometheus ? { prometheus: resolution.prometheus } : {}),
  };
}

/** The pools the checks of a test file share, as one probe service's checks do. */
export const testAgents = createHttpAgents();

export function checkContext(overrides: Partial<CheckContext> = {}): CheckContext {
  return {
    signal: new AbortController().signal,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
    configDir: process.cwd(),
    now: () => Date.now(),
    agents: testAgents,
    ...overrides,
  };
}
