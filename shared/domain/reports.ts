/**
 * Stand-up notes and the end-of-day report (issue 11): a note per person and day (yesterday,
 * today, blockers), and a report generated from the day's stored evidence, stored with its
 * deliveries so a report that could not be sent says so and can be sent again.
 */
import { z } from 'zod';
import { DeliverySchema } from './notifications.js';

/** A calendar day, YYYY-MM-DD, in the core's local time. */
export const DaySchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'expected a day as YYYY-MM-DD' })
  .refine((text) => {
    const [y, m, d] = text.split('-').map(Number) as [number, number, number];
    const date = new Date(Date.UTC(y, m - 1, d));
    return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
  }, { error: 'not a calendar day' });
export type Day = z.infer<typeof DaySchema>;

const Person = z.string().trim().min(1).max(60);
const Text = z.string().trim().max(4000);

export const StandupAddInputSchema = z.strictObject({
  /** Default: today (the core's clock). */
  day: DaySchema.optional(),
  person: Person,
  yesterday: Text.default(''),
  today: Text.default(''),
  blockers: Text.default(''),
  /** Who typed it (the operator), when not the person themself. */
  by: Person.optional(),
});
export type StandupAddInput = z.input<typeof StandupAddInputSchema>;

export const StandupNoteSchema = z.object({
  id: z.number().int(),
  day: DaySchema,
  person: z.string(),
  yesterday: z.string(),
  today: z.string(),
  blockers: z.string(),
  by: z.string(),
  at: z.number().int(),
});
export type StandupNote = z.infer<typeof StandupNoteSchema>;

/** A task as the plan reports it for a day (the plan is another feature's; read through a port). */
export const PlanTaskSchema = z.object({ text: z.string(), owner: z.string().nullable(), reason: z.string().nullable() });
export type PlanTask = z.infer<typeof PlanTaskSchema>;

const SeverityCounts = z.object({ critical: z.number().int(), high: z.number().int(), medium: z.number().int(), low: z.number().int(), info: z.number().int() });

/** What the end-of-day report says, gathered from stored evidence of [fromAt, toAt). */
export const EodContentSchema = z.object({
  day: DaySchema,
  environment: z.string(),
  title: z.string(),
  fromAt: z.number().int(),
  /** The end of the day, or the moment of generation when the day is not over. */
  toAt: z.number().int(),
  generatedAt: z.number().int(),
  /** null: no plan imported (never invented tasks). */
  plan: z.object({ done: z.array(PlanTaskSchema), open: z.array(PlanTaskSchema), blocked: z.array(PlanTaskSchema) }).nullable(),
  loadRuns: z.array(
    z.object({
      id: z.number().int(),
      profile: z.string(),
      state: z.string(),
      actor: z.string(),
      startedAt: z.number().int(),
      endedAt: z.number().int().nullable(),
      requests: z.number().nullable(),
      rps: z.number().nullable(),
      p95Ms: z.number().nullable(),
      errorRate: z.number().nullable(),
      why: z.string().nullable(),
    }),
  ),
  scans: z.array(
    z.object({ id: z.number().int(), scope: z.string(), status: z.string(), at: z.number().int(), newCount: z.number().int(), fixedCount: z.number().int(), error: z.string().nullable() }),
  ),
  /** Open findings by severity at the end of the window; null when nothing was ever scanned by then. */
  openFindings: SeverityCounts.nullable(),
  actionRuns: z.array(
    z.object({ id: z.number().int(), actionId: z.string(), state: z.string(), actor: z.string(), dryRun: z.boolean(), at: z.number().int(), exitCode: z.number().int().nullable() }),
  ),
  health: z.array(
    z.object({
      service: z.string(),
      name: z.string(),
      /** Milliseconds the service was down within the window. */
      downMs: z.number().int(),
      incidents: z.array(z.object({ fromAt: z.number().int(), toAt: z.number().int().nullable(), reason: z.string() })),
    }),
  ),
  score: z.object({
    today: z.number(),
    verdict: z.string(),
    /** The board at the end of yesterday; null when it cannot be read. */
    yesterday: z.number().nullable(),
  }),
  standups: z.array(z.object({ person: z.string(), yesterday: z.string(), today: z.string(), blockers: z.string() })),
  nextSteps: z.array(z.string()),
});
export type EodContent = z.infer<typeof EodContentSchema>;

/** A generated report as stored, with every delivery attempt. */
export const ReportRecordSchema = z.object({
  id: z.number().int(),
  day: DaySchema,
  environment: z.string(),
  generatedAt: z.number().int(),
  by: z.string(),
  markdown: z.string(),
  html: z.string(),
  content: EodContentSchema,
  deliveries: z.array(DeliverySchema),
  /** By the latest attempt per channel: unsent (never tried), sent (all took it), partial (some did), failed (none did). */
  delivery: z.enum(['unsent', 'sent', 'partial', 'failed']),
});
export type ReportRecord = z.infer<typeof ReportRecordSchema>;

export const ReportSummarySchema = ReportRecordSchema.omit({ markdown: true, html: true, content: true });
export type ReportSummary = z.infer<typeof ReportSummarySchema>;
