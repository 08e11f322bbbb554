/**
 * The control panel of the simulated platform for a rehearsal: its state, its services and their
 * faults, the scenario timeline, a deploy under way, its log. Operators drive it; viewers watch.
 */
import { Icon } from '../components/common/Icon.js';
import { DeployProgress } from '../components/rehearsal/DeployProgress.js';
import { PlatformHeader } from '../components/rehearsal/PlatformHeader.js';
import { PlatformLog } from '../components/rehearsal/PlatformLog.js';
import { ScenarioList } from '../components/rehearsal/ScenarioList.js';
import { ScenarioTimeline } from '../components/rehearsal/ScenarioTimeline.js';
import { ServicesTable } from '../components/rehearsal/ServicesTable.js';
import { useAppStore } from '../stores/store.js';
import { Waiting } from './Waiting.js';

export function RehearsalView() {
  const rehearsal = useAppStore((s) => s.rehearsal);
  const role = useAppStore((s) => s.connection.role);
  if (!rehearsal) return <Waiting view="rehearsal" />;
  const operator = role === 'operator';
  return (
    <section className="view view--rehearsal" data-testid="view-rehearsal">
      <PlatformHeader state={rehearsal} operator={operator} />
      {role === 'viewer' && (
        <p className="readonly-note" data-testid="rehearsal-readonly">
          <Icon name="lock" />
          Read-only display: the platform is driven from an operator screen.
        </p>
      )}
      {rehearsal.state === 'running' ? (
        <>
          {rehearsal.status.deploy && <DeployProgress deploy={rehearsal.status.deploy} status={rehearsal.status} />}
          {rehearsal.status.scenario && <ScenarioTimeline run={rehearsal.status.scenario} catalog={rehearsal.status.scenarios} />}
          <ServicesTable status={rehearsal.status} operator={operator} />
          <div className="rehearsal-columns">
            <ScenarioList status={rehearsal.status} operator={operator} />
            <PlatformLog status={rehearsal.status} />
          </div>
        </>
      ) : (
        <p className="muted rehearsal-idle" data-testid="rehearsal-idle">
          {rehearsal.state === 'starting'
            ? 'The services, their faults and the scenarios appear here as soon as the platform reports in.'
            : 'The simulated platform is not running. Once it is, its services, their faults, the scenarios and the platform log appear here.'}
        </p>
      )}
    </section>
  );
}
