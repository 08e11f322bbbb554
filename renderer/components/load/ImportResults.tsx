/**
 * Import results produced elsewhere (a Locust CSV set, a k6 --summary-export) from a path on the
 * machine Warroom runs on. Only the desktop app may name such a path: a browser on the web shell
 * is told to use `warroom load import` instead (the core refuses it too).
 */
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useClient } from '../../api/client-context.js';
import { useOperatorName } from '../../lib/operator-name.js';
import { applyLoadRunAnswer, openLoadRun } from '../../stores/load-actions.js';
import { useAppStore } from '../../stores/store.js';
import { describeCallError } from '../common/call-problem.js';
import type { CallProblem } from '../common/call-problem.js';
import { CallError } from '../common/CallError.js';

const formatOf = (value: string): 'auto' | 'locust' | 'k6' => (value === 'locust' || value === 'k6' ? value : 'auto');

export function ImportResults({ onImported }: { onImported: () => void }) {
  const client = useClient();
  const name = useOperatorName();
  const remote = useAppStore((s) => s.connection.transport === 'http');
  const [path, setPath] = useState('');
  const [format, setFormat] = useState<'auto' | 'locust' | 'k6'>('auto');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<CallProblem | null>(null);
  if (remote) {
    return (
      <p className="load-import muted" data-testid="load-import-remote">
        Results produced elsewhere (Locust CSV, k6 summary) are imported on the machine Warroom runs on: <code>warroom load import PATH</code>.
      </p>
    );
  }
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy || path.trim() === '' || name === '') return;
    setBusy(true);
    setProblem(null);
    try {
      const run = await client.call('load.import', { path: path.trim(), actor: name, ...(format === 'auto' ? {} : { format }) });
      applyLoadRunAnswer(run);
      openLoadRun(run.id);
      setPath('');
      onImported();
    } catch (error) {
      setProblem({ control: 'load-import', ...describeCallError('Importing results', error) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="panel load-import" data-testid="load-import" onSubmit={(event) => void submit(event)}>
      <label className="load-import__path">
        <span>Import results produced elsewhere</span>
        <input
          type="text"
          value={path}
          placeholder="/path/to/run_stats.csv or summary.json"
          onChange={(event) => setPath(event.target.value)}
          data-testid="load-import-path"
        />
      </label>
      <label>
        <span className="sr-only">Format</span>
        <select value={format} onChange={(event) => setFormat(formatOf(event.target.value))} data-testid="load-import-format">
          <option value="auto">format from the file</option>
          <option value="locust">Locust CSV</option>
          <option value="k6">k6 summary</option>
        </select>
      </label>
      <button type="submit" className="button" disabled={busy || path.trim() === '' || name === ''} title={name === '' ? 'Enter your name at the top of the view first' : undefined}>
        {busy ? 'Importing…' : 'Import'}
      </button>
      <CallError problem={problem} controls={['load-import']} testId="load-import-error" />
    </form>
  );
}
