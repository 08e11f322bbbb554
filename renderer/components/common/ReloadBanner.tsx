/** Shown when the core speaks another contract version: reloading fetches the matching screen. */
import { useAppStore } from '../../stores/store.js';
import { Icon } from './Icon.js';

export function ReloadBanner() {
  const mismatch = useAppStore((s) => s.connection.contractMismatch);
  if (!mismatch) return null;
  return (
    <div className="banner banner--alert" role="alert" data-testid="reload-banner">
      <Icon name="warning" />
      <p>
        This screen was built for contract version {mismatch.client}, the core speaks version {mismatch.server}. Reload to
        get the matching screen.
      </p>
      <button type="button" className="button button--primary" onClick={() => window.location.reload()}>
        <Icon name="reload" />
        Reload
      </button>
    </div>
  );
}
