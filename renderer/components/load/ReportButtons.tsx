/** Report downloads of an ended run: self-contained HTML (charts included, opens offline), CSV and JSON. */
import { useRef, useState } from 'react';
import { useClient } from '../../api/client-context.js';
import { describeCallError } from '../common/call-problem.js';
import type { CallProblem } from '../common/call-problem.js';
import { CallError } from '../common/CallError.js';
import { Icon } from '../common/Icon.js';
import { downloadFile } from './download.js';

const FORMATS = [
  { format: 'html', label: 'HTML report', hint: 'One file with charts, thresholds and endpoints; opens offline' },
  { format: 'csv', label: 'CSV', hint: 'The per-second series and the endpoint table' },
  { format: 'json', label: 'JSON', hint: 'The whole summary, for scripts' },
] as const;

type Format = (typeof FORMATS)[number]['format'];

export function ReportButtons({ runId }: { runId: number }) {
  const client = useClient();
  const [busy, setBusy] = useState<Format | null>(null);
  const [problem, setProblem] = useState<CallProblem | null>(null);
  const inFlight = useRef(false);

  const download = async (format: Format) => {
    if (inFlight.current) return;
    inFlight.current = true;
    setBusy(format);
    setProblem(null);
    try {
      downloadFile(await client.call('load.report', { runId, format }));
    } catch (error) {
      setProblem({ control: 'report', ...describeCallError(`The ${format.toUpperCase()} report`, error) });
    } finally {
      inFlight.current = false;
      setBusy(null);
    }
  };

  return (
    <div className="load-reports" data-testid="load-reports">
      <span className="load-reports__label">Download</span>
      <div className="button-row">
        {FORMATS.map(({ format, label, hint }) => (
          <button
            key={format}
            type="button"
            className="button button--small"
            title={hint}
            disabled={busy !== null}
            onClick={() => void download(format)}
            data-testid={`report-${format}`}
          >
            <Icon name="follow" />
            {busy === format ? 'Preparing…' : label}
          </button>
        ))}
      </div>
      <CallError problem={problem} controls={['report']} testId="report-error" />
    </div>
  );
}
