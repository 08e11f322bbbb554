/**
 * Drills: an ordered procedure of steps declared in warroom.yaml (`drills:`), run as one unit and
 * stored as one record with its steps, their timing and the runs they started. A drill that
 * passed is evidence ("dry run rollback successful in rehearsal on <date>").
 */
import { z } from 'zod';
import { DurationSchema } from './duration.js';
import { IdSchema } from './ids.js';
import { TestReportSchema } from './test-reports.js';

/** Inject a fault into the simulated platform, as `warroom rehearse fault SERVICE KIND [VALUE]` does. */
export const DrillFaultSchema = z.strictObject({
  service: IdSchema,
  kind: z.string().min(1).max(40).meta({ description: 'stop, start, slow, errors, flapping, dependency-down, dependency-up, deploy, clear' }),
  value: z.union([z.string().max(80), z.number()]).optional().meta({ description: 'as on the command line: 300ms/2s, 25%, 20s, database, 2.5.0-rc3' }),
});
export type DrillFault = z.output<typeof DrillFaultSchema>;

/** Wait until services are (or are no longer) ready, as the health probes see them. */
export const DrillWaitSchema = z.strictObject({
  until: z.enum(['ready', 'not-ready']).meta({ description: 'ready: every named service is up; not-ready: every named service is down' }),
  services: z.array(IdSchema).min(1).optional().meta({ description: 'default: every service' }),
  timeout: DurationSchema({ min: 1000, max: 3_600_000 }).default(120_000),
});
export type DrillWait = z.output<typeof DrillWaitSchema>;

/**
 * One step: exactly one of action, fault, wait, load or manual. One flat object rather than a
 * union, so a mistake in the file is reported at its key ("unknown key", "expected …").
 */
export const DrillStepSchema = z
  .strictObject({
    name: z.string().min(1).max(120).meta({ description: 'What the step is, as the plan names it: "Database migration dry run".' }),
    action: IdSchema.optional().meta({ description: 'Run this action; the drill\'s confirmation stands for the action\'s.' }),
    params: z.record(IdSchema, z.union([z.string().max(1000), z.boolean()])).default({}).meta({ description: 'Parameter values of the action.' }),
    dryRun: z.boolean().default(false).meta({ description: 'Run the action\'s dry-run command.' }),
    fault: DrillFaultSchema.optional().meta({ description: 'Inject a rehearsal fault (refused outside a rehearsal environment).' }),
    wait: DrillWaitSchema.optional(),
    load: IdSchema.optional().meta({ description: 'Run this load profile; its thresholds must pass.' }),
    manual: z.string().min(1).max(1000).optional().meta({ description: 'Pause until an operator confirms, e.g. "Verify in the console that goals load".' }),
  })
  .superRefine((step, ctx) => {
    const kinds = DRILL_STEP_KINDS.filter((kind) => step[kind] !== undefined);
    if (kinds.length !== 1) {
      ctx.addIssue({
        code: 'custom',
        path: [],
        message: kinds.length === 0 ? `a step needs one of ${DRILL_STEP_KINDS.join(', ')}` : `a step does one thing: it has ${kinds.join(' and ')}`,
      });
    }
    if (step.action === undefined && (Object.keys(step.params).length > 0 || step.dryRun)) {
      ctx.addIssue({ code: 'custom', path: ['params'], message: 'params and dryRun belong to an action step' });
    }
  });
export type DrillStepSpec = z.output<typeof DrillStepSchema>;

export const DRILL_STEP_KINDS = ['action', 'fault', 'wait', 'load', 'manual'] as const;
export type DrillStepKind = (typeof DRILL_STEP_KINDS)[number];

export function drillStepKind(step: DrillStepSpec): DrillStepKind {
  return DRILL_STEP_KINDS.find((kind) => step[kind] !== undefined) ?? 'manual';
}

export const DrillSpecSchema = z.strictObject({
  label: z.string().min(1).max(120),
  description: z.string().max(1000).optional(),
  /** The drill's confirmation stands for those of the actions it runs. */
  confirm: z.enum(['none', 'click', 'type-environment']).optional().meta({
    description: 'Default type-environment. Production never asks less than the environment\'s name.',
  }),
  environments: z.array(IdSchema).min(1).optional().meta({ description: 'Environments it may run in; default all.' }),
  steps: z.array(DrillStepSchema).min(1).max(50),
  /** Offered when a step fails, e.g. a complete rollback; runs only when an operator accepts it. */
  recovery: DrillStepSchema.optional(),
});
export type DrillSpec = z.output<typeof DrillSpecSchema>;

// ---- Runs ----

/** waiting: a manual step (or an offered recovery) waits for an operator's confirmation. */
export const DrillStepStateSchema = z.enum(['pending', 'running', 'waiting', 'passed', 'failed', 'skipped', 'cancelled', 'interrupted']);
export type DrillStepState = z.infer<typeof DrillStepStateSchema>;

/**
 * running → passed | failed | cancelled | interrupted. `recovery_offered`: a step failed (the
 * verdict is known) and the configured recovery waits for an operator to accept or decline it.
 */
export const DrillRunStateSchema = z.enum(['running', 'recovery_offered', 'passed', 'failed', 'cancelled', 'interrupted']);
export type DrillRunState = z.infer<typeof DrillRunStateSchema>;
export const ACTIVE_DRILL_STATES = ['running', 'recovery_offered'] as const satisfies readonly DrillRunState[];

export const DrillStepRecordSchema = z.object({
  index: z.number().int(),
  name: z.string(),
  kind: z.enum(DRILL_STEP_KINDS),
  /** The recovery step, offered after a failure; not part of the verdict. */
  recovery: z.boolean(),
  state: DrillStepStateSchema,
  startedAt: z.number().int().nullable(),
  endedAt: z.number().int().nullable(),
  /** What happened, in words: "gateway ready after 4.2 s", the load verdict, why it failed. */
  detail: z.string().nullable(),
  /** What a manual step asks the operator to check. */
  prompt: z.string().nullable(),
  actionRunId: z.number().int().nullable(),
  loadRunId: z.number().int().nullable(),
  /** Who confirmed a manual step (or accepted the recovery). */
  confirmedBy: z.string().nullable(),
  /** The JUnit report the step's action wrote, when it declares one. */
  testReport: TestReportSchema.nullable(),
});
export type DrillStepRecord = z.infer<typeof DrillStepRecordSchema>;

export const DrillRunSchema = z.object({
  id: z.number().int(),
  drillId: z.string(),
  label: z.string(),
  environment: z.string(),
  actor: z.string(),
  state: DrillRunStateSchema,
  startedAt: z.number().int(),
  endedAt: z.number().int().nullable(),
  /** The verdict in words: "passed: 4 steps in 1m12s", "failed at step 3 (Deploy): exit code 1". */
  verdict: z.string().nullable(),
  /** Index of the step that failed, was cancelled or interrupted; null when none did. */
  stoppedAt: z.number().int().nullable(),
  steps: z.array(DrillStepRecordSchema),
});
export type DrillRun = z.infer<typeof DrillRunSchema>;

/** A drill as the renderer and the CLI see it. */
export const DrillViewSchema = z.object({
  id: z.string(),
  label: z.string(),
  description: z.string().nullable(),
  confirm: z.enum(['none', 'click', 'type-environment']),
  allowedHere: z.boolean(),
  /** Why it may not run here (another environment, a fault step outside rehearsal), or null. */
  refusal: z.string().nullable(),
  steps: z.array(z.object({ name: z.string(), kind: z.enum(DRILL_STEP_KINDS), summary: z.string() })),
  recovery: z.object({ name: z.string(), kind: z.enum(DRILL_STEP_KINDS), summary: z.string() }).nullable(),
  lastPassed: z.object({ runId: z.number().int(), finishedAt: z.number().int() }).nullable(),
});
export type DrillView = z.infer<typeof DrillViewSchema>;

export const DrillsOverviewSchema = z.object({
  environment: z.string(),
  production: z.boolean(),
  drills: z.array(DrillViewSchema),
  /** The drill running in this environment, if any. */
  active: DrillRunSchema.nullable(),
  runs: z.array(DrillRunSchema),
});
export type DrillsOverview = z.infer<typeof DrillsOverviewSchema>;

export const DrillStartSchema = z.strictObject({
  drillId: IdSchema,
  actor: z.string().trim().min(1).max(60),
  /** The environment's name, when the drill asks for it to be typed. */
  confirmation: z.string().max(200).optional(),
});

/** A short line for a step: "action deploy (version=2.5.0)", "fault gateway stop", "wait until ready (2m)". */
export function summarizeStep(step: DrillStepSpec): string {
  switch (drillStepKind(step)) {
    case 'action': {
      const params = Object.entries(step.params).map(([k, v]) => `${k}=${String(v)}`);
      return `action ${step.action}${step.dryRun ? ' --dry-run' : ''}${params.length ? ` (${params.join(', ')})` : ''}`;
    }
    case 'fault':
      return `fault ${step.fault!.service} ${step.fault!.kind}${step.fault!.value === undefined ? '' : ` ${step.fault!.value}`}`;
    case 'wait':
      return `wait until ${step.wait!.services?.join(', ') ?? 'every service'} ${step.wait!.until === 'ready' ? 'ready' : 'not ready'} (at most ${Math.round(step.wait!.timeout / 1000)} s)`;
    case 'load':
      return `load profile ${step.load}`;
    case 'manual':
      return `confirm: ${step.manual}`;
  }
}

/** What checkDrills needs of the config (structural, so config.ts can import this module). */
interface DrillReferences {
  environments: Record<string, { production: boolean; rehearsal: boolean }>;
  services: Record<string, unknown>;
  actions?: Record<string, { params: Record<string, { type: string; choices?: string[] }>; dryRunArgv?: unknown }> | undefined;
  load?: { profiles: Record<string, unknown> } | undefined;
  drills?: Record<string, DrillSpec> | undefined;
}

/** Every name a drill uses must be declared: actions and their params, services, load profiles, environments. */
export function checkDrills(config: DrillReferences, ctx: z.RefinementCtx, envIds: string[]): void {
  const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path: ['drills', ...path], message });
  for (const [id, drill] of Object.entries(config.drills ?? {})) {
    (drill.environments ?? []).forEach((env, index) => {
      if (!envIds.includes(env)) issue([id, 'environments', index], `no environment "${env}" is declared`);
    });
    const steps: [DrillStepSpec, (string | number)[]][] = drill.steps.map((step, index) => [step, [id, 'steps', index]]);
    if (drill.recovery) steps.push([drill.recovery, [id, 'recovery']]);
    for (const [step, at] of steps) checkStep(step, at, config, issue);
  }
}

function checkStep(step: DrillStepSpec, at: (string | number)[], config: DrillReferences, issue: (path: (string | number)[], message: string) => void): void {
  const services = Object.keys(config.services);
  if (step.action !== undefined) {
    const action = config.actions?.[step.action];
    if (!action || !Object.hasOwn(config.actions ?? {}, step.action)) {
      issue([...at, 'action'], `no action "${step.action}" is declared${config.actions ? ` (known: ${Object.keys(config.actions).join(', ')})` : ''}`);
      return;
    }
    if (step.dryRun && action.dryRunArgv === undefined) issue([...at, 'dryRun'], `action "${step.action}" has no dry run (dryRunArgv)`);
    for (const [name, value] of Object.entries(step.params)) {
      const param = Object.hasOwn(action.params, name) ? action.params[name] : undefined;
      if (!param) issue([...at, 'params', name], `action "${step.action}" has no parameter "${name}" (it has: ${Object.keys(action.params).join(', ') || 'none'})`);
      else if (param.type === 'choice' && !param.choices?.includes(String(value))) issue([...at, 'params', name], `expected one of ${param.choices?.join(', ')}, got "${String(value)}"`);
      else if (param.type === 'service' && !services.includes(String(value))) issue([...at, 'params', name], `no service "${String(value)}" is declared`);
    }
    for (const [name, param] of Object.entries(action.params)) {
      if (param.type !== 'flag' && !Object.hasOwn(step.params, name)) issue([...at, 'params'], `action "${step.action}" needs parameter "${name}"`);
    }
  }
  if (step.fault && !services.includes(step.fault.service)) issue([...at, 'fault', 'service'], `no service "${step.fault.service}" is declared`);
  step.wait?.services?.forEach((service, index) => {
    if (!services.includes(service)) issue([...at, 'wait', 'services', index], `no service "${service}" is declared`);
  });
  if (step.load !== undefined && !Object.hasOwn(config.load?.profiles ?? {}, step.load)) {
    issue([...at, 'load'], `no load profile "${step.load}" is declared${config.load ? ` (known: ${Object.keys(config.load.profiles).join(', ')})` : ''}`);
  }
}
