/** The wall's main screen: big numbers on top, one tile per configured service. */
import { BigNumber } from '../components/common/BigNumber.js';
import { RehearsalSummary } from '../components/rehearsal/RehearsalSummary.js';
import { ServiceTile } from '../components/tiles/ServiceTile.js';
import { useAppStore } from '../stores/store.js';
import { Waiting } from './Waiting.js';

export function BoardView() {
  const config = useAppStore((s) => s.config);
  if (!config) return <Waiting view="board" />;
  return (
    <section className="view" data-testid="view-board">
      <RehearsalSummary />
      <div className="bignums">
        <BigNumber value={config.services.length} label="Services" testId="count-services" />
        <BigNumber value={config.environments.length} label="Environments" testId="count-environments" />
        <BigNumber value={config.services.length} label="Unknown" testId="count-unknown" />
      </div>
      {config.services.length === 0 ? (
        <p className="muted">warroom.yaml declares no services.</p>
      ) : (
        <div className="tiles">
          {config.services.map((service) => (
            <ServiceTile key={service.id} service={service} environmentId={config.defaultEnvironment} />
          ))}
        </div>
      )}
    </section>
  );
}
