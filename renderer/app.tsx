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
import { WallView } from './views/wall/WallView.js';

/** `wall`: the wall display (one screen, no navigation) instead of the operator's shell. */
export function App({ wall = false }: { wall?: boolean }) {
  const unauthorized = useAppStore((s) => s.connection.state === 'unauthorized');
  const view = useAppStore((s) => s.ui.view);
  useAlertsLoader();
  if (unauthorized) return <TokenPrompt />;
  if (wall) return <WallView />;
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
