/** Says why the screen could not load its data, while it keeps retrying. */
import { useAppStore } from '../../stores/store.js';
import { Icon } from './Icon.js';

export function SyncErrorBanner() {
  const error = useAppStore((s) => s.connection.syncError);
  const mismatch = useAppStore((s) => s.connection.contractMismatch);
  if (!error || mismatch) return null;
  return (
    <div className="banner banner--warn" role="alert" data-testid="sync-error">
      <Icon name="warning" />
      <p>Could not load the war-room state: {error}. Retrying.</p>
    </div>
  );
}
