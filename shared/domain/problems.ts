/** Something inside the core that keeps failing in the background (storage, a timer, an event). */
import { z } from 'zod';

export const CoreProblemSchema = z.object({
  /** Which part failed, e.g. 'heartbeat', 'probes.store', 'load.store'; one problem per source. */
  source: z.string(),
  /** What it was doing, in words: "storing the heartbeat". */
  what: z.string(),
  /** The last error's message. */
  message: z.string(),
  /** The last error's code when it has one (SQLITE_BUSY, ENOSPC, …). */
  code: z.string().nullable(),
  firstAt: z.number().int(),
  lastAt: z.number().int(),
  /** Failures since the source last worked. */
  count: z.number().int().positive(),
});
export type CoreProblem = z.infer<typeof CoreProblemSchema>;
