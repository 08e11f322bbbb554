/** A stored run as a downloadable report: HTML, CSV or JSON, with a file name that says what it is. */
import type { z } from 'zod';
import type { LoadReportSchema, LoadRunRecord } from '../../../../shared/domain/load-runs.js';
import type { LoadRunsRepo } from '../../store/repos/load-runs-repo.js';
import { renderCsv } from './csv-report.js';
import { fileStamp } from './report-time.js';
import { htmlReportPage, renderHtmlReport } from './html-report.js';
import type { ReportPage } from './report-page.js';
import { renderJson } from './json-report.js';
import type { ReportContext } from './baseline-section.js';
import type { RunResource } from '../../../../shared/domain/monitoring.js';

export type LoadReport = z.infer<typeof LoadReportSchema>;
export type LoadReportFormat = 'html' | 'csv' | 'json';

const MIME: Record<LoadReportFormat, string> = {
  html: 'text/html; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  json: 'application/json',
};

/** `warroom-load-<profile>-<runId>-<yyyymmdd-hhmm>.<ext>`, the time being the start in UTC. */
export function reportFilename(run: LoadRunRecord, format: LoadReportFormat): string {
  // Profiles are ids, but a quick-mode label is free text: keep the name safe on every OS.
  const profile = run.profile.replace(/[^A-Za-z0-9_.-]+/g, '_').replace(/^[._]+/, '').slice(0, 60) || 'run';
  return `warroom-load-${profile}-${run.id}-${fileStamp(run.startedAt)}.${format}`;
}

/** The HTML report's parts of a stored run, unframed (a suite report embeds them); throws when there is no such run. */
export function loadReportPage(
  repo: Pick<LoadRunsRepo, 'get' | 'series' | 'endpointStats' | 'ticks'>,
  runId: number,
  context?: ReportContext,
  resources?: readonly RunResource[],
): ReportPage {
  const run = repo.get(runId);
  if (!run) throw new Error(`no load run ${runId}`);
  return htmlReportPage(run, repo.series(runId), repo.endpointStats(runId), run.summary ? undefined : repo.ticks(runId), context, resources);
}

/** Renders a stored run; throws when there is no such run (callers check first). */
export function loadReport(
  repo: Pick<LoadRunsRepo, 'get' | 'series' | 'endpointStats' | 'ticks'>,
  runId: number,
  format: LoadReportFormat,
  context?: ReportContext,
  /** Resources sampled during the run (monitoring.resources), for the HTML and JSON reports. */
  resources?: readonly RunResource[],
): LoadReport {
  const run = repo.get(runId);
  if (!run) throw new Error(`no load run ${runId}`);
  const series = repo.series(runId);
  const stats = repo.endpointStats(runId);
  const content =
    format === 'csv'
      ? renderCsv(run, series, stats)
      : format === 'json'
        ? renderJson(run, series, stats, resources)
        : // Only a run without a summary needs its ticks (verdicts and endpoints rebuilt from seconds).
          renderHtmlReport(run, series, stats, run.summary ? undefined : repo.ticks(runId), context, resources);
  return { filename: reportFilename(run, format), mime: MIME[format], content };
}
