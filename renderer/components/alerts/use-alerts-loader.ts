/** Loads the alerts when the store says they may be behind (after every snapshot); mounted once by the App. */
import { useEffect } from 'react';
import { useClient } from '../../api/client-context.js';
import { alertsLoaded } from '../../stores/slices/alerts.js';
import { useAppStore } from '../../stores/store.js';

export function useAlertsLoader(): void {
  const client = useClient();
  const rev = useAppStore((s) => s.alertsRev);
  const behind = useAppStore((s) => s.alertsLoadedRev < s.alertsRev && s.connection.appState === 'ready');
  useEffect(() => {
    if (!behind) return;
    let live = true;
    client
      .call('alerts.list', {})
      .then((answer) => {
        if (live) useAppStore.setState((state) => alertsLoaded(state, answer, rev));
      })
      .catch(() => {
        // The next snapshot tries again; the view says the alerts are not loaded meanwhile.
      });
    return () => {
      live = false;
    };
  }, [client, rev, behind]);
}
