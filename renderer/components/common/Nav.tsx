/** The route-level views; links change the hash and routing.ts follows it. */
import { hrefFor } from '../../stores/routing.js';
import { VIEW_IDS } from '../../stores/slices/ui.js';
import type { ViewId } from '../../stores/slices/ui.js';
import { useAppStore } from '../../stores/store.js';

const LABELS: Record<ViewId, string> = {
  board: 'Board',
  meeting: 'Go/no-go',
  health: 'Health',
  load: 'Load',
  monitoring: 'Monitoring',
  security: 'Security',
  alerts: 'Alerts',
  actions: 'Actions',
  drills: 'Drills',
  plan: 'Plan',
  reports: 'Reports',
  log: 'Log',
  rehearsal: 'Rehearsal',
};

export function Nav() {
  const current = useAppStore((s) => s.ui.view);
  return (
    <nav className="nav" aria-label="Views">
      {VIEW_IDS.map((view) => (
        <a
          key={view}
          href={hrefFor(view)}
          className={`nav__link${view === current ? ' nav__link--current' : ''}`}
          aria-current={view === current ? 'page' : undefined}
          data-testid={`nav-${view}`}
        >
          {LABELS[view]}
        </a>
      ))}
    </nav>
  );
}
