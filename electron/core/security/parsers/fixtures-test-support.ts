/**
 * The real scanner reports in fixtures/ (written by scripts/security-fixtures.sh), relocated to
 * this checkout: reports with absolute paths (eslint's file:// URIs, secretlint's filePath) name
 * the folder they were scanned in, recorded in fixtures/manifest.json.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseReport } from './index.js';
import type { ParsedReport, ReportFormat } from '../../../../shared/domain/security.js';

const here = dirname(fileURLToPath(import.meta.url));
export const fixturesDir = join(here, 'fixtures');
export const sampleRoot = resolve(here, '../../../../resources/rehearsal/vulnerable-sample');
export const movedRoot = join(fixturesDir, 'vulnerable-sample-moved');

interface Manifest {
  sampleRoot: string;
  movedRoot: string;
  versions: Record<string, string>;
}

function readManifest(): Manifest {
  const value: unknown = JSON.parse(readFileSync(join(fixturesDir, 'manifest.json'), 'utf8'));
  if (typeof value !== 'object' || value === null || !('sampleRoot' in value) || !('movedRoot' in value) || !('versions' in value)) {
    throw new Error('fixtures/manifest.json is not what scripts/security-fixtures.sh writes');
  }
  const { sampleRoot: recordedSample, movedRoot: recordedMoved, versions } = value;
  if (typeof recordedSample !== 'string' || typeof recordedMoved !== 'string' || typeof versions !== 'object' || versions === null) {
    throw new Error('fixtures/manifest.json: sampleRoot, movedRoot or versions malformed');
  }
  return { sampleRoot: recordedSample, movedRoot: recordedMoved, versions: Object.fromEntries(Object.entries(versions).map(([k, v]) => [k, String(v)])) };
}

export const manifest = readManifest();

function relocate(text: string, from: string, to: string): string {
  return text.split(encodeURI(from)).join(encodeURI(to)).split(from).join(to);
}

/** A fixture's text with the recorded scan folders replaced by this checkout's. */
export function fixtureText(name: string): string {
  const raw = readFileSync(join(fixturesDir, name), 'utf8');
  return relocate(relocate(raw, manifest.movedRoot, movedRoot), manifest.sampleRoot, sampleRoot);
}

/** Parses a fixture as the register would: scan root the sample (or its moved variant). */
export function parseFixture(name: string, options: { format?: ReportFormat; moved?: boolean } = {}): ParsedReport {
  return parseReport({ text: fixtureText(name), fileName: name, scanRoot: options.moved ? movedRoot : sampleRoot, format: options.format });
}
