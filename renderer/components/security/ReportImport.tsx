/**
 * Import scanner reports from this screen: drop report files here or pick them, choose the scope
 * they are compared in (a configured scanner, or per tool) and optionally where the scanned files
 * were, then import. The files' text is sent (`security.importReportContents`): the core parses
 * what it is sent and reads no file, so this works from a browser on the wall as from the desktop app.
 */
import { useState } from 'react';
import type { DragEvent, FormEvent } from 'react';
import type { ImportResult } from '../../../shared/domain/security-register.js';
import { REPORT_CONTENTS_MAX_CHARS } from '../../../shared/domain/security-register.js';
import { formatBytes } from '../../../shared/format/numbers.js';
import { useClient } from '../../api/client-context.js';
import { readOperatorName } from '../../lib/operator-name.js';
import { describeCallError } from '../common/call-problem.js';
import type { CallProblem } from '../common/call-problem.js';
import { CallError } from '../common/CallError.js';
import { Icon } from '../common/Icon.js';

interface Picked {
  name: string;
  text: string;
}

/** A file's text (FileReader: every browser, and the test DOM, has it). */
function readText(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(typeof reader.result === 'string' ? reader.result : '');
    reader.onerror = () => reject(reader.error ?? new Error('the file could not be read'));
    reader.readAsText(file);
  });
}

/** The files' text, or why they cannot be sent (too large together). */
async function readPicked(files: readonly File[]): Promise<{ picked: Picked[] } | { problem: string }> {
  const total = files.reduce((sum, file) => sum + file.size, 0);
  if (total > REPORT_CONTENTS_MAX_CHARS) {
    return { problem: `${files.map((f) => f.name).join(', ')}: ${formatBytes(total)} together, over the ${formatBytes(REPORT_CONTENTS_MAX_CHARS)} one import from this screen carries; import larger reports with \`warroom scan import\` on the machine Warroom runs on` };
  }
  return { picked: await Promise.all(files.map(async (file) => ({ name: file.name, text: await readText(file) }))) };
}

export function ReportImport({ scopes }: { scopes: readonly string[] }) {
  const client = useClient();
  const [picked, setPicked] = useState<Picked[]>([]);
  const [scope, setScope] = useState('');
  const [scanRoot, setScanRoot] = useState('');
  const [over, setOver] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<CallProblem | null>(null);
  const [result, setResult] = useState<ImportResult | null>(null);

  const take = (files: readonly File[]) => {
    if (files.length === 0) return;
    setResult(null);
    setProblem(null);
    readPicked(files).then(
      (read) => {
        if ('problem' in read) {
          setPicked([]);
          setProblem({ control: 'import', title: 'Too large to import from here', details: [read.problem] });
        } else setPicked(read.picked);
      },
      (error: unknown) => setProblem({ control: 'import', ...describeCallError('Reading the files', error) }),
    );
  };
  const drop = (event: DragEvent) => {
    event.preventDefault();
    setOver(false);
    take([...event.dataTransfer.files]);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const actor = readOperatorName();
    if (actor === '') {
      setProblem({ control: 'import', title: 'Enter your name first', details: ['Imports are recorded with who made them: type your name in "Your name" above.'] });
      return;
    }
    setBusy(true);
    setProblem(null);
    client
      .call('security.importReportContents', {
        reports: picked,
        actor,
        ...(scope ? { scope } : {}),
        ...(scanRoot.trim() ? { scanRoot: scanRoot.trim() } : {}),
      })
      .then(
        (answer) => {
          setResult(answer);
          setPicked([]);
        },
        (error: unknown) => setProblem({ control: 'import', ...describeCallError('Import', error) }),
      )
      .finally(() => setBusy(false));
  };

  return (
    <form className={`report-import${over ? ' report-import--over' : ''}`} onSubmit={submit} onDragOver={(e) => (e.preventDefault(), setOver(true))} onDragLeave={() => setOver(false)} onDrop={drop} data-testid="report-import">
      <p className="report-import__hint">
        <Icon name="follow" />
        Drop scanner reports here (SARIF, bandit JSON, npm audit JSON, secretlint JSON), or{' '}
        <label className="link-button">
          pick files
          <input type="file" multiple accept=".sarif,.json,application/json" className="sr-only" onChange={(e) => take([...(e.target.files ?? [])])} data-testid="report-import-files" />
        </label>
        .
      </p>
      {picked.length > 0 && (
        <div className="report-import__picked">
          <p data-testid="report-import-picked">
            {picked.length === 1 ? '1 report' : `${picked.length} reports`}: {picked.map((p) => p.name).join(', ')}
          </p>
          <label>
            Compare with{' '}
            <select className="input" value={scope} onChange={(e) => setScope(e.target.value)} data-testid="report-import-scope">
              <option value="">earlier scans of the same tool</option>
              {scopes.map((id) => (
                <option key={id} value={id}>
                  scanner {id}
                </option>
              ))}
            </select>
          </label>
          <label>
            Scanned folder (optional){' '}
            <input className="input" value={scanRoot} onChange={(e) => setScanRoot(e.target.value)} placeholder="/abs/path/the/scanner/scanned" data-testid="report-import-root" />
          </label>
          <button type="submit" className="button button--primary button--small" disabled={busy} data-testid="report-import-submit">
            Import
          </button>
          <button type="button" className="button button--small" onClick={() => setPicked([])}>
            Clear
          </button>
        </div>
      )}
      <CallError problem={problem} controls={['import']} testId="report-import-error" />
      {result && (
        <p className="report-import__result" role="status" data-testid="report-import-result">
          Imported: {result.new} new{result.reopened > 0 ? ` (${result.reopened} reopened)` : ''}, {result.fixed} fixed, {result.unchanged} unchanged
        </p>
      )}
    </form>
  );
}
