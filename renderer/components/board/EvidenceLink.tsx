/**
 * A piece of evidence's way to where it is stored: a load run opens on the Load view, an action
 * run on the Actions view, a scan on top of the Security view, a service on Health, a runbook beside the
 * actions. A run the screen has not loaded yet is fetched, so the view opens on it, not on the newest.
 */
import type { MouseEvent } from 'react';
import type { EvidenceLink as Link } from '../../../shared/domain/board.js';
import { useClient } from '../../api/client-context.js';
import type { WarroomClient } from '../../api/client.js';
import { applyLoadDetail, openLoadRun } from '../../stores/load-actions.js';
import { hrefFor } from '../../stores/routing.js';
import { openScan } from '../../stores/security-actions.js';
import { addRuns, openRun } from '../../stores/store-updates.js';
import type { ViewId } from '../../stores/slices/ui.js';
import { useAppStore } from '../../stores/store.js';

interface Target {
  view: ViewId;
  label: string;
  /** Opens the entry on its view (before the hash changes). */
  open?: (client: WarroomClient) => void;
}

function runId(link: Link): number | null {
  const id = Number(link.id);
  return Number.isInteger(id) && id > 0 ? id : null;
}

function targetOf(link: Link): Target | null {
  const id = runId(link);
  switch (link.kind) {
    case 'load-run':
      if (id === null) return null;
      return {
        view: 'load',
        label: `load run #${id}`,
        open: (client) => {
          openLoadRun(id);
          if (useAppStore.getState().load.runs[id]) return;
          // The view shows the newest until the run arrives; a failure leaves it there.
          client.call('load.getRun', { runId: id }).then(applyLoadDetail, () => undefined);
        },
      };
    case 'action-run':
      if (id === null) return null;
      return {
        view: 'actions',
        label: `action run #${id}`,
        open: (client) => {
          openRun(id);
          if (useAppStore.getState().actions.runs[id]) return;
          client.call('actions.getRun', { runId: id }).then((detail) => addRuns([detail.run]), () => undefined);
        },
      };
    case 'scan':
      // The Security view loads the register itself and shows the scan on top once it is there.
      return id === null ? { view: 'security', label: `scan ${link.id}` } : { view: 'security', label: `scan #${id}`, open: () => openScan(id) };
    case 'service':
      return { view: 'health', label: 'health' };
    case 'runbook':
      return { view: 'actions', label: `runbook ${link.id}` };
    case 'plan-task':
      return { view: 'plan', label: 'plan task' };
    case 'drill-run':
      return { view: 'drills', label: `drill run ${link.id}` };
    case 'signoff':
      // A sign-off is shown where it stands (the criterion).
      return null;
  }
}

export function EvidenceLink({ link }: { link: Link }) {
  const client = useClient();
  const target = targetOf(link);
  if (!target) return null;
  const onClick = (_event: MouseEvent) => target.open?.(client);
  return (
    <a className="evidence__link" href={hrefFor(target.view)} onClick={onClick} data-testid="evidence-link" data-kind={link.kind} data-id={link.id}>
      open {target.label} →
    </a>
  );
}
