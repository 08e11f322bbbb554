/** Operators add notes to the log; the author is remembered on this machine (lib/operator-name.ts). */
import { useState } from 'react';
import type { FormEvent } from 'react';
import { RpcCallError } from '../../../shared/contract/index.js';
import { useClient } from '../../api/client-context.js';
import { readOperatorName, rememberOperatorName } from '../../lib/operator-name.js';
import { addJournalEntries } from '../../stores/store-updates.js';
import { Icon } from '../common/Icon.js';

function describe(error: unknown): { title: string; details: string[] } {
  if (!(error instanceof RpcCallError)) return { title: 'The note was not saved', details: [String(error)] };
  switch (error.code) {
    case 'forbidden':
      return { title: 'Not allowed: this connection is read-only', details: [error.message] };
    case 'invalid_input':
      return {
        title: 'The note was not saved: check the fields',
        details: error.issues?.map((issue) => `${issue.path || 'note'}: ${issue.message}`) ?? [error.message],
      };
    case 'unavailable':
      return { title: 'The core cannot be reached: the note was not saved', details: [error.message] };
    case 'unauthorized':
      return { title: 'Token refused: the note was not saved', details: [error.message] };
    default:
      return { title: `The note was not saved (${error.code})`, details: [error.message] };
  }
}

export function JournalForm() {
  const client = useClient();
  const [author, setAuthor] = useState(readOperatorName);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ title: string; details: string[] } | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      const entry = await client.call('journal.add', { author, text });
      // Show it at once; the journal.added event for the same id merges into it.
      addJournalEntries([entry]);
      setText('');
      // The same name signs runs and runbook ticks on the Actions view.
      rememberOperatorName(author);
    } catch (caught) {
      setError(describe(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="panel journal-form" data-testid="journal-form" onSubmit={(e) => void submit(e)}>
      <div className="journal-form__row">
        <label className="field field--author">
          <span className="field__label">Author</span>
          <input
            className="input"
            value={author}
            maxLength={60}
            onChange={(e) => setAuthor(e.target.value)}
            data-testid="journal-author"
            autoComplete="name"
          />
        </label>
        <label className="field field--text">
          <span className="field__label">Note</span>
          <textarea
            className="input"
            value={text}
            rows={2}
            maxLength={2000}
            onChange={(e) => setText(e.target.value)}
            onKeyDown={(e) => {
              // Ctrl/Cmd+Enter posts, as in chat tools operators already use.
              if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) e.currentTarget.form?.requestSubmit();
            }}
            data-testid="journal-text"
          />
        </label>
        <button className="button button--primary journal-form__submit" type="submit" disabled={busy} data-testid="journal-submit">
          <Icon name="pen" />
          {busy ? 'Adding…' : 'Add note'}
        </button>
      </div>
      {error && (
        <div className="form-error" role="alert" data-testid="journal-error">
          <Icon name="cross" />
          <div>
            <strong>{error.title}</strong>
            <ul>
              {error.details.map((detail) => (
                <li key={detail}>{detail}</li>
              ))}
            </ul>
          </div>
        </div>
      )}
    </form>
  );
}
