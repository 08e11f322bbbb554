/**
 * The launch plan (issue 11): a Markdown week plan imported into sections (its heading tree) and
 * tasks (its checkboxes), and the risk register. Tasks are matched across imports by heading path
 * + text, so ticks survive a re-import; every state change is stored with who and when.
 */
import { z } from 'zod';

const Person = z.string().trim().min(1).max(60);

/** A block of a section kept as the Markdown had it: text, a table, a code block. */
export const PlanBlockSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('text'), text: z.string() }),
  z.object({ kind: z.literal('table'), header: z.array(z.string()), rows: z.array(z.array(z.string())) }),
  z.object({ kind: z.literal('code'), lang: z.string().nullable(), lines: z.array(z.string()) }),
]);
export type PlanBlock = z.infer<typeof PlanBlockSchema>;

/** A command line of a task's code block; `action` is set when a configured action's argv matches it. */
export const PlanCommandSchema = z.object({
  line: z.string(),
  action: z.object({ id: z.string(), params: z.record(z.string(), z.string()), dryRun: z.boolean() }).nullable(),
});
export type PlanCommand = z.infer<typeof PlanCommandSchema>;

export const TaskStateSchema = z.enum(['open', 'done', 'blocked']);
export type TaskState = z.infer<typeof TaskStateSchema>;

/** What a done task points at: a load run, an action run, a drill run, a scan or a sign-off. */
export const TaskEvidenceSchema = z.strictObject({
  kind: z.enum(['load-run', 'action-run', 'drill-run', 'scan', 'signoff']),
  id: z.string().trim().min(1).max(100),
});
export type TaskEvidence = z.infer<typeof TaskEvidenceSchema>;

/** A stored run, scan or sign-off a done task may point at, with a line that names it. */
export const EvidenceChoiceSchema = z.object({
  kind: TaskEvidenceSchema.shape.kind,
  id: z.string(),
  label: z.string(),
  at: z.number().int(),
  by: z.string(),
});
export type EvidenceChoice = z.infer<typeof EvidenceChoiceSchema>;

export const PlanTaskSchema = z.object({
  /** Stable across imports: heading path + text (without owners and markers). */
  key: z.string(),
  /** The headings above the task, outermost first. */
  path: z.array(z.string()),
  text: z.string(),
  /** The task it is nested under, if any. */
  parentKey: z.string().nullable(),
  depth: z.number().int(),
  position: z.number().int(),
  /** `@name` mentions in the text. */
  owners: z.array(z.string()),
  /** The board criterion a `criterion: id` marker links it to. */
  criterionId: z.string().nullable(),
  /** The deliverables group (sub-heading under "Deliverables"), when it is a deliverable. */
  deliverable: z.string().nullable(),
  /** Plain bullet lines nested under it. */
  notes: z.array(z.string()),
  commands: z.array(PlanCommandSchema),
  /** YYYY-MM-DD of its day, from the nearest dated heading above it. */
  day: z.string().nullable(),
  state: TaskStateSchema,
  /** Who made the current state and when (the importer for a box ticked in the file). */
  stateBy: z.string().nullable(),
  stateAt: z.number().int().nullable(),
  /** Why it is blocked. */
  reason: z.string().nullable(),
  evidence: TaskEvidenceSchema.nullable(),
});
export type PlanTask = z.infer<typeof PlanTaskSchema>;

export const PlanSectionSchema = z.object({
  path: z.array(z.string()),
  title: z.string(),
  level: z.number().int(),
  day: z.string().nullable(),
  blocks: z.array(PlanBlockSchema),
});
export type PlanSection = z.infer<typeof PlanSectionSchema>;

export const ProgressSchema = z.object({ done: z.number().int(), blocked: z.number().int(), total: z.number().int() });
export type Progress = z.infer<typeof ProgressSchema>;

export const PlanDaySchema = z.object({ title: z.string(), day: z.string().nullable(), progress: ProgressSchema });
export const DeliverableGroupSchema = z.object({ group: z.string(), progress: ProgressSchema });

export const PlanImportSummarySchema = z.object({
  id: z.number().int(),
  at: z.number().int(),
  by: z.string(),
  fileName: z.string(),
  sha256: z.string(),
});

/** The day groups of a plan: the outermost heading level used more than once (h2 under an h1 title). */
export function dayLevel(sections: readonly { level: number }[]): number | null {
  const counts = new Map<number, number>();
  for (const s of sections) if (s.level > 0) counts.set(s.level, (counts.get(s.level) ?? 0) + 1);
  const levels = [...counts.keys()].sort((a, b) => a - b);
  return levels.find((level) => (counts.get(level) ?? 0) > 1) ?? levels[0] ?? null;
}

/** A section titled "Deliverables…" holds the deliverables checklist. */
export const DELIVERABLES_TITLE = /^deliverables\b/i;

export const PlanSchema = z.object({
  /** The newest import, or null before the first. */
  imported: PlanImportSummarySchema.nullable(),
  /** Today's date (YYYY-MM-DD) in the core's clock: the view puts its tasks first. */
  today: z.string(),
  sections: z.array(PlanSectionSchema),
  tasks: z.array(PlanTaskSchema),
});
export type Plan = z.infer<typeof PlanSchema>;

export const PlanStatusSchema = z.object({
  imported: PlanImportSummarySchema.nullable(),
  today: z.string(),
  total: ProgressSchema,
  /** Top-level sections (days or phases) with their progress. */
  days: z.array(PlanDaySchema),
  blockers: z.array(z.object({ key: z.string(), text: z.string(), path: z.array(z.string()), reason: z.string().nullable(), owners: z.array(z.string()) })),
  deliverables: z.array(DeliverableGroupSchema),
});
export type PlanStatus = z.infer<typeof PlanStatusSchema>;

export const PlanImportInputSchema = z.strictObject({
  /** The Markdown itself (never a path: a web client cannot name files on the core's machine). */
  markdown: z.string().min(1).max(2_000_000),
  fileName: z.string().trim().min(1).max(255),
  by: Person,
});

export const PlanImportResultSchema = z.object({
  importId: z.number().int(),
  added: z.array(z.string()),
  removed: z.array(z.string()),
  changed: z.array(z.string()),
  /** Tasks whose state the store kept over what the file says (ticks made in the app). */
  kept: z.number().int(),
  tasks: z.number().int(),
  risks: z.object({ added: z.array(z.string()), changed: z.array(z.string()) }),
});
export type PlanImportResult = z.infer<typeof PlanImportResultSchema>;

export const SetTaskInputSchema = z.strictObject({
  key: z.string().min(1).max(2000),
  state: TaskStateSchema,
  by: Person,
  /** Needed when blocked. */
  reason: z.string().trim().max(2000).optional(),
  evidence: TaskEvidenceSchema.optional(),
});
export type SetTaskInput = z.infer<typeof SetTaskInputSchema>;

export const LinkTaskInputSchema = z.strictObject({
  key: z.string().min(1).max(2000),
  /** null removes the link. */
  criterionId: z.string().min(1).max(63).nullable(),
  by: Person,
});

export const TaskHistoryEntrySchema = z.object({
  at: z.number().int(),
  by: z.string(),
  state: TaskStateSchema,
  reason: z.string().nullable(),
  evidence: TaskEvidenceSchema.nullable(),
  source: z.enum(['import', 'operator']),
});
export type TaskHistoryEntry = z.infer<typeof TaskHistoryEntrySchema>;

// ---- the risk register ----

export const RiskLevelSchema = z.enum(['low', 'medium', 'high']);
export type RiskLevel = z.infer<typeof RiskLevelSchema>;
export const RiskStatusSchema = z.enum(['open', 'mitigated', 'accepted', 'closed']);
export type RiskStatus = z.infer<typeof RiskStatusSchema>;

export const RISK_LEVELS: readonly RiskLevel[] = RiskLevelSchema.options;
const RANK: Record<RiskLevel, number> = { low: 1, medium: 2, high: 3 };

/**
 * A risk's rating on the 3 × 3 grid: likelihood × impact (1–3 each); 6 and more is high (high ×
 * high, high × medium, medium × high), 3–4 medium, 1–2 low.
 */
export function riskRating(likelihood: RiskLevel, impact: RiskLevel): RiskLevel {
  const score = RANK[likelihood] * RANK[impact];
  return score >= 6 ? 'high' : score >= 3 ? 'medium' : 'low';
}

export const RiskSchema = z.object({
  id: z.number().int(),
  title: z.string(),
  likelihood: RiskLevelSchema,
  impact: RiskLevelSchema,
  rating: RiskLevelSchema,
  mitigation: z.string(),
  owner: z.string().nullable(),
  status: RiskStatusSchema,
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
});
export type Risk = z.infer<typeof RiskSchema>;

export const RiskChangeSchema = z.object({
  at: z.number().int(),
  by: z.string(),
  source: z.enum(['import', 'operator']),
  /** The fields that changed: field → [before, after] (before null for a new risk). */
  changes: z.record(z.string(), z.tuple([z.string().nullable(), z.string().nullable()])),
  note: z.string().nullable(),
});
export type RiskChange = z.infer<typeof RiskChangeSchema>;

export const SetRiskInputSchema = z.strictObject({
  /** Omitted: a new risk (title, likelihood and impact needed). */
  id: z.number().int().positive().optional(),
  title: z.string().trim().min(1).max(300).optional(),
  likelihood: RiskLevelSchema.optional(),
  impact: RiskLevelSchema.optional(),
  mitigation: z.string().trim().max(2000).optional(),
  owner: z.string().trim().max(60).nullable().optional(),
  status: RiskStatusSchema.optional(),
  note: z.string().trim().max(2000).optional(),
  by: Person,
});
export type SetRiskInput = z.infer<typeof SetRiskInputSchema>;

/** An open high risk as the go/no-go board shows it. */
export const RiskNoticeSchema = z.object({ riskId: z.number().int(), title: z.string(), likelihood: RiskLevelSchema, impact: RiskLevelSchema, owner: z.string().nullable() });
export type RiskNotice = z.infer<typeof RiskNoticeSchema>;

/** Sent after the plan or the register changed; clients fetch what they show. */
export const PlanChangedSchema = z.object({ what: z.enum(['plan', 'risks']), at: z.number().int() });
