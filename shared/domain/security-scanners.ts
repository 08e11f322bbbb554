/**
 * Scanners as configured commands (`security.scanners` in warroom.yaml) and their runs: argv
 * without a shell, where the report goes (stdout, a file, or a folder a wrapper script fills),
 * and what a run stored. The report decides a run's result, never the exit code.
 */
import { z } from 'zod';
import { DurationSchema } from './duration.js';
import { IdSchema } from './ids.js';
import { ReportFormatSchema } from './security.js';

const RelativePathSchema = z
  .string()
  .min(1)
  .max(4096)
  .refine((path) => !path.includes('\0'), { error: 'a path cannot contain a NUL byte' });

/**
 * Where the scanner puts its report: its stdout, one file, or a folder (every *.sarif / *.json a
 * wrapper script wrote there during the run is imported). Paths are relative to the scanner's cwd.
 */
export const ScannerOutputSchema = z.union([
  z.literal('stdout'),
  z.strictObject({ file: RelativePathSchema.meta({ description: 'The report file the scanner writes, relative to its cwd.' }) }),
  z.strictObject({ folder: RelativePathSchema.meta({ description: 'A folder the scanner (a wrapper script) writes every report into, relative to its cwd.' }) }),
], { error: 'expected "stdout", { file: PATH } or { folder: PATH }' });
export type ScannerOutput = z.infer<typeof ScannerOutputSchema>;

export const ScannerSpecSchema = z
  .strictObject({
    label: z.string().min(1).max(80).optional().meta({ description: 'Name shown in the app (default: the id).' }),
    /** Never a shell string: argv[0] is the program (looked up in PATH; "node" is Warroom's node; a relative path is relative to the config file). */
    argv: z.array(z.string().min(1).max(4096)).min(1).max(200).meta({ description: 'The command, no shell: argv[0] is the program.' }),
    cwd: RelativePathSchema.optional().meta({ description: 'Working directory, relative to the config file (default: the config file\'s folder).' }),
    output: ScannerOutputSchema.default('stdout').meta({ description: '"stdout", {file: PATH} or {folder: PATH} (relative to cwd).' }),
    format: ReportFormatSchema.optional().meta({ description: 'The report format; detected from the report when omitted.' }),
    timeout: DurationSchema({ min: 1000, max: 6 * 3_600_000 }).default(600_000).meta({ description: 'Killed (the whole process tree) after this long, e.g. "5m".' }),
    environments: z.array(IdSchema).min(1).optional().meta({ description: 'Environments it runs in; default all.' }),
    scanRoot: RelativePathSchema.optional().meta({ description: 'The folder that is scanned, relative to cwd (default: cwd): report paths are made relative to it.' }),
    scope: z.string().min(1).max(200).optional().meta({ description: 'Re-scans compare with earlier scans of this scope (default: per tool and scan root).' }),
  })
  .meta({ description: 'A scanner Warroom runs: its report is parsed and imported into the register.' });
export type ScannerSpec = z.output<typeof ScannerSpecSchema>;

export const ScannersConfigSchema = z.record(IdSchema, ScannerSpecSchema);

/** Issues of scanners that name an environment the config does not declare. */
export function scannerEnvironmentIssues(scanners: Record<string, ScannerSpec> | undefined, envIds: readonly string[]): { path: (string | number)[]; message: string }[] {
  const issues: { path: (string | number)[]; message: string }[] = [];
  for (const [id, scanner] of Object.entries(scanners ?? {})) {
    (scanner.environments ?? []).forEach((env, index) => {
      if (!envIds.includes(env)) issues.push({ path: ['security', 'scanners', id, 'environments', index], message: `no environment "${env}" is declared` });
    });
  }
  return issues;
}

// ── runs ─────────────────────────────────────────────────────────────────────────────────────

/** running → ok (every report parsed and imported) | failed (no, empty or unreadable report; not started; timed out) | cancelled. */
export const ScanRunStatusSchema = z.enum(['running', 'ok', 'failed', 'cancelled']);
export type ScanRunStatus = z.infer<typeof ScanRunStatusSchema>;

/** Where a running scan is: the scanner runs, then its reports are read, then imported. */
export const ScanRunPhaseSchema = z.enum(['scanning', 'reading', 'importing', 'ended']);
export type ScanRunPhase = z.infer<typeof ScanRunPhaseSchema>;

export const ScanRunSchema = z.object({
  id: z.number().int().positive(),
  scannerId: z.string(),
  environment: z.string(),
  actor: z.string(),
  status: ScanRunStatusSchema,
  phase: ScanRunPhaseSchema,
  startedAt: z.number().int(),
  endedAt: z.number().int().nullable(),
  /** The scanner's exit code: recorded, never what decides the result. */
  exitCode: z.number().int().nullable(),
  signal: z.string().nullable(),
  /** Why it failed or was cancelled ("report not written: …", "dependency audit unavailable: …"), or how it exited. */
  reason: z.string().nullable(),
  /** Report files read (names relative to the scanner's cwd; "stdout" for stdout). */
  reports: z.array(z.string()),
  /** Register scans this run made: imported ones, or the failed scan it recorded. */
  scanIds: z.array(z.number().int()),
  /** What the import changed; null unless ok. */
  counts: z.object({ new: z.number().int(), fixed: z.number().int(), unchanged: z.number().int(), reopened: z.number().int() }).nullable(),
  outputBytes: z.number().int().nonnegative(),
  truncated: z.boolean(),
  /** sha256 of the stored output. */
  digest: z.string().nullable(),
});
export type ScanRun = z.infer<typeof ScanRunSchema>;

export const ScannerViewSchema = z.object({
  id: z.string(),
  label: z.string(),
  argv: z.array(z.string()),
  output: ScannerOutputSchema,
  format: ReportFormatSchema.nullable(),
  timeoutMs: z.number().int(),
  /** Whether it runs in the core's environment. */
  available: z.boolean(),
  environments: z.array(z.string()).nullable(),
  running: ScanRunSchema.nullable(),
  lastRun: ScanRunSchema.nullable(),
});
export type ScannerView = z.infer<typeof ScannerViewSchema>;

export const ScanOutputSchema = z.object({
  runId: z.number().int(),
  stream: z.enum(['stdout', 'stderr']),
  text: z.string(),
  at: z.number(),
});
