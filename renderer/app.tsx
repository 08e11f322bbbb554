/** The shell of every screen: top bar, banners, the current view — or the token prompt. */
import { useAlertsLoader } from './components/alerts/use-alerts-loader.js';
import { HealthBanners } from './components/health/HealthBanners.js';
import { CoreProblemsBanner } from './components/common/CoreProblemsBanner.js';
import { ReloadBanner } from './components/common/ReloadBanner.js';
import { SyncErrorBanner } from './components/common/SyncErrorBanner.js';
import { TokenPrompt } from './components/common/TokenPrompt.js';
import { TopBar } from './components/common/TopBar.js';
import { useAppStore } from './stores/store.js';
import { VIEWS } from './views/views.js';

export function App() {
  const unauthorized = useAppStore((s) => s.connection.state === 'unauthorized');
  const view = useAppStore((s) => s.ui.view);
  useAlertsLoader();
  if (unauthorized) return <TokenPrompt />;
  const View = VIEWS[view];
  return (
    <div className="app">
      <TopBar />
      <ReloadBanner />
      <SyncErrorBanner />
      <CoreProblemsBanner />
      <HealthBanners />
      <main className="main">
        <View />
      </main>
    </div>
  );
}
