/**
 * Operator actions (the team's own scripts: deploy, rollback, db-migrate, validation, restart)
 * and runbooks: how they are declared in warroom.yaml, the state of a run, and the audit trail.
 * The renderer only ever names an action id and parameter values; the core builds the argv.
 */
import { z } from 'zod';
import { DurationSchema } from './duration.js';
import { IdSchema } from './ids.js';
import { SecretRefSchema } from './probes.js';
import { RunbookAlertSchema } from './alerts.js';

/** A parameter operators fill in; its value becomes one argv element, never a flag or a command. */
export const ActionParamSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('service'), label: z.string().max(80).optional() }).meta({ description: 'one of the config\'s services' }),
  z.strictObject({ type: z.literal('choice'), label: z.string().max(80).optional(), choices: z.array(z.string().min(1).max(200)).min(1) }),
  z.strictObject({
    type: z.literal('text'),
    label: z.string().max(80).optional(),
    /** Regular expression the value must match in full; RE2 syntax, matched in linear time (shared/util/whole-match.ts). */
    pattern: z.string().min(1).max(500).meta({ description: 'Regular expression the whole value must match (RE2 syntax, linear time: no backreferences or lookaround).' }),
    maxLength: z.number().int().min(1).max(1000).default(200),
  }),
  z.strictObject({
    type: z.literal('flag'),
    label: z.string().max(80).optional(),
    /** The argv element added when the box is ticked, e.g. --force. */
    flag: z.string().regex(/^--?[A-Za-z0-9][A-Za-z0-9-]*$/),
  }),
]);
export type ActionParam = z.output<typeof ActionParamSchema>;

export const ConfirmationSchema = z.enum(['none', 'click', 'type-environment', 'type-service']).meta({
  description: 'none; click (a confirm button); type-environment / type-service (type the name, as destructive actions in well-known tools ask)',
});
export type Confirmation = z.infer<typeof ConfirmationSchema>;

export const ActionKindSchema = z.enum(['deploy', 'rollback', 'validate', 'migrate', 'restart', 'runbook-step', 'other']);

/** argv elements: literals, whole placeholders "{param}", or a literal with one, "--version={version}". */
const ArgvSchema = z.array(z.string().min(1).max(4096)).min(1).max(200);

export const ActionSpecSchema = z.strictObject({
  label: z.string().min(1).max(80),
  kind: ActionKindSchema.default('other'),
  description: z.string().max(1000).optional(),
  /** Never a shell string: argv[0] is the program; relative paths are relative to the config file. */
  argv: ArgvSchema,
  /** The argv of a dry run, when the script has one (e.g. db-migrate --dry-run). */
  dryRunArgv: ArgvSchema.optional(),
  cwd: z.string().max(4096).optional(),
  /** Child environment: NAME → name of a variable of Warroom's environment (a secret by name). */
  env: z.record(z.string().regex(/^[A-Z_][A-Z0-9_]*$/), SecretRefSchema).default({}),
  timeout: DurationSchema({ min: 1000, max: 24 * 3_600_000 }).default(600_000),
  /** Environments it may run in; default all. */
  environments: z.array(IdSchema).min(1).optional(),
  params: z.record(IdSchema, ActionParamSchema).default({}),
  /** Default: click, and at least type-environment in a production environment. */
  confirm: ConfirmationSchema.optional(),
  /** In production, a second operator must approve before it starts. */
  requireApproval: z.boolean().default(false),
  /** Runs of this action (per target service) that may run at once. */
  maxConcurrent: z.number().int().min(1).max(20).default(1),
  /** Actions to run first; any failure stops the run before it starts. */
  before: z.array(IdSchema).default([]),
  /** After it ends: probe every service until all are ready or the deadline passes. */
  verify: z.strictObject({ probes: z.boolean().default(true), deadline: DurationSchema({ min: 1000, max: 3_600_000 }).default(120_000) }).optional(),
  /**
   * A JUnit XML report the script writes (pytest --junitxml, vitest/jest junit reporters): read after
   * the run and stored with it. Relative to the working directory, or `{dataDir}/…`; the script
   * gets the absolute path as WARROOM_JUNIT_REPORT.
   */
  junit: z.string().min(1).max(4096).optional(),
  /** Output kept whole up to this many bytes, then truncated with a marker. */
  maxStoredOutputBytes: z.number().int().min(1024).max(256 * 1024 * 1024).default(8 * 1024 * 1024),
});
export type ActionSpec = z.output<typeof ActionSpecSchema>;

export const RunbookSchema = z.strictObject({
  title: z.string().min(1).max(120),
  /** The alert or incident it answers, e.g. "a service is down". */
  when: z.string().max(300).optional(),
  /** The Alertmanager alert(s) it answers: an alert matching opens this runbook. */
  alert: RunbookAlertSchema.optional(),
  steps: z
    .array(z.strictObject({ text: z.string().min(1).max(2000), action: IdSchema.optional() }))
    .min(1)
    .max(100),
});
export type Runbook = z.output<typeof RunbookSchema>;

// ---- Runs ----

/**
 * awaiting_approval → running → (verifying →) succeeded | failed | timed_out | cancelled; refused
 * never starts. `verifying`: the script exited 0 and the health check after it runs.
 * `exit_unknown`: its processes ended while no Warroom watched them (after a crash), so nobody saw
 * the exit code.
 */
export const RunStateSchema = z.enum([
  'awaiting_approval',
  'running',
  'verifying',
  'succeeded',
  'failed',
  'timed_out',
  'cancelled',
  'refused',
  'exit_unknown',
]);
export type RunState = z.infer<typeof RunStateSchema>;
export const FINAL_RUN_STATES: readonly RunState[] = ['succeeded', 'failed', 'timed_out', 'cancelled', 'refused', 'exit_unknown'];
/** States that hold the action's target: no second run of it may start (one run per target). */
export const ACTIVE_RUN_STATES = ['awaiting_approval', 'running', 'verifying'] as const satisfies readonly RunState[];

/** What a run asked for; validated against the action before anything starts. */
export const RunRequestSchema = z.strictObject({
  actionId: IdSchema,
  params: z.record(IdSchema, z.union([z.string().max(1000), z.boolean()])).default({}),
  dryRun: z.boolean().default(false),
  /** Who starts it (typed by the operator, recorded in the audit trail). */
  actor: z.string().trim().min(1).max(60),
  /** What the operator typed to confirm (environment or service name), when the action asks for it. */
  confirmation: z.string().max(200).optional(),
});
export type RunRequest = z.output<typeof RunRequestSchema>;

export const HealthBriefSchema = z.record(z.string(), z.enum(['up', 'degraded', 'down', 'unknown']));

export const ActionRunSchema = z.object({
  id: z.number().int(),
  actionId: z.string(),
  environment: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.boolean()])),
  dryRun: z.boolean(),
  actor: z.string(),
  approvedBy: z.string().nullable(),
  approvedAt: z.number().int().nullable(),
  state: RunStateSchema,
  requestedAt: z.number().int(),
  startedAt: z.number().int().nullable(),
  endedAt: z.number().int().nullable(),
  exitCode: z.number().int().nullable(),
  signal: z.string().nullable(),
  /** Why it failed or was refused, in words. */
  reason: z.string().nullable(),
  outputBytes: z.number().int(),
  outputTruncated: z.boolean(),
  /** sha256 of the stored output, as in the audit trail. */
  outputDigest: z.string().nullable(),
  /** Service health when it started and when verification ended. */
  healthBefore: HealthBriefSchema.nullable(),
  healthAfter: HealthBriefSchema.nullable(),
  /** After verification: did every service end up ready? null when not verified. */
  healthRestored: z.boolean().nullable(),
  /** The script's process (it leads the run's process group); null before it started. */
  pid: z.number().int().nullable(),
  /**
   * When a Warroom that did not start this run found it still running at start-up and took over
   * watching it ("still running, started before the restart"); null otherwise.
   */
  recoveredAt: z.number().int().nullable(),
});
export type ActionRun = z.infer<typeof ActionRunSchema>;

/** An action as the renderer sees it: no argv, no env, no secrets. */
export const ActionViewSchema = z.object({
  id: z.string(),
  label: z.string(),
  kind: ActionKindSchema,
  description: z.string().nullable(),
  params: z.record(z.string(), ActionParamSchema),
  /** Services a `service` parameter may take. */
  services: z.array(z.string()),
  confirm: ConfirmationSchema,
  requireApproval: z.boolean(),
  canDryRun: z.boolean(),
  allowedHere: z.boolean(),
  timeoutMs: z.number().int(),
  /** The last successful run in a non-production environment or as a dry run: evidence. */
  lastRehearsal: z.object({ runId: z.number().int(), at: z.number().int(), durationMs: z.number().int(), dryRun: z.boolean() }).nullable(),
});
export type ActionView = z.infer<typeof ActionViewSchema>;

export const AuditEntrySchema = z.object({
  seq: z.number().int(),
  at: z.number().int(),
  actor: z.string(),
  /**
   * `recovered`: a restarted Warroom found the run's processes still alive and watches them.
   * `security_import`, `security_triage`, `security_expired`: the findings register (issue 9).
   * `signoff`, `waived`, `waiver_revoked`: the go/no-go board's manual evidence (actionId null).
   * `poll_opened`, `voted`, `poll_closed`, `decision_recorded`: the go/no-go meeting (actionId null).
   * `alert_silenced`, `alert_test`: Alertmanager silences and test alerts posted from Warroom (actionId null).
   * `load_baseline`, `load_exception`, `load_exception_withdrawn`: a load run marked as its profile's baseline, a failed threshold accepted, that acceptance withdrawn (runId the load run's).
   * `plan_import`, `plan_task`, `risk_changed`: the launch plan and the risk register (issue 11).
   * `standup_added`, `report_generated`, `report_sent`, `notification_test`, `notification_ack`: reports and channels (issues 11, 14).
   */
  event: z.enum([
    'requested', 'refused', 'approved', 'started', 'cancel_requested', 'exited', 'verified', 'runbook_step', 'recovered',
    'signoff', 'waived', 'waiver_revoked',
    'security_import', 'security_triage', 'security_expired',
    'poll_opened', 'voted', 'poll_closed', 'decision_recorded',
    'alert_silenced', 'alert_test',
    'load_baseline', 'load_exception', 'load_exception_withdrawn',
    'plan_import', 'plan_task', 'risk_changed',
    'standup_added', 'report_generated', 'report_sent', 'notification_test', 'notification_ack',
  ]),
  actionId: z.string().nullable(),
  runId: z.number().int().nullable(),
  detail: z.record(z.string(), z.unknown()),
  prevHash: z.string(),
  hash: z.string(),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;

/** A runbook with the progress recorded through it. */
export const RunbookViewSchema = z.object({
  id: z.string(),
  title: z.string(),
  when: z.string().nullable(),
  steps: z.array(
    z.object({ text: z.string(), action: z.string().nullable(), done: z.boolean(), by: z.string().nullable(), at: z.number().int().nullable() }),
  ),
});
export type RunbookView = z.infer<typeof RunbookViewSchema>;

/** Everything the Actions view needs: the environment, its actions and runbooks, recent runs. */
export const ActionsOverviewSchema = z.object({
  environment: z.string(),
  production: z.boolean(),
  actions: z.array(ActionViewSchema),
  runbooks: z.array(RunbookViewSchema),
  runs: z.array(ActionRunSchema),
});
export type ActionsOverview = z.infer<typeof ActionsOverviewSchema>;

export const AuditVerificationSchema = z.object({
  ok: z.boolean(),
  entries: z.number().int(),
  headHash: z.string(),
  problems: z.array(z.object({ seq: z.number().int().nullable(), problem: z.string() })),
});

/** Live output of a run, as the xterm-like pane receives it (masked, ANSI colours kept). */
export const ActionOutputSchema = z.object({ runId: z.number().int(), stream: z.enum(['stdout', 'stderr']), text: z.string(), at: z.number().int() });
