/** Always on screen: what is launching, where, the views, and how fresh the data is. */
import { useEffect } from 'react';
import { useAppStore } from '../../stores/store.js';
import { ConnectionIndicator } from './ConnectionIndicator.js';
import { EnvironmentBadge } from './EnvironmentBadge.js';
import { LastUpdate } from './LastUpdate.js';
import { Nav } from './Nav.js';
import { RoleBadge } from './RoleBadge.js';

export function TopBar() {
  const name = useAppStore((s) => s.config?.name);
  // The tab or window title names the launch too, for operators with many windows open.
  useEffect(() => {
    document.title = name ? `${name} — Warroom` : 'Warroom';
  }, [name]);
  return (
    <header className="topbar">
      <div className="topbar__title">
        <span className="topbar__app">Warroom</span>
        <h1 className="topbar__launch" data-testid="launch-name">
          {name ?? '…'}
        </h1>
        <EnvironmentBadge />
      </div>
      <Nav />
      <div className="topbar__status">
        <ConnectionIndicator />
        <RoleBadge />
        <LastUpdate />
      </div>
    </header>
  );
}
