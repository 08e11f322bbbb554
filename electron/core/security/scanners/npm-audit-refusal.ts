/**
 * `npm audit --json` that the registry refused (no advisory endpoint, no lockfile, offline…)
 * prints an error object instead of a report. That is "dependency audit unavailable", never a
 * clean audit: this tells why, in npm's own words.
 */
import { readFileSync, statSync } from 'node:fs';

const MAX_ERROR_BYTES = 1024 * 1024;

/** npm's reason when the file holds npm's error JSON (and no audit report); null otherwise. */
export function npmAuditRefusal(file: string): string | null {
  let value: unknown;
  try {
    if (statSync(file).size > MAX_ERROR_BYTES) return null;
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
  if (!isRecord(value) || 'auditReportVersion' in value || 'vulnerabilities' in value || !isRecord(value.error)) return null;
  const code = typeof value.error.code === 'string' ? value.error.code : null;
  const summary = typeof value.error.summary === 'string' ? value.error.summary.trim() : '';
  const message = typeof value.message === 'string' ? value.message.trim() : '';
  const why = summary || message || (typeof value.error.detail === 'string' ? value.error.detail.trim() : '') || 'npm gave no reason';
  return code && !why.includes(code) ? `${code}: ${why}` : why;
}

/** npm's "npm error …" lines on stderr, when it printed no JSON at all. */
export function npmErrorLines(output: string): string | null {
  const lines = output
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => /^npm (error|ERR!)/.test(line) && !/complete log of this run/i.test(line))
    .map((line) => line.replace(/^npm (error|ERR!)\s*/, ''));
  return lines.length > 0 ? lines.slice(0, 3).join('; ') : null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
