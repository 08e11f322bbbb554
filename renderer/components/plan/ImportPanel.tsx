/**
 * Importing a Markdown plan: drop the file on the panel or pick it. The file's text is sent over
 * the contract (never a path: the core may be on another machine); the answer says what was
 * added, removed and changed, and how many ticks made in the app were kept.
 */
import { useRef, useState } from 'react';
import type { DragEvent } from 'react';
import type { PlanImportResult } from '../../../shared/domain/plan.js';
import { useClient } from '../../api/client-context.js';
import { useOperatorName } from '../../lib/operator-name.js';
import { describeCallError } from '../common/call-problem.js';

function summary(result: PlanImportResult): string {
  const parts = [`${result.tasks} tasks`, `${result.added.length} added`, `${result.removed.length} removed`, `${result.changed.length} changed`];
  if (result.kept > 0) parts.push(`${result.kept} ticks kept`);
  const risks = result.risks.added.length + result.risks.changed.length;
  if (risks > 0) parts.push(`risks: ${result.risks.added.length} added, ${result.risks.changed.length} changed`);
  return parts.join(' · ');
}

/** The file's text as UTF-8 (FileReader: every browser, Electron and jsdom have it). */
function readText(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => (typeof reader.result === 'string' ? resolve(reader.result) : reject(new Error('the file could not be read as text')));
    reader.onerror = () => reject(reader.error ?? new Error('the file could not be read'));
    reader.readAsText(file, 'utf-8');
  });
}

export function ImportPanel() {
  const client = useClient();
  const name = useOperatorName();
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<PlanImportResult | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const send = async (file: File) => {
    if (name === '') {
      setProblem('Enter your name first: an import is recorded with who made it.');
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      const markdown = await readText(file);
      setResult(await client.call('plan.import', { markdown, fileName: file.name, by: name }));
    } catch (error) {
      setResult(null);
      const described = describeCallError(`Importing ${file.name}`, error);
      setProblem([described.title, ...described.details].join(' — '));
    } finally {
      setBusy(false);
      if (input.current) input.current.value = '';
    }
  };

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setOver(false);
    const file = event.dataTransfer.files[0];
    if (file) void send(file);
  };

  return (
    <div
      className={`plan-import${over ? ' plan-import--over' : ''}`}
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
      data-testid="plan-import"
    >
      <label className="plan-import__pick">
        <span className="button">{busy ? 'Importing…' : 'Import a Markdown plan'}</span>
        <input
          ref={input}
          type="file"
          accept=".md,.markdown,text/markdown,text/plain"
          // The button above is what shows; the browser's own "Choose File / No file chosen" said it twice.
          className="sr-only"
          disabled={busy}
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file) void send(file);
          }}
          data-testid="plan-file"
        />
      </label>
      <span className="muted">or drop the .md file here; re-importing keeps the ticks made here.</span>
      {result && (
        <p className="plan-import__result" role="status" data-testid="plan-import-result">
          Imported: {summary(result)}
        </p>
      )}
      {problem && (
        <p className="form-error" role="alert" data-testid="plan-import-error">
          {problem}
        </p>
      )}
    </div>
  );
}
