/**
 * `npm audit --json` of npm 7 and later (auditReportVersion 2). npm lists every affected package;
 * Warroom makes one finding per advisory at the package it is about, and tells in its advice the
 * chain of packages (`effects`, up to a direct dependency) that pulls it in and the fix npm
 * offers (`fixAvailable`). Packages that are affected only through another (a `via` that is a
 * name) are those chains, not findings of their own.
 */
import type { ParsedFinding, ParsedReport } from '../../../../shared/domain/security.js';
import { dependencyFingerprint } from './fingerprint.js';
import { finding } from './finding.js';
import { field, integer, isRecord, list, record, text, type JsonRecord } from './json-value.js';
import { plural } from './parse-context.js';
import { ReportProblem } from './report-error.js';
import { severityFromNpmAudit } from './severity.js';

const MAX_CHAINS = 3;
const MAX_CHAIN_LENGTH = 8;

export function parseNpmAudit(report: unknown): ParsedReport {
  const root = record(report);
  const version = field(root, 'auditReportVersion');
  if (version === undefined && field(root, 'advisories') !== undefined) {
    throw new ReportProblem('npm audit report of npm 6 (no auditReportVersion) is not supported: run npm audit --json with npm 7 or later');
  }
  if (version !== 2) throw new ReportProblem(`npm audit auditReportVersion ${JSON.stringify(version ?? null)} is not supported (expected 2, npm 7 or later)`);
  const vulnerabilities = record(field(root, 'vulnerabilities'));
  if (root === undefined || vulnerabilities === undefined) throw new ReportProblem('not an npm audit report: no "vulnerabilities" object');

  const findings: ParsedFinding[] = [];
  for (const name of Object.keys(vulnerabilities)) {
    const entry = record(vulnerabilities[name]);
    if (entry === undefined) continue;
    for (const via of list(field(entry, 'via')) ?? []) {
      if (isRecord(via)) findings.push(advisoryFinding(name, entry, via, vulnerabilities));
    }
  }
  const warnings: string[] = [];
  const affected = Object.keys(vulnerabilities).length;
  if (affected !== findings.length) {
    warnings.push(`npm counts ${affected} affected ${plural(affected, 'package', 'packages')}; they come from ${findings.length} ${plural(findings.length, 'advisory', 'advisories')}, one finding each (the advice names the packages that pull it in)`);
  }
  return { format: 'npm-audit', tools: [{ tool: 'npm audit', version: null }], findings, warnings };
}

function advisoryFinding(name: string, entry: JsonRecord, via: JsonRecord, all: JsonRecord): ParsedFinding {
  const url = text(field(via, 'url')) ?? null;
  const ghsa = url?.match(/GHSA(-[0-9a-z]{4}){3}/i)?.[0]?.toUpperCase() ?? null;
  const source = integer(field(via, 'source'));
  const advisoryId = ghsa ?? (source === undefined ? (text(field(via, 'title')) ?? 'unknown-advisory') : `npm-advisory-${source}`);
  const severityWord = text(field(via, 'severity')) ?? text(field(entry, 'severity')) ?? 'info';
  const score = typeof field(record(field(via, 'cvss')), 'score') === 'number' ? Number(field(record(field(via, 'cvss')), 'score')) : null;
  const range = text(field(via, 'range')) ?? text(field(entry, 'range')) ?? null;
  const cwe = (list(field(via, 'cwe')) ?? []).filter((id): id is string => typeof id === 'string' && /^CWE-\d+$/.test(id));
  return finding({
    fingerprint: dependencyFingerprint(name, advisoryId),
    kind: 'dependency',
    tool: 'npm audit',
    toolVersion: null,
    ruleId: advisoryId,
    title: text(field(via, 'title')) ?? `${name}: ${advisoryId}`,
    severity: severityFromNpmAudit(severityWord),
    toolSeverity: score !== null && score > 0 ? `${severityWord} (CVSS ${score})` : severityWord,
    confidence: null,
    location: null,
    package: { name, installedVersion: null, vulnerableRange: range, fixedVersion: firstFixed(range) },
    cwe,
    cve: ghsa === null ? [] : [ghsa],
    advice: adviceFor(name, entry, all),
    helpUri: url,
    maskedPreview: null,
    suppression: null,
  });
}

/** The version a GitHub advisory range ends before (">=4.0.0 <4.3.1" → "4.3.1"), when it says so. */
function firstFixed(range: string | null): string | null {
  return range?.match(/<\s*(\d+\.\d+\.\d+[^\s|]*)\s*$/)?.[1] ?? null;
}

function adviceFor(name: string, entry: JsonRecord, all: JsonRecord): string {
  const chains = chainsToDirect(name, all);
  const installedAt = (list(field(entry, 'nodes')) ?? []).filter((n): n is string => typeof n === 'string');
  const pulledIn =
    field(entry, 'isDirect') === true
      ? `${name} is a direct dependency.`
      : chains.length > 0
        ? `${name} is pulled in by ${chains.map((chain) => chain.join(' ← ')).join('; ')}.`
        : `${name} is an indirect dependency.`;
  const fix = field(entry, 'fixAvailable');
  const fixObject = record(fix);
  const fixText =
    fix === true
      ? 'Fix: npm audit fix.'
      : fix === false
        ? 'No fix available yet.'
        : fixObject !== undefined
          ? `Fix: upgrade ${text(field(fixObject, 'name')) ?? name} to ${text(field(fixObject, 'version')) ?? 'a fixed version'}${field(fixObject, 'isSemVerMajor') === true ? ' (a semver-major change: npm audit fix --force)' : ''}.`
          : '';
  return [pulledIn, fixText, installedAt.length > 0 ? `Installed at ${installedAt.slice(0, 3).join(', ')}${installedAt.length > 3 ? ', …' : ''}.` : ''].filter(Boolean).join(' ');
}

/** Paths from a package up its `effects` to direct dependencies: "@vercel/fun ← vercel". */
function chainsToDirect(name: string, all: JsonRecord): string[][] {
  const chains: string[][] = [];
  const walk = (chain: string[]) => {
    if (chains.length >= MAX_CHAINS) return;
    const last = chain[chain.length - 1] ?? name;
    const effects = (list(field(record(field(all, last)), 'effects')) ?? []).filter((e): e is string => typeof e === 'string');
    const isDirect = field(record(field(all, last)), 'isDirect') === true;
    if (last !== name && (isDirect || effects.length === 0 || chain.length >= MAX_CHAIN_LENGTH)) {
      chains.push(isDirect ? [...chain.slice(0, -1), `${last} (direct)`] : chain);
      return;
    }
    for (const effect of effects) if (!chain.includes(effect) && effect !== name) walk([...chain, effect]);
  };
  walk([]);
  return chains;
}
