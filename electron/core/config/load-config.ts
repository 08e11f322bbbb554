/**
 * Reads warroom.yaml, parses it with positions kept, and validates it against the shared zod
 * schema. Every problem, YAML or schema, is reported as file:line:col: path: message.
 */
import { readFileSync } from 'node:fs';
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import type { Document, Node as YamlNode } from 'yaml';
import type { z } from 'zod';
import { ConfigSchema } from '../../../shared/domain/config.js';
import type { WarroomConfig } from '../../../shared/domain/config.js';
import { checkLoadConfig } from '../load/plan.js';
import { checkDrillFaults } from '../drills/check-faults.js';
import { ConfigError } from '../../../shared/util/config-error.js';
import type { ConfigIssue } from '../../../shared/util/config-error.js';
import { documentValue } from '../../../shared/util/yaml-aliases.js';

/** Largest config we read: a config is hand-written; anything bigger is a mistake. */
const MAX_CONFIG_BYTES = 2 * 1024 * 1024;

export interface LoadedConfig {
  config: WarroomConfig;
  path: string;
  /** True when this is the rehearsal config that ships with the app. */
  bundled: boolean;
}

export function loadConfigFile(path: string, options: { bundled?: boolean } = {}): LoadedConfig {
  let text: string;
  try {
    const buffer = readFileSync(path);
    if (buffer.byteLength > MAX_CONFIG_BYTES) {
      throw new ConfigError(path, [
        { file: path, line: 0, col: 0, path: '', message: `file is ${buffer.byteLength} bytes; the limit is ${MAX_CONFIG_BYTES}` },
      ]);
    }
    text = buffer.toString('utf8');
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (error as Error).message;
    throw new ConfigError(path, [{ file: path, line: 0, col: 0, path: '', message: `cannot read: ${reason}` }]);
  }
  return { config: parseConfigText(text, path), path, bundled: options.bundled ?? false };
}

/** Parses and validates config text; `file` is only used in messages. */
export function parseConfigText(text: string, file: string): WarroomConfig {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, col };
  };

  if (doc.errors.length > 0) {
    throw new ConfigError(
      file,
      doc.errors.map((error) => ({ file, ...at(error.pos[0]), path: '', message: yamlMessage(error.message) })),
    );
  }
  const value = documentValue(doc);
  if (!value.ok) throw new ConfigError(file, [{ file, ...at(value.offset), path: '', message: value.message }]);
  const data = value.value;
  if (data === null || data === undefined) {
    throw new ConfigError(file, [{ file, line: 1, col: 1, path: '', message: 'the file is empty: expected a mapping with version, name, environments and services' }]);
  }

  const result = ConfigSchema.safeParse(data);
  if (result.success) {
    // Templates and threshold expressions have a grammar of their own: the load engine checks them.
    const loadIssues = (result.data.load ? checkLoadConfig(result.data.load) : []).map((issue) => ({
      path: ['load', ...issue.path.split('.').filter(Boolean).map((part) => (/^\d+$/.test(part) ? Number(part) : part))],
      message: issue.message,
    }));
    // So have drills' fault steps: the same parser as `warroom rehearse fault`.
    const issues = [...loadIssues, ...checkDrillFaults(result.data)];
    if (issues.length === 0) return result.data;
    throw new ConfigError(
      file,
      issues.map(({ path, message }) => ({ file, ...at(nodeOffset(doc, path)), path: dotted(path), message })),
    );
  }
  throw new ConfigError(file, result.error.issues.flatMap((issue) => locateIssue(issue, doc, file, at)));
}

/** The yaml library's messages end with a code excerpt; keep the first line. */
function yamlMessage(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}

type Position = { line: number; col: number };

function locateIssue(
  issue: z.core.$ZodIssue,
  doc: Document,
  file: string,
  at: (offset: number) => Position,
): ConfigIssue[] {
  const path = issue.path.map((segment) => (typeof segment === 'symbol' ? String(segment) : segment));
  // An unknown key is reported once per key, at the key itself, so the user sees which line to fix.
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({
      file,
      ...at(keyOffset(doc, path, key) ?? nodeOffset(doc, path)),
      path: dotted([...path, key]),
      message: `unknown key "${key}"${suggestKey(key)}`,
    }));
  }
  return [{ file, ...at(nodeOffset(doc, path)), path: dotted(path), message: describeIssue(issue, doc, path) }];
}

/** Offset of the deepest node along `path` that exists in the document. */
function nodeOffset(doc: Document, path: (string | number)[]): number {
  for (let depth = path.length; depth >= 0; depth -= 1) {
    const node = doc.getIn(path.slice(0, depth), true) as YamlNode | undefined;
    if (node && typeof node === 'object' && 'range' in node && node.range) return node.range[0];
  }
  return 0;
}

function keyOffset(doc: Document, path: (string | number)[], key: string): number | undefined {
  const parent = path.length === 0 ? doc.contents : doc.getIn(path, true);
  if (!isMap(parent)) return undefined;
  for (const item of parent.items) {
    if (isPair(item) && isScalar(item.key) && item.key.value === key && item.key.range) return item.key.range[0];
  }
  return undefined;
}

function dotted(path: (string | number)[]): string {
  return path.map((segment, i) => (typeof segment === 'number' ? `[${segment}]` : i === 0 ? segment : `.${segment}`)).join('');
}

function describeIssue(issue: z.core.$ZodIssue, doc: Document, path: (string | number)[]): string {
  const node = doc.getIn(path, true);
  const missing = node === undefined && !hasKey(doc, path);
  if (missing && issue.code === 'invalid_type') return `missing: expected ${issue.expected}`;
  if (issue.code === 'invalid_type') return `expected ${issue.expected}, got ${describeNode(node)}`;
  if (issue.code === 'invalid_value') {
    return `expected ${issue.values.map((v) => JSON.stringify(v)).join(' or ')}, got ${describeNode(node)}`;
  }
  if (issue.code === 'invalid_union') {
    if (issue.message !== 'Invalid input') return issue.message; // the union's own words, given in its schema
    // The union members' own messages say more than "invalid input".
    const inner = issue.errors.flat().map((i) => i.message);
    const unique = [...new Set(inner)];
    return unique.length > 0 ? `expected ${unique.join(', or ')}` : issue.message;
  }
  return issue.message;
}

function hasKey(doc: Document, path: (string | number)[]): boolean {
  if (path.length === 0) return true;
  const parent = doc.getIn(path.slice(0, -1), true);
  const last = path[path.length - 1];
  if (isMap(parent)) return parent.has(last);
  if (isSeq(parent)) return typeof last === 'number' && last < parent.items.length;
  return false;
}

function describeNode(node: unknown): string {
  if (isScalar(node)) {
    const value = node.value;
    if (value === null) return 'nothing (null)';
    return `${typeof value} ${JSON.stringify(value)}`;
  }
  if (isMap(node)) return 'a mapping';
  if (isSeq(node)) return 'a list';
  return 'nothing';
}

function suggestKey(key: string): string {
  const known = KNOWN_KEYS.filter((k) => editDistance(k, key) <= 2);
  return known.length > 0 ? ` (did you mean "${known[0]}"?)` : '';
}

/** Keys that appear somewhere in the schema, for "did you mean" hints. */
const KNOWN_KEYS = [
  'version', 'name', 'defaultEnvironment', 'environments', 'services', 'probes', 'load', 'actions', 'runbooks',
  'board', 'security', 'label', 'production', 'description', 'baseUrl', 'tags', 'dependsOn', 'drills', 'steps', 'recovery', 'rehearsal',
];

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i += 1) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j += 1) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}
