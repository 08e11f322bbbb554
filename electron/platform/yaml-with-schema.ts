/**
 * YAML → zod with positions, for the platform's topology and scenario files: every problem, YAML,
 * schema or cross-check, is reported as file:line:col: path: message. It mirrors the position
 * logic of electron/config/load-config.ts (minus its warroom.yaml key hints); that file could
 * delegate to this one.
 */
import { readFileSync } from 'node:fs';
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import type { Document, Node as YamlNode } from 'yaml';
import type { z } from 'zod';
import { ConfigError } from '../../shared/util/config-error.js';
import type { ConfigIssue } from '../../shared/util/config-error.js';
import { documentValue } from '../../shared/util/yaml-aliases.js';

/** A hand-written file bigger than this is a mistake. */
const MAX_FILE_BYTES = 2 * 1024 * 1024;

type Segment = string | number;

/** A problem found after schema validation, located by its path in the document. */
export interface PathProblem {
  path: Segment[];
  message: string;
  /** Point at the key itself rather than its value (e.g. an id that refers to nothing). */
  atKey?: boolean;
}

/** Reads a small text file; a missing or oversized file is a ConfigError naming it. */
export function readSmallTextFile(path: string): string {
  let buffer: Buffer;
  try {
    buffer = readFileSync(path);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (error as Error).message;
    throw new ConfigError(path, [{ file: path, line: 0, col: 0, path: '', message: `cannot read: ${reason}` }]);
  }
  if (buffer.byteLength > MAX_FILE_BYTES) {
    throw new ConfigError(path, [{ file: path, line: 0, col: 0, path: '', message: `file is ${buffer.byteLength} bytes; the limit is ${MAX_FILE_BYTES}` }]);
  }
  return buffer.toString('utf8');
}

/**
 * Parses YAML text, validates it with `schema`, then runs `crossCheck` on the typed result.
 * Throws a ConfigError listing every problem with its position; `file` is used in messages only.
 */
export function parseYamlWithSchema<S extends z.ZodType>(
  text: string,
  file: string,
  schema: S,
  crossCheck?: (data: z.output<S>) => PathProblem[],
): z.output<S> {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number) => lineCounter.linePos(offset);

  if (doc.errors.length > 0) {
    throw new ConfigError(file, doc.errors.map((e) => ({ file, ...at(e.pos[0]), path: '', message: e.message.split('\n')[0]! })));
  }
  const value = documentValue(doc);
  if (!value.ok) throw new ConfigError(file, [{ file, ...at(value.offset), path: '', message: value.message }]);
  const data = value.value;
  if (data === null || data === undefined) {
    throw new ConfigError(file, [{ file, line: 1, col: 1, path: '', message: 'the file is empty: expected a mapping' }]);
  }
  const result = schema.safeParse(data);
  if (!result.success) {
    throw new ConfigError(file, result.error.issues.flatMap((issue) => locateIssue(issue, doc, file, at)));
  }
  const problems = crossCheck?.(result.data) ?? [];
  if (problems.length > 0) {
    throw new ConfigError(
      file,
      problems.map((p) => {
        const offset = (p.atKey ? keyOffsetAlong(doc, p.path) : undefined) ?? nodeOffset(doc, p.path);
        return { file, ...at(offset), path: dotted(p.path), message: p.message };
      }),
    );
  }
  return result.data;
}

function locateIssue(issue: z.core.$ZodIssue, doc: Document, file: string, at: (offset: number) => { line: number; col: number }): ConfigIssue[] {
  const path = issue.path.map((s) => (typeof s === 'symbol' ? String(s) : s));
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({
      file,
      ...at(keyOffsetAlong(doc, [...path, key]) ?? nodeOffset(doc, path)),
      path: dotted([...path, key]),
      message: `unknown key "${key}"`,
    }));
  }
  if (issue.code === 'invalid_key') {
    const inner = issue.issues.map((i) => i.message).join('; ');
    return [{ file, ...at(keyOffsetAlong(doc, path) ?? nodeOffset(doc, path)), path: dotted(path), message: `invalid key: ${inner}` }];
  }
  return [{ file, ...at(nodeOffset(doc, path)), path: dotted(path), message: describeIssue(issue, doc, path) }];
}

/** Offset of the deepest node along `path` that exists in the document. */
function nodeOffset(doc: Document, path: Segment[]): number {
  for (let depth = path.length; depth >= 0; depth -= 1) {
    const node = doc.getIn(path.slice(0, depth), true) as YamlNode | undefined;
    if (node && typeof node === 'object' && 'range' in node && node.range) return node.range[0];
  }
  return 0;
}

/** Offset of the last key of `path` inside its parent mapping. */
function keyOffsetAlong(doc: Document, path: Segment[]): number | undefined {
  const key = path[path.length - 1];
  const parentPath = path.slice(0, -1);
  const parent = parentPath.length === 0 ? doc.contents : doc.getIn(parentPath, true);
  if (!isMap(parent)) return undefined;
  for (const item of parent.items) {
    if (isPair(item) && isScalar(item.key) && String(item.key.value) === String(key) && item.key.range) return item.key.range[0];
  }
  return undefined;
}

function dotted(path: Segment[]): string {
  return path.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
}

function describeIssue(issue: z.core.$ZodIssue, doc: Document, path: Segment[]): string {
  const node = doc.getIn(path, true);
  if (issue.code === 'invalid_type') {
    return node === undefined && !hasKey(doc, path) ? `missing: expected ${issue.expected}` : `expected ${issue.expected}, got ${describeNode(node)}`;
  }
  if (issue.code === 'invalid_value') return `expected ${issue.values.map((v) => JSON.stringify(v)).join(' or ')}, got ${describeNode(node)}`;
  if (issue.code === 'invalid_union') {
    // The members' own messages say more than "invalid input".
    const unique = [...new Set(issue.errors.flat().map((i) => i.message))];
    return unique.length > 0 ? `expected ${unique.join(', or ')}` : issue.message;
  }
  return issue.message;
}

function hasKey(doc: Document, path: Segment[]): boolean {
  if (path.length === 0) return true;
  const parent = doc.getIn(path.slice(0, -1), true);
  const last = path[path.length - 1];
  if (isMap(parent)) return parent.has(last);
  if (isSeq(parent)) return typeof last === 'number' && last < parent.items.length;
  return false;
}

function describeNode(node: unknown): string {
  if (isScalar(node)) return node.value === null ? 'nothing (null)' : `${typeof node.value} ${JSON.stringify(node.value)}`;
  if (isMap(node)) return 'a mapping';
  if (isSeq(node)) return 'a list';
  return 'nothing';
}
