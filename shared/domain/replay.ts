/**
 * Replay: what the board and the wall showed at a past moment, rebuilt from stored evidence
 * (the board evaluated as of t, each service's status and last check as of t, what ran at t).
 */
import { z } from 'zod';
import { BoardEvaluationSchema } from './board.js';
import { HealthStatusSchema } from './probes.js';

/** How far back a replay may reach: raw probe results are kept 7 days by default. */
export const REPLAY_WINDOW_MS = 7 * 86_400_000;

export const ReplayInputSchema = z.strictObject({
  /** The moment to show, epoch ms (not in the future). */
  asOf: z.number().int().nonnegative(),
  environment: z.string().optional(),
});

/** One service as a tile showed it at t. */
export const ServiceAtSchema = z.object({
  service: z.string(),
  status: HealthStatusSchema,
  /** Since when it had that status; null when no status was recorded by t. */
  since: z.number().int().nullable(),
  reason: z.string(),
  causedBy: z.string().nullable(),
  /** The newest check at or before t, and its latency. */
  lastCheckedAt: z.number().int().nullable(),
  latencyMs: z.number().nullable(),
  /** No check within two probe intervals before t: the status shown was already old then. */
  stale: z.boolean(),
});
export type ServiceAt = z.infer<typeof ServiceAtSchema>;

export const RunAtSchema = z.object({
  kind: z.enum(['load-run', 'action-run']),
  id: z.number().int(),
  /** Profile (load) or action id. */
  name: z.string(),
  actor: z.string(),
  startedAt: z.number().int(),
});
export type RunAt = z.infer<typeof RunAtSchema>;

export const ReplaySchema = z.object({
  asOf: z.number().int(),
  environment: z.string(),
  board: BoardEvaluationSchema,
  services: z.array(ServiceAtSchema),
  /** Load runs and action runs that were running at t. */
  running: z.array(RunAtSchema),
});
export type Replay = z.infer<typeof ReplaySchema>;
