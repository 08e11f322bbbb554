/**
 * The schema of warroom.yaml. The core validates the file against it once at start; the
 * JSON Schema in resources/warroom.schema.json is generated from it for editors.
 */
import { z } from 'zod';
import { IdSchema } from './ids.js';
import { ActionSpecSchema, RunbookSchema } from './actions.js';
import { checkDrills, DrillSpecSchema } from './drills.js';
import { LoadConfigSchema } from './load.js';
import { ProbesConfigSchema, SecretRefSchema } from './probes.js';
import { compileWholeMatch } from '../util/whole-match.js';
import { BoardConfigSchema, checkBoardReferences } from './board-config.js';
import { SecurityConfigSchema } from './security-register.js';
import { scannerEnvironmentIssues } from './security-scanners.js';
import { MonitoringConfigSchema } from './monitoring.js';
import { EmailChannelSchema, PagerDutyChannelSchema } from './notifications.js';

const HttpUrlSchema = z
  .url({ protocol: /^https?$/, error: 'expected an http:// or https:// URL' })
  .refine((url) => !/^[a-z]+:\/\/[^/]*@/i.test(url), {
    error: 'credentials do not belong in a URL: reference a secret from the environment instead',
  });

const TagSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{0,31}$/, { error: 'expected a tag: lowercase letters, digits, ".", "_" or "-"' });

/** A place the platform runs: rehearsal, staging, production... */
export const EnvironmentSchema = z
  .strictObject({
    label: z.string().min(1).max(80).meta({ description: 'Name shown in the app, e.g. "Production (eu-west)".' }),
    production: z
      .boolean()
      .default(false)
      .meta({ description: 'Production environments get the strictest confirmation for actions.' }),
    description: z.string().max(500).optional(),
    rehearsal: z
      .boolean()
      .default(false)
      .meta({ description: 'A rehearsal environment (the simulated platform): drills may inject faults here, and only here.' }),
    /** Slack-compatible webhook for health changes; the URL is a secret, so the config names its variable. */
    webhook: z
      .strictObject({ urlEnv: SecretRefSchema, mention: z.string().max(80).optional() })
      .optional()
      .meta({ description: 'Post health changes of this environment to a Slack-compatible webhook.' }),
    // ── notification channels (issue 14) and where the end-of-day report goes (issue 11) ──
    pagerduty: PagerDutyChannelSchema.optional(),
    email: EmailChannelSchema.optional(),
  })
  .meta({ description: 'An environment the services run in.' });
export type Environment = z.infer<typeof EnvironmentSchema>;

/** A target service; its base URL may differ per environment. */
export const ServiceSchema = z
  .strictObject({
    name: z.string().min(1).max(80).meta({ description: 'Display name, e.g. "API gateway".' }),
    baseUrl: z
      .union([HttpUrlSchema, z.record(IdSchema, HttpUrlSchema)])
      .meta({ description: 'One URL for every environment, or a map from environment id to URL.' }),
    tags: z.array(TagSchema).max(20).default([]).meta({ description: 'Free labels for grouping and filtering.' }),
    dependsOn: z
      .array(IdSchema)
      .default([])
      .meta({ description: 'Ids of services this one needs; a failure is then shown as caused by them.' }),
    description: z.string().max(500).optional(),
  })
  .meta({ description: 'A service Warroom probes, loads and acts on.' });
export type Service = z.infer<typeof ServiceSchema>;

/** The launch the war room counts down to: the wall shows T-0 against this moment. */
export const LaunchSchema = z
  .strictObject({
    at: z.iso
      .datetime({ offset: true, error: 'expected an ISO date and time with a zone, e.g. 2026-12-08T09:00:00+01:00 or 2026-12-08T08:00:00Z' })
      .meta({ description: 'When the launch happens: ISO 8601 with a zone offset or Z.' }),
    label: z.string().trim().min(1).max(80).default('Launch').meta({ description: 'What the countdown is to, e.g. "Public launch".' }),
  })
  .meta({ description: 'The launch moment the wall display counts down to (T-0).' });
export type Launch = z.infer<typeof LaunchSchema>;

const ConfigObjectSchema = z
  .strictObject({
    version: z.literal(1).meta({ description: 'Format version of this file.' }),
    name: z.string().min(1).max(120).meta({ description: 'What is being launched, shown in the title bar.' }),
    defaultEnvironment: IdSchema.meta({ description: 'Environment selected when the app starts.' }),
    launch: LaunchSchema.optional(),
    environments: z.record(IdSchema, EnvironmentSchema),
    services: z.record(IdSchema, ServiceSchema),
    probes: ProbesConfigSchema.optional().meta({ description: 'Health probes: defaults, per-service probes, retention.' }),
    load: LoadConfigSchema.optional().meta({ description: 'Load-test scenarios, profiles (smoke, peak…), thresholds and limits.' }),
    actions: z
      .record(IdSchema, ActionSpecSchema)
      .optional()
      .meta({ description: 'Scripts operators may run from the app (deploy, rollback, validate…): argv, params, confirmation.' }),
    runbooks: z.record(IdSchema, RunbookSchema).optional().meta({ description: 'Procedures for alerts and incidents, step by step.' }),
    board: BoardConfigSchema.optional().meta({ description: 'The go/no-go board: criteria, category weights, GO threshold, sign-off roles.' }),
    security: SecurityConfigSchema.optional().meta({ description: 'The security findings register: remediation deadlines and the gate.' }),
    drills: z
      .record(IdSchema, DrillSpecSchema)
      .optional()
      .meta({ description: 'Dry-run drills: ordered steps (actions, rehearsal faults, health waits, load profiles, manual checks) run and stored as one record.' }),
    monitoring: MonitoringConfigSchema.optional().meta({ description: 'Prometheus and Alertmanager per environment, query tiles, resource queries sampled during load tests.' }),
  });

export type WarroomConfig = z.output<typeof ConfigObjectSchema>;
export type WarroomConfigInput = z.input<typeof ConfigObjectSchema>;

export const ConfigSchema = ConfigObjectSchema.superRefine(checkReferences).meta({
  title: 'Warroom configuration',
  description: 'Targets, probes, load profiles, actions and criteria of one launch.',
});

/** The optional sections of warroom.yaml an empty view can depend on, in file order: it says whether the file fills them. */
export const CONFIG_SECTIONS = ['probes', 'load', 'actions', 'runbooks', 'board', 'security', 'drills', 'monitoring'] as const satisfies readonly (keyof WarroomConfig)[];
export type ConfigSection = (typeof CONFIG_SECTIONS)[number];

function checkReferences(config: WarroomConfig, ctx: z.RefinementCtx): void {
  const envIds = Object.keys(config.environments);
  const serviceIds = new Set(Object.keys(config.services));
  if (envIds.length === 0) {
    ctx.addIssue({ code: 'custom', path: ['environments'], message: 'expected at least one environment' });
  } else if (!envIds.includes(config.defaultEnvironment)) {
    ctx.addIssue({
      code: 'custom',
      path: ['defaultEnvironment'],
      message: `expected one of the environments (${envIds.join(', ')}), got "${config.defaultEnvironment}"`,
    });
  }
  for (const [id, service] of Object.entries(config.services)) {
    if (typeof service.baseUrl !== 'string') {
      for (const env of Object.keys(service.baseUrl)) {
        if (!envIds.includes(env)) {
          ctx.addIssue({
            code: 'custom',
            path: ['services', id, 'baseUrl', env],
            message: `no environment "${env}" is declared (known: ${envIds.join(', ')})`,
          });
        }
      }
    }
    service.dependsOn.forEach((dep, index) => {
      if (dep === id) {
        ctx.addIssue({ code: 'custom', path: ['services', id, 'dependsOn', index], message: 'a service cannot depend on itself' });
      } else if (!serviceIds.has(dep)) {
        ctx.addIssue({ code: 'custom', path: ['services', id, 'dependsOn', index], message: `no service "${dep}" is declared` });
      }
    });
  }
  for (const [id, probes] of Object.entries(config.probes?.services ?? {})) {
    if (!serviceIds.has(id)) {
      ctx.addIssue({ code: 'custom', path: ['probes', 'services', id], message: `no service "${id}" is declared` });
      continue;
    }
    const names = new Set<string>();
    probes.forEach((probe, index) => {
      if (names.has(probe.name)) {
        ctx.addIssue({ code: 'custom', path: ['probes', 'services', id, index, 'name'], message: `a second probe named "${probe.name}" in ${id}` });
      }
      names.add(probe.name);
      if (probe.kind === 'http' && !probe.path && !probe.url) {
        ctx.addIssue({ code: 'custom', path: ['probes', 'services', id, index], message: 'an http probe needs a path (under the base URL) or a url' });
      }
    });
  }
  checkActions(config, ctx, envIds);
  for (const issue of scannerEnvironmentIssues(config.security?.scanners, envIds)) ctx.addIssue({ code: 'custom', ...issue });
  checkDrills(config, ctx, envIds);
  for (const env of Object.keys(config.monitoring?.alertmanager ?? {})) {
    if (!envIds.includes(env)) ctx.addIssue({ code: 'custom', path: ['monitoring', 'alertmanager', env], message: `no environment "${env}" is declared` });
  }
  for (const env of Object.keys(config.monitoring?.prometheus ?? {})) {
    if (!envIds.includes(env)) ctx.addIssue({ code: 'custom', path: ['monitoring', 'prometheus', env], message: `no environment "${env}" is declared` });
  }
  for (const [id, scenario] of Object.entries(config.load?.scenarios ?? {})) {
    if (scenario.service && !serviceIds.has(scenario.service)) {
      ctx.addIssue({ code: 'custom', path: ['load', 'scenarios', id, 'service'], message: `no service "${scenario.service}" is declared` });
    }
  }
  if (config.board) {
    const known = {
      environments: envIds,
      services: [...serviceIds],
      profiles: Object.keys(config.load?.profiles ?? {}),
      suites: Object.keys(config.load?.suites ?? {}),
      actions: Object.keys(config.actions ?? {}),
      runbooks: Object.keys(config.runbooks ?? {}),
    };
    for (const issue of checkBoardReferences(config.board, known)) ctx.addIssue({ code: 'custom', ...issue });
  }
  const cycle = findDependencyCycle(config.services);
  if (cycle) {
    ctx.addIssue({
      code: 'custom',
      path: ['services', cycle[0]!, 'dependsOn'],
      message: `dependency cycle: ${cycle.join(' → ')}`,
    });
  }
}

const PLACEHOLDER = /\{([a-z][a-z0-9-]*)\}/g;

function checkActions(config: WarroomConfig, ctx: z.RefinementCtx, envIds: string[]): void {
  const actions = config.actions ?? {};
  for (const [id, action] of Object.entries(actions)) {
    (action.environments ?? []).forEach((env, index) => {
      if (!envIds.includes(env)) ctx.addIssue({ code: 'custom', path: ['actions', id, 'environments', index], message: `no environment "${env}" is declared` });
    });
    action.before.forEach((before, index) => {
      if (!Object.hasOwn(actions, before)) ctx.addIssue({ code: 'custom', path: ['actions', id, 'before', index], message: `no action "${before}" is declared` });
      else if (before === id) ctx.addIssue({ code: 'custom', path: ['actions', id, 'before', index], message: 'an action cannot run itself first' });
    });
    for (const key of ['argv', 'dryRunArgv'] as const) {
      (action[key] ?? []).forEach((element, index) => {
        for (const [, name] of element.matchAll(PLACEHOLDER)) {
          if (!name || !Object.hasOwn(action.params, name)) {
            ctx.addIssue({ code: 'custom', path: ['actions', id, key, index], message: `{${name}} is not one of the action's params (${Object.keys(action.params).join(', ') || 'none'})` });
          } else if (action.params[name]!.type === 'flag' && element !== `{${name}}`) {
            ctx.addIssue({ code: 'custom', path: ['actions', id, key, index], message: `flag param {${name}} must be a whole argv element` });
          }
        }
      });
    }
    if (action.confirm === 'type-service' && !Object.values(action.params).some((p) => p.type === 'service')) {
      ctx.addIssue({ code: 'custom', path: ['actions', id, 'confirm'], message: 'type-service needs a parameter of type service' });
    }
    for (const [name, param] of Object.entries(action.params)) {
      if (param.type !== 'text') continue;
      const compiled = compileWholeMatch(param.pattern);
      if (!compiled.ok) {
        ctx.addIssue({
          code: 'custom',
          path: ['actions', id, 'params', name, 'pattern'],
          message: `not a pattern the linear-time engine (RE2) accepts: ${compiled.reason} (RE2 has no backreferences or lookaround)`,
        });
      }
    }
  }
  for (const [id, runbook] of Object.entries(config.runbooks ?? {})) {
    runbook.steps.forEach((step, index) => {
      if (step.action && !Object.hasOwn(actions, step.action)) {
        ctx.addIssue({ code: 'custom', path: ['runbooks', id, 'steps', index, 'action'], message: `no action "${step.action}" is declared` });
      }
    });
  }
}

/** Returns one dependency cycle as a list of ids (first id repeated at the end), or undefined. */
export function findDependencyCycle(services: Record<string, { dependsOn: readonly string[] }>): string[] | undefined {
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (id: string): string[] | undefined => {
    if (state.get(id) === 'done') return undefined;
    if (state.get(id) === 'visiting') return [...stack.slice(stack.indexOf(id)), id];
    state.set(id, 'visiting');
    stack.push(id);
    for (const dep of services[id]?.dependsOn ?? []) {
      if (dep === id || !Object.hasOwn(services, dep)) continue;
      const cycle = visit(dep);
      if (cycle) return cycle;
    }
    stack.pop();
    state.set(id, 'done');
    return undefined;
  };
  for (const id of Object.keys(services)) {
    const cycle = visit(id);
    if (cycle) return cycle;
  }
  return undefined;
}

/** The URL of a service in one environment, or undefined when it does not run there. */
export function serviceUrl(service: Service, environment: string): string | undefined {
  return typeof service.baseUrl === 'string' ? service.baseUrl : service.baseUrl[environment];
}
