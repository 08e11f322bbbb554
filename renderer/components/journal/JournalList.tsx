/** The war-room log, newest first. */
import { formatClock, formatDateTime } from '../../lib/time.js';
import { useAppStore } from '../../stores/store.js';

export function JournalList() {
  const entries = useAppStore((s) => s.journal);
  if (entries.length === 0) return <p className="muted journal-empty">No notes yet. Notes appear here the moment anyone adds one.</p>;
  return (
    <ol className="journal" aria-label="War-room log, newest first">
      {entries.map((entry) => (
        <li key={entry.id} className="journal__entry" data-testid="journal-entry" data-entry-id={entry.id}>
          <time className="journal__time" dateTime={new Date(entry.at).toISOString()} title={formatDateTime(entry.at)}>
            {formatClock(entry.at)}
          </time>
          <span className="journal__author">{entry.author}</span>
          <p className="journal__text">{entry.text}</p>
        </li>
      ))}
    </ol>
  );
}
