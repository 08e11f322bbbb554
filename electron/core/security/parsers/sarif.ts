/**
 * SARIF 2.1.0 from any tool: several runs per file; rules in the driver and in extensions (found
 * by ruleIndex, rule.index + toolComponent, or id); levels from the result, else the rule's
 * defaultConfiguration; `security-severity` and `tags` (CWE) from the result's or the rule's
 * properties; fingerprints/partialFingerprints; in-source and external suppressions; file URIs
 * resolved through uriBaseId/originalUriBaseIds and made relative to the scan root.
 */
import type { Confidence, FindingKind, ParsedFinding, ParsedReport } from '../../../../shared/domain/security.js';
import { contextFingerprint, redact, secretFingerprint, sha256, toolFingerprint, type Region } from './fingerprint.js';
import { clipOrNull, finding } from './finding.js';
import { field, integer, isRecord, list, record, text, type JsonRecord } from './json-value.js';
import { codeContext, noteLocation, plural, secretIn, type ParseContext } from './parse-context.js';
import { ReportProblem } from './report-error.js';
import { scanPathOfUri, type ScanPath } from './scan-paths.js';
import { confidenceFrom, isSarifLevel, parseSecuritySeverity, severityFromSarifLevel, severityFromScore, type SarifLevel } from './severity.js';
import { splitLines } from './source-files.js';

/** Tools whose every result is an exposed secret. */
const SECRET_TOOLS = new Set(['gitleaks', 'secretlint', 'trufflehog', 'detect-secrets', 'ggshield', 'noseyparker', 'kingfisher', 'talisman']);
const ADVISORY_ID = /^(CVE-\d{4}-\d+|GHSA(-[0-9a-z]{4}){3}|RUSTSEC-\d{4}-\d+|PYSEC-\d{4}-\d+|GO-\d{4}-\d+|OSV-\d{4}-\d+)$/i;

export function parseSarif(report: unknown, ctx: ParseContext): ParsedReport {
  const root = record(report);
  const version = text(field(root, 'version'));
  const schema = text(field(root, '$schema')) ?? '';
  if (version !== '2.1.0' && !(version === undefined && /sarif-2\.1\.0|2\.1\.0/.test(schema))) {
    throw new ReportProblem(version === undefined ? 'not SARIF 2.1.0: the report has no "version"' : `SARIF version ${version} is not supported (expected 2.1.0)`);
  }
  const runs = list(field(root, 'runs'));
  if (runs === undefined) throw new ReportProblem('not SARIF: no "runs" array');
  const tools: ParsedReport['tools'] = [];
  const findings: ParsedFinding[] = [];
  const warnings: string[] = [];
  runs.forEach((run, index) => {
    const parsed = parseRun(record(run), index, ctx);
    tools.push({ tool: parsed.tool, version: parsed.version });
    findings.push(...parsed.findings);
    if (parsed.skipped > 0) warnings.push(`${parsed.tool}: ${parsed.skipped} ${plural(parsed.skipped, 'result', 'results')} of kind pass or notApplicable skipped`);
  });
  if (tools.length === 0) throw new ReportProblem('SARIF with no runs: nothing says which tool ran');
  return { format: 'sarif', tools, findings, warnings };
}

interface RuleTable {
  driver: readonly unknown[];
  extensions: readonly (readonly unknown[])[];
  byId: Map<string, JsonRecord>;
}

function parseRun(run: JsonRecord | undefined, index: number, ctx: ParseContext) {
  const toolObject = record(field(run, 'tool'));
  const driver = record(field(toolObject, 'driver'));
  const tool = text(field(driver, 'name'));
  if (run === undefined || tool === undefined || tool.trim() === '') throw new ReportProblem(`SARIF run ${index + 1} has no tool.driver.name`);
  const version = text(field(driver, 'version')) ?? text(field(driver, 'semanticVersion')) ?? null;
  const rules = ruleTable(driver, list(field(toolObject, 'extensions')) ?? []);
  const artifacts = list(field(run, 'artifacts')) ?? [];
  const baseIds = record(field(run, 'originalUriBaseIds'));
  const info: RunInfo = { tool, version, rules, artifacts, baseIds, ruleFacts: new Map(), paths: new Map() };
  const findings: ParsedFinding[] = [];
  let skipped = 0;
  for (const item of list(field(run, 'results')) ?? []) {
    const result = record(item);
    if (result === undefined) continue;
    const resultKind = text(field(result, 'kind'));
    if (resultKind === 'pass' || resultKind === 'notApplicable') {
      skipped += 1;
      continue;
    }
    findings.push(parseResult(result, info, ctx));
  }
  return { tool, version, findings, skipped };
}

function ruleTable(driver: JsonRecord | undefined, extensions: readonly unknown[]): RuleTable {
  const driverRules = list(field(driver, 'rules')) ?? [];
  const extensionRules = extensions.map((extension) => list(field(record(extension), 'rules')) ?? []);
  const byId = new Map<string, JsonRecord>();
  for (const rules of [driverRules, ...extensionRules]) {
    for (const rule of rules) {
      const id = text(field(record(rule), 'id'));
      if (id !== undefined && isRecord(rule) && !byId.has(id)) byId.set(id, rule);
    }
  }
  return { driver: driverRules, extensions: extensionRules, byId };
}

function ruleOf(result: JsonRecord, rules: RuleTable): JsonRecord | undefined {
  const reference = record(field(result, 'rule'));
  const ruleIndex = integer(field(result, 'ruleIndex')) ?? integer(field(reference, 'index'));
  const component = record(field(reference, 'toolComponent'));
  const componentIndex = integer(field(component, 'index'));
  if (ruleIndex !== undefined) {
    const table = componentIndex !== undefined ? rules.extensions[componentIndex] : rules.driver;
    const rule = record(table?.[ruleIndex]);
    if (rule !== undefined) return rule;
  }
  const id = text(field(result, 'ruleId')) ?? text(field(reference, 'id'));
  return id === undefined ? undefined : rules.byId.get(id);
}

interface RunInfo {
  tool: string;
  version: string | null;
  rules: RuleTable;
  artifacts: readonly unknown[];
  baseIds: JsonRecord | undefined;
  /** What a rule says, worked out once per rule (a report has thousands of results per rule). */
  ruleFacts: Map<JsonRecord | undefined, RuleFacts>;
  /** Locations worked out once per artifact reference. */
  paths: Map<string, ScanPath | null>;
}

interface RuleFacts {
  tags: string[];
  securitySeverity: number | null;
  precision: Confidence | null;
  advice: string | null;
  helpUri: string | null;
  cwe: string[];
}

function factsOf(rule: JsonRecord | undefined, run: RunInfo): RuleFacts {
  const known = run.ruleFacts.get(rule);
  if (known !== undefined) return known;
  const properties = record(field(rule, 'properties'));
  const tags = stringList(field(properties, 'tags'));
  const facts: RuleFacts = {
    tags,
    securitySeverity: parseSecuritySeverity(field(properties, 'security-severity')),
    precision: confidenceFrom(field(properties, 'precision')),
    advice: clipOrNull(text(field(record(field(rule, 'help')), 'text')) ?? text(field(record(field(rule, 'fullDescription')), 'text')), 4000),
    helpUri: text(field(rule, 'helpUri')) ?? null,
    cwe: cweOf(tags, rule),
  };
  run.ruleFacts.set(rule, facts);
  return facts;
}

function parseResult(result: JsonRecord, run: RunInfo, ctx: ParseContext): ParsedFinding {
  const rule = ruleOf(result, run.rules);
  const facts = factsOf(rule, run);
  const ruleId = text(field(result, 'ruleId')) ?? text(field(record(field(result, 'rule')), 'id')) ?? text(field(rule, 'id')) ?? 'unknown-rule';
  const resultProperties = record(field(result, 'properties'));
  const ownTags = stringList(field(resultProperties, 'tags'));
  const tags = ownTags.length === 0 ? facts.tags : [...ownTags, ...facts.tags];
  const kind = kindOf(run.tool, ruleId, tags);

  // SARIF's default level is warning; a secret tool that states none still found an exposed secret.
  const level = levelOf(result, rule) ?? (kind === 'secret' ? 'error' : 'warning');
  const score = parseSecuritySeverity(field(resultProperties, 'security-severity')) ?? facts.securitySeverity;
  const severity = score !== null ? severityFromScore(score) : severityFromSarifLevel(level, kind);
  const toolSeverity = score !== null ? `${level} (security-severity ${score})` : level;
  const confidence: Confidence | null = confidenceFrom(field(resultProperties, 'precision')) ?? facts.precision;

  const physical = record(field(record(list(field(result, 'locations'))?.[0]), 'physicalLocation'));
  const path = physical === undefined ? null : pathOf(record(field(physical, 'artifactLocation')), run, ctx);
  const regionObject = record(field(physical, 'region'));
  const region = regionOf(regionObject);
  if (path === null) ctx.counts.withoutLocation += 1;
  else noteLocation(ctx, path);
  const snippet = text(field(record(field(regionObject, 'snippet')), 'text')) ?? text(field(record(field(record(field(physical, 'contextRegion')), 'snippet')), 'text'));

  const message = messageOf(result, rule);
  const identity = { kind, tool: run.tool, ruleId, file: path?.file ?? '' };
  const secret = kind === 'secret' ? secretIn(ctx, path, region, snippet === undefined ? {} : { snippet }) : null;
  let fingerprint: string;
  let context: string | null = null;
  if (secret !== null && path !== null) fingerprint = secretFingerprint(path.file, secret.valueHash);
  else {
    const own = ownFingerprint(result);
    context = codeContext(ctx, path, region, snippet === undefined ? null : splitLines(snippet));
    fingerprint = own !== null ? toolFingerprint(identity, own.key, own.value) : contextFingerprint(identity, context ?? `message:${message}`);
  }

  return finding({
    fingerprint,
    kind,
    tool: run.tool,
    toolVersion: run.version,
    ruleId,
    title: redact(message, secret),
    severity,
    toolSeverity,
    confidence,
    location:
      path === null
        ? null
        : {
            file: path.file,
            line: region?.startLine ?? null,
            column: region?.startColumn ?? null,
            // Never a hash of a secret's line: only code's.
            snippetHash: kind === 'secret' || context === null ? null : sha256(context),
          },
    package: null,
    cwe: withSecretCwe(kind, ownTags.length === 0 ? facts.cwe : cweOf(tags, rule)),
    cve: [...new Set([ruleId, ...tags].filter((id) => ADVISORY_ID.test(id)).map((id) => id.toUpperCase()))],
    advice: facts.advice,
    helpUri: facts.helpUri,
    maskedPreview: secret?.maskedPreview ?? null,
    suppression: suppressionOf(result),
  });
}

function stringList(value: unknown): string[] {
  return (list(value) ?? []).filter((item): item is string => typeof item === 'string');
}

function kindOf(tool: string, ruleId: string, tags: readonly string[]): FindingKind {
  if (SECRET_TOOLS.has(tool.toLowerCase()) || tags.some((tag) => /^(security\/)?secrets?$/i.test(tag))) return 'secret';
  if (ADVISORY_ID.test(ruleId)) return 'dependency';
  return 'code';
}

/** The level the result or its rule states, or null when neither does. */
function levelOf(result: JsonRecord, rule: JsonRecord | undefined): SarifLevel | null {
  const own = field(result, 'level');
  if (isSarifLevel(own)) return own;
  const kind = text(field(result, 'kind'));
  if (kind !== undefined && kind !== 'fail') return 'none';
  const fallback = field(record(field(rule, 'defaultConfiguration')), 'level');
  return isSarifLevel(fallback) ? fallback : null;
}

/** The message text; a message given by id is looked up in the rule's messageStrings with its arguments. */
function messageOf(result: JsonRecord, rule: JsonRecord | undefined): string {
  const message = record(field(result, 'message'));
  const direct = text(field(message, 'text')) ?? text(field(message, 'markdown'));
  const id = text(field(message, 'id'));
  const template = direct ?? (id === undefined ? undefined : text(field(record(field(record(field(rule, 'messageStrings')), id)), 'text')));
  const args = stringList(field(message, 'arguments'));
  const filled = template?.replace(/\{(\d+)\}/g, (whole, n: string) => args[Number(n)] ?? whole);
  return filled ?? text(field(record(field(rule, 'shortDescription')), 'text')) ?? text(field(rule, 'name')) ?? '';
}

function pathOf(artifactLocation: JsonRecord | undefined, run: RunInfo, ctx: ParseContext): ScanPath | null {
  const key = JSON.stringify([text(field(artifactLocation, 'uri')) ?? null, text(field(artifactLocation, 'uriBaseId')) ?? null, integer(field(artifactLocation, 'index')) ?? null]);
  const known = run.paths.get(key);
  if (known !== undefined) return known;
  const path = resolvePath(artifactLocation, run, ctx);
  run.paths.set(key, path);
  return path;
}

function resolvePath(artifactLocation: JsonRecord | undefined, run: RunInfo, ctx: ParseContext): ScanPath | null {
  let location = artifactLocation;
  if (text(field(location, 'uri')) === undefined) {
    const index = integer(field(location, 'index'));
    location = index === undefined ? undefined : record(field(record(run.artifacts[index]), 'location'));
  }
  const uri = text(field(location, 'uri'));
  if (uri === undefined) return null;
  return scanPathOfUri(resolveUri(uri, text(field(location, 'uriBaseId')), run.baseIds, 0), ctx.scanRoot);
}

/**
 * A URI resolved against its uriBaseId through originalUriBaseIds (which may chain). A base id
 * the run does not define (flawfinder's SRCROOT) means the scan root: the URI stays relative.
 */
function resolveUri(uri: string, baseId: string | undefined, baseIds: JsonRecord | undefined, depth: number): string {
  if (baseId === undefined || depth > 10 || /^[a-z][a-z0-9+.-]*:/i.test(uri)) return uri;
  const base = record(field(baseIds, baseId));
  const baseUri = text(field(base, 'uri'));
  if (baseUri === undefined) return uri;
  const resolvedBase = resolveUri(baseUri, text(field(base, 'uriBaseId')), baseIds, depth + 1);
  if (/^[a-z][a-z0-9+.-]*:/i.test(resolvedBase)) return new URL(uri, resolvedBase.endsWith('/') ? resolvedBase : `${resolvedBase}/`).href;
  const joined = `${resolvedBase.replace(/\/?$/, '/')}${uri}`;
  return joined;
}

function regionOf(region: JsonRecord | undefined): Region | null {
  const startLine = integer(field(region, 'startLine'));
  if (startLine === undefined || startLine < 1) return null;
  const positive = (value: number | undefined) => (value !== undefined && value >= 1 ? value : null);
  return {
    startLine,
    startColumn: positive(integer(field(region, 'startColumn'))),
    endLine: positive(integer(field(region, 'endLine'))),
    endColumn: positive(integer(field(region, 'endColumn'))),
  };
}

/** The tool's own fingerprint: `fingerprints` first, else `partialFingerprints`; the first key in sorted order. */
function ownFingerprint(result: JsonRecord): { key: string; value: string } | null {
  for (const name of ['fingerprints', 'partialFingerprints']) {
    const prints = record(field(result, name));
    if (prints === undefined) continue;
    const key = Object.keys(prints)
      .filter((k) => typeof prints[k] === 'string' && prints[k] !== '')
      .sort()[0];
    const value = key === undefined ? undefined : text(prints[key]);
    if (key !== undefined && value !== undefined) return { key: `${name}/${key}`, value };
  }
  return null;
}

/** A secret the tool tags with no CWE is still a hard-coded credential (CWE-798). */
function withSecretCwe(kind: FindingKind, ids: string[]): string[] {
  return kind === 'secret' && ids.length === 0 ? ['CWE-798'] : ids;
}

const CWE_TAG = /(?:^|[/:\s])cwe[-_/:]?0*(\d+)$/i;

function cweOf(tags: readonly string[], rule: JsonRecord | undefined): string[] {
  const ids = new Set<string>();
  for (const tag of tags) {
    const match = tag.match(CWE_TAG);
    if (match?.[1]) ids.add(`CWE-${match[1]}`);
  }
  // Taxonomy references (flawfinder): relationships whose target is in the CWE tool component.
  for (const relationship of list(field(rule, 'relationships')) ?? []) {
    const target = record(field(record(relationship), 'target'));
    const component = text(field(record(field(target, 'toolComponent')), 'name'));
    const match = text(field(target, 'id'))?.match(/^CWE-0*(\d+)$/i);
    if (component?.toUpperCase() === 'CWE' && match?.[1]) ids.add(`CWE-${match[1]}`);
  }
  return [...ids];
}

/** The first suppression that holds (status absent or accepted); underReview and rejected do not. */
function suppressionOf(result: JsonRecord): ParsedFinding['suppression'] {
  for (const item of list(field(result, 'suppressions')) ?? []) {
    const suppression = record(item);
    const kind = text(field(suppression, 'kind'));
    const status = text(field(suppression, 'status'));
    if ((kind === 'inSource' || kind === 'external') && (status === undefined || status === 'accepted')) {
      return { kind, justification: text(field(suppression, 'justification')) ?? null };
    }
  }
  return null;
}
