/** What the core tells the renderer about itself and its configuration (never the raw file). */
import { z } from 'zod';
import { IdSchema } from './ids.js';

export const RoleSchema = z.enum(['viewer', 'operator']).meta({
  description: 'viewer: read-only (wall displays); operator: may also run commands that change state.',
});
export type Role = z.infer<typeof RoleSchema>;

export const TransportSchema = z.enum(['ipc', 'http', 'memory', 'cli']);
export type Transport = z.infer<typeof TransportSchema>;

export const AppInfoSchema = z.object({
  name: z.literal('Warroom'),
  version: z.string(),
  contractVersion: z.number().int(),
  shell: z.enum(['electron', 'web', 'cli', 'test']),
  startedAt: z.number().int(),
  sessionId: z.string(),
  runtime: z.object({ node: z.string(), electron: z.string().optional(), platform: z.string() }),
  dataDir: z.string(),
  config: z.object({ path: z.string(), bundled: z.boolean() }),
});
export type AppInfo = z.infer<typeof AppInfoSchema>;

export const ConfigSummarySchema = z.object({
  name: z.string(),
  source: z.object({ path: z.string(), bundled: z.boolean() }),
  defaultEnvironment: IdSchema,
  environments: z.array(z.object({ id: IdSchema, label: z.string(), production: z.boolean() })),
  services: z.array(
    z.object({
      id: IdSchema,
      name: z.string(),
      tags: z.array(z.string()),
      dependsOn: z.array(IdSchema),
      /** Base URL per environment id; an environment the service does not run in is absent. */
      urls: z.record(z.string(), z.string()),
    }),
  ),
  /** Which of the optional sections (CONFIG_SECTIONS) the file fills: an empty view says whether its own are configured. */
  sections: z.record(z.string(), z.boolean()),
  /** The launch the wall counts down to (config `launch:`), as epoch ms; absent when not configured. */
  launch: z.object({ at: z.number().int(), label: z.string() }).optional(),
});
export type ConfigSummary = z.infer<typeof ConfigSummarySchema>;

export const HeartbeatSchema = z.object({
  sessionId: z.string(),
  at: z.number().int(),
  uptimeMs: z.number().int().nonnegative(),
  intervalMs: z.number().int().positive(),
});
export type Heartbeat = z.infer<typeof HeartbeatSchema>;
