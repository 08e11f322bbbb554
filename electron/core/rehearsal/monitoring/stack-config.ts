/**
 * The rehearsal monitoring stack's configuration files, written for one start: the bundled
 * templates (resources/rehearsal/monitoring/) with the ports, intervals, Alertmanager and Warroom
 * this start really uses. The templates are valid as they stand (promtool checks them in a test);
 * this only replaces values, structurally, never by text substitution.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';

export const MONITORING_FILES = { prometheus: 'prometheus.yml', rules: 'alert-rules.yml', alertmanager: 'alertmanager.yml' } as const;

export interface StackConfigInput {
  /** resources/rehearsal/monitoring */
  templateDir: string;
  /** Platform service id → its port on 127.0.0.1. */
  servicePorts: Readonly<Record<string, number>>;
  alertmanagerPort: number;
  /** Warroom's web shell to scrape (/metrics), with the bearer token it needs; absent: the template's target. */
  warroom?: { url: string; token?: string | undefined } | undefined;
  scrapeIntervalMs: number;
  evaluationIntervalMs: number;
  /** Replaces every rule's `for:` (a fast rehearsal, tests); absent: the rules' own. */
  alertForMs?: number | undefined;
}

export interface StackConfigFiles {
  prometheus: string;
  rules: string;
  alertmanager: string;
}

type YamlObject = Record<string, unknown>;

export function renderStackConfig(input: StackConfigInput): StackConfigFiles {
  const prometheus = readYaml(join(input.templateDir, MONITORING_FILES.prometheus));
  const global = objectAt(prometheus, 'global');
  global.scrape_interval = seconds(input.scrapeIntervalMs);
  global.evaluation_interval = seconds(input.evaluationIntervalMs);
  // A scrape must finish within its interval.
  global.scrape_timeout = seconds(Math.min(input.scrapeIntervalMs, 10_000));
  prometheus.alerting = { alertmanagers: [{ static_configs: [{ targets: [`127.0.0.1:${input.alertmanagerPort}`] }] }] };

  const scrapeConfigs = arrayAt(prometheus, 'scrape_configs');
  const services = scrapeConfigs.find((job) => job.job_name === 'rehearsal-services');
  if (!services) throw new Error(`${MONITORING_FILES.prometheus}: no scrape job "rehearsal-services"`);
  services.static_configs = Object.entries(input.servicePorts)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([service, port]) => ({ targets: [`127.0.0.1:${port}`], labels: { service } }));

  const warroomIndex = scrapeConfigs.findIndex((job) => job.job_name === 'warroom');
  if (input.warroom) {
    const url = new URL(input.warroom.url);
    const job: YamlObject = {
      job_name: 'warroom',
      scheme: url.protocol.replace(':', ''),
      metrics_path: `${url.pathname.replace(/\/+$/, '')}/metrics`,
      static_configs: [{ targets: [url.host] }],
      ...(input.warroom.token ? { authorization: { type: 'Bearer', credentials: input.warroom.token } } : {}),
    };
    if (warroomIndex >= 0) scrapeConfigs[warroomIndex] = job;
    else scrapeConfigs.push(job);
  } else if (warroomIndex >= 0) {
    scrapeConfigs.splice(warroomIndex, 1);
  }

  const rules = readYaml(join(input.templateDir, MONITORING_FILES.rules));
  if (input.alertForMs !== undefined) {
    for (const group of arrayAt(rules, 'groups')) for (const rule of arrayAt(group, 'rules')) if ('alert' in rule) rule.for = seconds(input.alertForMs);
  }
  return {
    prometheus: stringify(prometheus),
    rules: stringify(rules),
    alertmanager: readFileSync(join(input.templateDir, MONITORING_FILES.alertmanager), 'utf8'),
  };
}

function readYaml(path: string): YamlObject {
  const value: unknown = parse(readFileSync(path, 'utf8'));
  if (!isObject(value)) throw new Error(`${path}: expected a YAML mapping at the top`);
  return value;
}

function objectAt(parent: YamlObject, key: string): YamlObject {
  const value = parent[key];
  if (isObject(value)) return value;
  const fresh: YamlObject = {};
  parent[key] = fresh;
  return fresh;
}

/** The list itself (changes to it stay in the document); every item must be a mapping. */
function arrayAt(parent: YamlObject, key: string): YamlObject[] {
  const value: unknown = parent[key];
  if (!Array.isArray(value) || !value.every(isObject)) throw new Error(`expected a list of mappings at "${key}"`);
  return value;
}

function isObject(value: unknown): value is YamlObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Prometheus durations: whole seconds, or milliseconds below one. */
function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}
