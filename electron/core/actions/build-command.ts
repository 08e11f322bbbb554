/**
 * Builds the command line of a run from the config, never from the caller: the request names an
 * action id and parameter values; each value is checked against its declared type and can only
 * ever fill one argv element. It can never become a flag, a second command or a path to a secret.
 */
import { isAbsolute, resolve } from 'node:path';
import type { ActionSpec, RunRequest } from '../../../shared/domain/actions.js';
import { compileWholeMatch } from '../../../shared/util/whole-match.js';
import { ownValue } from '../../../shared/util/own-value.js';

/** A request the core refuses, with a reason fit for the operator and the audit trail. */
export class RunRefusal extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RunRefusal';
  }
}

export interface BuiltCommand {
  argv: string[];
  cwd: string;
  /** The whole child environment (nothing else is inherited). */
  env: Record<string, string>;
  /** Values to mask in output: the secrets handed to the child. */
  secrets: string[];
}

export interface BuildContext {
  configDir: string;
  services: readonly string[];
  /** Where secrets are read from (the process environment). */
  env: NodeJS.ProcessEnv;
  /** Extra variables describing the run (WARROOM_ENVIRONMENT, WARROOM_RUN_ID, ...). */
  context: Record<string, string>;
  /** The runtime to use for argv[0] "node": Warroom's own (inside Electron it runs as Node). */
  nodePath: string;
  electron: boolean;
}

const PLACEHOLDER = /\{([a-z][a-z0-9-]*)\}/g;
// eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
const CONTROL = /[\u0000-\u001f\u007f]/;

/** Checks every parameter; returns the values by name (flags as booleans). */
export function checkParams(spec: ActionSpec, params: RunRequest['params'], services: readonly string[]): Record<string, string | boolean> {
  for (const name of Object.keys(params)) {
    if (!Object.hasOwn(spec.params, name)) throw new RunRefusal(`unknown parameter "${name}"`);
  }
  const values: Record<string, string | boolean> = {};
  for (const [name, param] of Object.entries(spec.params)) {
    const value = ownValue(params, name);
    if (param.type === 'flag') {
      if (value !== undefined && typeof value !== 'boolean') throw new RunRefusal(`parameter "${name}" is a flag: true or false`);
      values[name] = value === true;
      continue;
    }
    if (typeof value !== 'string' || value === '') throw new RunRefusal(`parameter "${name}" is required`);
    if (value.startsWith('-')) throw new RunRefusal(`parameter "${name}" may not start with "-" (it would read as an option)`);
    if (CONTROL.test(value)) throw new RunRefusal(`parameter "${name}" contains control characters`);
    if (param.type === 'service' && !services.includes(value)) throw new RunRefusal(`parameter "${name}": "${value}" is not a service of this config`);
    if (param.type === 'choice' && !param.choices.includes(value)) {
      throw new RunRefusal(`parameter "${name}": "${value}" is not one of ${param.choices.join(', ')}`);
    }
    if (param.type === 'text') {
      if (value.length > param.maxLength) throw new RunRefusal(`parameter "${name}" is longer than ${param.maxLength} characters`);
      const compiled = compileWholeMatch(param.pattern);
      if (!compiled.ok) throw new RunRefusal(`parameter "${name}" has a pattern that cannot be matched: ${compiled.reason}`);
      if (!compiled.pattern.test(value)) throw new RunRefusal(`parameter "${name}" does not match ${param.pattern}`);
    }
    values[name] = value;
  }
  return values;
}

export function buildCommand(spec: ActionSpec, request: Pick<RunRequest, 'params' | 'dryRun'>, ctx: BuildContext): BuiltCommand {
  if (request.dryRun && !spec.dryRunArgv) throw new RunRefusal('this action has no dry run');
  const values = checkParams(spec, request.params, ctx.services);
  const template = request.dryRun ? spec.dryRunArgv! : spec.argv;
  const argv: string[] = [];
  for (const element of template) {
    const whole = /^\{([a-z][a-z0-9-]*)\}$/.exec(element);
    const flag = whole && spec.params[whole[1]!]?.type === 'flag' ? spec.params[whole[1]!] : undefined;
    if (flag?.type === 'flag') {
      if (values[whole![1]!] === true) argv.push(flag.flag);
      continue;
    }
    argv.push(element.replace(PLACEHOLDER, (_, name: string) => String(values[name])));
  }

  const env: Record<string, string> = baseEnvironment(ctx.env);
  const secrets: string[] = [];
  for (const [name, source] of Object.entries(spec.env)) {
    const value = ctx.env[source];
    if (value === undefined || value === '') throw new RunRefusal(`secret ${source} is not set in Warroom's environment`);
    env[name] = value;
    secrets.push(value);
  }
  Object.assign(env, ctx.context);
  if (argv[0] === 'node') {
    argv[0] = ctx.nodePath;
    if (ctx.electron) env.ELECTRON_RUN_AS_NODE = '1';
  } else if (argv[0]!.includes('/') && !isAbsolute(argv[0]!)) {
    argv[0] = resolve(ctx.configDir, argv[0]!);
  }
  return { argv, cwd: spec.cwd ? resolve(ctx.configDir, spec.cwd) : ctx.configDir, env, secrets };
}

/** What a script needs to run like it would in a terminal, and nothing that could leak. */
export function baseEnvironment(env: NodeJS.ProcessEnv): Record<string, string> {
  const base: Record<string, string> = { FORCE_COLOR: '1', TERM: 'xterm-256color' };
  for (const name of ['PATH', 'HOME', 'LANG', 'LC_ALL', 'TZ', 'TMPDIR', 'SystemRoot', 'USERPROFILE']) {
    const value = env[name];
    if (value) base[name] = value;
  }
  return base;
}
