/** The war-room log: operators write, everyone reads. */
import { Icon } from '../components/common/Icon.js';
import { JournalForm } from '../components/journal/JournalForm.js';
import { JournalList } from '../components/journal/JournalList.js';
import { useAppStore } from '../stores/store.js';

export function JournalView() {
  const role = useAppStore((s) => s.connection.role);
  return (
    <section className="view" data-testid="view-log">
      <h2 className="view__title">War-room log</h2>
      {role === 'operator' && <JournalForm />}
      {role === 'viewer' && (
        <p className="readonly-note" data-testid="journal-readonly">
          <Icon name="lock" />
          Read-only display: notes are added from an operator screen.
        </p>
      )}
      <JournalList />
    </section>
  );
}
