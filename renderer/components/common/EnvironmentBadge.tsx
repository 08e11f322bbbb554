/** The environment on screen; production gets a marker nobody can miss. */
import { selectEnvironment } from '../../stores/selectors.js';
import { useAppStore } from '../../stores/store.js';
import { Icon } from './Icon.js';

export function EnvironmentBadge() {
  const env = useAppStore(selectEnvironment);
  if (!env) return null;
  return (
    <div className={`env${env.production ? ' env--production' : ''}`} data-testid="environment" data-production={env.production}>
      {env.production && (
        <span className="env__marker">
          <Icon name="warning" />
          PRODUCTION
        </span>
      )}
      <span className="env__label">{env.label}</span>
    </div>
  );
}
