/**
 * The HTML report of a suite run: ONE self-contained page with the suite's verdict, one row per
 * test (verdict, exceptions, headline figures) linking down to that test's whole report, which
 * follows in the same page. One file because a set of files that link each other breaks as soon
 * as they are saved apart (the desktop app asks where to save each download).
 */
import type { LoadSuiteRun } from '../../../../shared/domain/load-suites.js';
import { formatDuration } from '../../../../shared/format/durations.js';
import { formatInt, formatMs, formatPercent, formatRate } from '../../../../shared/format/numbers.js';
import type { LoadReport } from '../report/load-report.js';
import { fileStamp, formatTime } from '../report/report-time.js';
import { html, type Html } from '../report/html.js';
import { outcomeBox, renderReportPage, type ReportPage } from '../report/report-page.js';

const VERDICT_CLASS: Record<LoadSuiteRun['verdict']['verdict'], string> = { passed: 'passed', failed: 'failed', incomplete: 'interrupted', running: 'running' };
const VERDICT_MARK: Record<LoadSuiteRun['verdict']['verdict'], string> = { passed: '✓', failed: '✗', incomplete: '!', running: '…' };

/** `warroom-suite-<suite>-<suiteRunId>-<yyyymmdd-hhmm>.html`. */
export function suiteReportFilename(suite: Pick<LoadSuiteRun, 'suite' | 'id' | 'startedAt'>): string {
  return `warroom-suite-${suite.suite}-${suite.id}-${fileStamp(suite.startedAt)}.html`;
}

/** Where a test's report starts in the page. */
const anchorOf = (runId: number): string => `run-${runId}`;

/** The suite page; `pages` holds each member run's report (by run id), embedded after the table. */
export function renderSuiteReport(suite: LoadSuiteRun, pages: ReadonlyMap<number, ReportPage>): LoadReport {
  const rows = suite.members.map((member) => {
    const run = member.run;
    const link = run && pages.has(run.id) ? `#${anchorOf(run.id)}` : undefined;
    const h = run?.headline;
    return html`<tr>
<td>${member.position + 1}</td>
<td>${link ? html`<a href="${link}">${member.profile}</a>` : member.profile}${member.earlierRunIds.length > 0 ? html` <span class="muted">(resumed; earlier run #${member.earlierRunIds.join(', #')})</span>` : ''}</td>
<td>${run ? `#${run.id}` : '—'}</td>
<td class="state-${member.verdict?.verdict === 'passed' ? 'passed' : (member.verdict?.verdict ?? 'running')}">${member.verdict ? member.verdict.line : 'not run'}</td>
<td class="num">${formatDuration(member.plannedMs)}</td>
<td class="num">${h ? formatInt(h.requests) : '—'}</td>
<td class="num">${h ? formatRate(h.rps) : '—'}</td>
<td class="num">${h ? `${formatMs(h.p95Ms)} ms` : '—'}</td>
<td class="num">${h ? formatPercent(h.errorRate) : '—'}</td>
<td>${run ? formatTime(run.startedAt) : '—'}</td>
</tr>`;
  });
  const content = renderReportPage({
    title: `Load suite ${suite.title} #${suite.id}: ${suite.verdict.line}`,
    eyebrow: 'Warroom · load suite report',
    heading: html`${suite.title} <span class="muted">suite run #${suite.id}</span>`,
    outcome: { stateClass: VERDICT_CLASS[suite.verdict.verdict], mark: VERDICT_MARK[suite.verdict.verdict], word: suite.verdict.verdict, line: suite.verdict.line },
    main: html`<section><h2>Suite</h2>
<dl class="facts small">
<div><dt>Environment</dt><dd>${suite.environment}</dd></div>
<div><dt>Started</dt><dd>${formatTime(suite.startedAt)} by ${suite.actor}</dd></div>
<div><dt>Ended</dt><dd>${suite.endedAt === null ? 'running' : formatTime(suite.endedAt)} (${suite.state}${suite.stoppedOn ? ` on ${suite.stoppedOn}` : ''})</dd></div>
<div><dt>Planned</dt><dd>${formatDuration(suite.plannedMs)}, ${suite.onFailure === 'stop' ? 'stops at the first test that does not pass' : 'runs every test whatever the last one did'}</dd></div>
${suite.error ? html`<div><dt>Error</dt><dd>${suite.error}</dd></div>` : ''}
</dl></section>
<section id="tests"><h2>Tests</h2>
<table><thead><tr><th>#</th><th>Profile (its report)</th><th>Run</th><th>Verdict</th><th>Planned</th><th>Requests</th><th>RPS</th><th>p95</th><th>Errors</th><th>Started</th></tr></thead>
<tbody>${rows}</tbody></table>
<p class="muted small">Each profile links its own report, further down this page. A verdict "passed with N exceptions" counts failed thresholds accepted with a reason, an owner and an expiry that had not passed when this report was made.</p>
</section>
${suite.members.flatMap((member) => {
  const page = member.run ? pages.get(member.run.id) : undefined;
  return member.run && page ? [testSection(member.position, member.run.id, page)] : [];
})}`,
    source: `suite run #${suite.id} (${suite.environment})`,
  });
  return { filename: suiteReportFilename(suite), mime: 'text/html; charset=utf-8', content };
}

/** One test's whole report inside the suite page: its heading and outcome, then its sections. */
function testSection(position: number, runId: number, page: ReportPage): Html {
  return html`<article class="suite-test" id="${anchorOf(runId)}">
<header class="suite-test__head"><p class="eyebrow">Test ${position + 1} · <a href="#tests">back to the tests</a></p>
<h2>${page.heading}</h2>
${outcomeBox(page.outcome)}
</header>
${page.main}
</article>`;
}
