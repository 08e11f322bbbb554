/**
 * Reading untyped JSON without casts: each accessor answers the value when it has the expected
 * type, else undefined. Reports come from many tools and versions; a parser checks what it needs
 * and names what is missing instead of trusting a shape.
 */
import { ReportProblem } from './report-error.js';

export type JsonRecord = { readonly [key: string]: unknown };

export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function record(value: unknown): JsonRecord | undefined {
  return isRecord(value) ? value : undefined;
}

export function list(value: unknown): readonly unknown[] | undefined {
  return Array.isArray(value) ? value : undefined;
}

export function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function integer(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) ? value : undefined;
}

/** An own property (never an inherited one such as "constructor"). */
export function field(object: JsonRecord | undefined, key: string): unknown {
  return object !== undefined && Object.hasOwn(object, key) ? object[key] : undefined;
}

/**
 * JSON.parse with the problem said the way a person fixing the report needs it: empty, cut off
 * (the parser ran out of text: a scanner killed mid-write), or not JSON at line:column.
 */
export function parseJson(input: string): unknown {
  if (input.trim() === '') throw new ReportProblem('the file is empty');
  try {
    const value: unknown = JSON.parse(input);
    return value;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const position = Number(reason.match(/at position (\d+)/)?.[1] ?? NaN);
    const atEnd = Number.isFinite(position) && position >= input.trimEnd().length;
    if (atEnd || /end of (JSON )?input|unterminated string/i.test(reason)) {
      throw new ReportProblem(`truncated JSON: the document ends before it is complete (${input.length} characters read)`);
    }
    throw new ReportProblem(Number.isFinite(position) ? `not JSON at ${lineAndColumn(input, position)} (${reason})` : `not JSON (${reason})`);
  }
}

function lineAndColumn(input: string, position: number): string {
  const before = input.slice(0, position);
  const line = before.split('\n').length;
  return `line ${line}, column ${position - before.lastIndexOf('\n')}`;
}
