/** Downloads of the register as the table filters it: CSV, JSON, SARIF 2.1.0 (triage as suppressions) and the Markdown security summary. */
import { useRef, useState } from 'react';
import type { FindingFilter, SecurityExportFormat } from '../../../shared/domain/security-register.js';
import { useClient } from '../../api/client-context.js';
import { describeCallError } from '../common/call-problem.js';
import type { CallProblem } from '../common/call-problem.js';
import { CallError } from '../common/CallError.js';
import { Icon } from '../common/Icon.js';
import { downloadFile } from '../load/download.js';

const FORMATS: { format: SecurityExportFormat; label: string; hint: string }[] = [
  { format: 'csv', label: 'CSV', hint: 'The findings shown, one row each, for a spreadsheet' },
  { format: 'json', label: 'JSON', hint: 'The findings shown with their triage, for scripts' },
  { format: 'sarif', label: 'SARIF', hint: 'SARIF 2.1.0 with triage as suppressions, for other tools' },
  { format: 'md', label: 'Summary (Markdown)', hint: 'The security summary for the approval: counts, gate, scans, open findings' },
];

export function ExportButtons({ filter }: { filter: FindingFilter }) {
  const client = useClient();
  const [busy, setBusy] = useState<SecurityExportFormat | null>(null);
  const [problem, setProblem] = useState<CallProblem | null>(null);
  const inFlight = useRef(false);

  const download = async (format: SecurityExportFormat) => {
    if (inFlight.current) return;
    inFlight.current = true;
    setBusy(format);
    setProblem(null);
    try {
      const file = await client.call('security.export', { format, filter });
      downloadFile({ filename: file.fileName, mime: file.mediaType, content: file.content });
    } catch (error) {
      setProblem({ control: 'export', ...describeCallError(`The ${format.toUpperCase()} export`, error) });
    } finally {
      inFlight.current = false;
      setBusy(null);
    }
  };

  return (
    <div className="load-reports sec-exports" data-testid="sec-exports">
      <span className="load-reports__label">Download the filtered register</span>
      <div className="button-row">
        {FORMATS.map(({ format, label, hint }) => (
          <button key={format} type="button" className="button button--small" title={hint} disabled={busy !== null} onClick={() => void download(format)} data-testid={`sec-export-${format}`}>
            <Icon name="follow" />
            {busy === format ? 'Preparing…' : label}
          </button>
        ))}
      </div>
      <CallError problem={problem} controls={['export']} testId="sec-export-error" />
    </div>
  );
}
