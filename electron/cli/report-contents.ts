/**
 * `warroom scan import` beside a running app: the CLI reads the report files itself and sends their
 * text (and the text of the scanned files they point at without a snippet, so fingerprints match an
 * import by path) through the app with `security.importReportContents`; the app reads no path.
 * Each report is parsed here first, so a bad one is refused naming its file before anything is sent.
 */
import { readFileSync, statSync } from 'node:fs';
import { basename, relative } from 'node:path';
import type { CommandInput } from '../../shared/contract/index.js';
import type { ReportFormat } from '../../shared/domain/security.js';
import { REPORT_CONTENTS_MAX_CHARS } from '../../shared/domain/security-register.js';
import { parseReport } from '../core/security/parsers/index.js';
import { recordingSources, sentSourceProblem } from '../core/security/parsers/source-files.js';
import { reportFiles } from '../core/security/report-files.js';
import { MAX_BODY_BYTES } from '../web/http-transport.js';

export type ReportContents = Pick<CommandInput<'security.importReportContents'>, 'reports' | 'sources'>;

/** Room left in a request for the rest of the input (scan root, scope, actor, JSON framing). */
const BODY_HEADROOM_BYTES = 16 * 1024;

/**
 * The reports (files, or every report in a folder) and the sources they need, ready to send; null
 * when they are too large for one request (the caller imports them by path instead). Throws the
 * parser's error (naming the file) for a bad report.
 */
export function readReportContents(paths: readonly string[], options: { cwd: string; scanRoot: string; format?: ReportFormat | undefined }): ReportContents | null {
  const files = reportFiles(paths, options.cwd);
  const sources = recordingSources();
  const reports: ReportContents['reports'] = [];
  let chars = 0;
  for (const file of files) {
    // A report over the limit is not read whole here: it goes by path.
    if (statSync(file).size > REPORT_CONTENTS_MAX_CHARS * 4) return null;
    const text = readFileSync(file, 'utf8');
    chars += text.length;
    if (chars > REPORT_CONTENTS_MAX_CHARS) return null;
    parseReport({ text, fileName: file, scanRoot: options.scanRoot, format: options.format, sources });
    const shown = relative(options.cwd, file);
    reports.push({ name: shown.length <= 255 && !shown.startsWith('..') ? shown : basename(file), text });
  }
  const sent: ReportContents['sources'] = [];
  for (const [absolute, text] of sources.read()) {
    const path = relative(options.scanRoot, absolute);
    if (sentSourceProblem(path) !== null) continue;
    chars += text.length;
    sent.push({ path, text });
  }
  const contents = { reports, sources: sent };
  if (chars > REPORT_CONTENTS_MAX_CHARS || Buffer.byteLength(JSON.stringify(contents)) > MAX_BODY_BYTES - BODY_HEADROOM_BYTES) return null;
  return contents;
}
