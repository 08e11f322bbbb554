/**
 * Runbooks beside the live tiles (Health view): collapsible, remembered open or closed on this
 * machine. A step's action opens its confirmation here; the run then shows on the Actions view.
 */
import { useCallback, useState } from 'react';
import type { ActionRun } from '../../../shared/domain/actions.js';
import { hrefFor } from '../../stores/routing.js';
import { useAppStore } from '../../stores/store.js';
import { Icon } from '../common/Icon.js';
import { OperatorNameField } from './OperatorNameField.js';
import { RunbookCard } from './RunbookCard.js';
import { useLaunch } from './use-launch.js';

const OPEN_KEY = 'warroom.runbooks-open';

function rememberedOpen(): boolean {
  try {
    return window.localStorage.getItem(OPEN_KEY) !== 'false';
  } catch {
    return true;
  }
}

export function RunbookSidePanel() {
  const runbooks = useAppStore((s) => s.actions.runbooks);
  const operator = useAppStore((s) => s.connection.role === 'operator');
  const [open, setOpen] = useState(rememberedOpen);
  const [started, setStarted] = useState<ActionRun | null>(null);
  const launcher = useLaunch(useCallback((run: ActionRun) => setStarted(run), []));
  if (runbooks.length === 0) return null;

  const toggle = () => {
    setOpen(!open);
    try {
      window.localStorage.setItem(OPEN_KEY, String(!open));
    } catch {
      // Remembering is a nicety.
    }
  };

  return (
    <aside className={`panel runbook-side${open ? ' runbook-side--open' : ''}`} data-testid="runbooks-side" data-open={open} aria-label="Runbooks">
      <button type="button" className="runbook-side__toggle" aria-expanded={open} onClick={toggle} data-testid="runbooks-toggle">
        <Icon name={open ? 'close' : 'pen'} />
        <span>Runbooks ({runbooks.length})</span>
      </button>
      {open && (
        <div className="runbook-side__body">
          {operator && <OperatorNameField compact />}
          {started && (
            <p className="notice runbook-side__started" role="status" data-testid="runbook-started">
              <Icon name="play" />
              Run #{started.id} started.{' '}
              <a href={hrefFor('actions')} className="link">
                Follow it on the Actions view
              </a>
            </p>
          )}
          {runbooks.map((runbook) => (
            <RunbookCard key={runbook.id} runbook={runbook} operator={operator} launcher={operator ? launcher : null} collapsible />
          ))}
          {launcher.dialog}
        </div>
      )}
    </aside>
  );
}
