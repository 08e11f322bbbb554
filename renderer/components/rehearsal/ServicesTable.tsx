/** One row per simulated service: state, version, active faults, traffic, and (operators) its controls. */
import { Fragment, useState } from 'react';
import type { Fault, PlatformStatus, ServiceStatus } from '../../../shared/domain/rehearsal.js';
import { Icon } from '../common/Icon.js';
import { StatusMark } from '../common/StatusMark.js';
import { CallError } from '../common/CallError.js';
import { FaultPanel } from './FaultPanel.js';
import { useRehearsalCall } from './use-rehearsal-call.js';
import { formatDuration } from '../../../shared/format/durations.js';
import { formatInt, formatPercent, formatShare } from '../../../shared/format/numbers.js';

/** The faults on a service, as short words for chips. */
export function faultLabels(service: ServiceStatus): string[] {
  const { slow, errorRate, flappingPeriodMs, dependenciesDown } = service.faults;
  const labels: string[] = [];
  if (slow) labels.push(`Slow ${slow.medianMs} ms · p99 ${slow.p99Ms} ms`);
  if (errorRate > 0) labels.push(`Errors ${formatShare(errorRate)}`);
  if (flappingPeriodMs > 0) labels.push(`Flapping every ${formatDuration(flappingPeriodMs)}`);
  for (const dep of dependenciesDown) labels.push(`${dep} down`);
  return labels;
}

function ServiceState({ service }: { service: ServiceStatus }) {
  if (!service.running) return <StatusMark status="down" label="Stopped" />;
  if (!service.ready) return <StatusMark status="degraded" label="Not ready" />;
  return <StatusMark status="ok" label="Ready" />;
}

function Version({ service, releases }: { service: ServiceStatus; releases: PlatformStatus['releases'] }) {
  const release = releases.find((r) => r.version === service.version);
  const unhealthy = release !== undefined && !release.healthy;
  return (
    <div className="version">
      <code className="version__current">{service.version}</code>
      {unhealthy && (
        <span className="chip chip--warn" title={release.note}>
          <Icon name="warning" />
          unhealthy
        </span>
      )}
      {service.history.length > 0 && (
        <span className="version__history" title={`before: ${service.history.join(', ')}`}>
          ← {service.history[0]}
        </span>
      )}
    </div>
  );
}

function ServiceRows({ service, status, operator, columns }: { service: ServiceStatus; status: PlatformStatus; operator: boolean; columns: number }) {
  const call = useRehearsalCall();
  const [open, setOpen] = useState(false);
  const id = service.id;
  const faults = faultLabels(service);
  const send = (control: string, what: string, fault: Fault) =>
    void call.run(control, what, (client) => client.call('rehearsal.fault', { service: id, fault }));
  const errorShare = service.requests > 0 ? service.errors / service.requests : 0;
  return (
    <Fragment>
      <tr
        className={`svc-row svc-row--${!service.running ? 'stopped' : service.ready ? 'ready' : 'unready'}`}
        data-testid={`rehearsal-service-${id}`}
        data-running={service.running}
        data-ready={service.ready}
      >
        <td>
          <div className="svc-name">
            <strong>{service.name}</strong>
            <span className="muted">
              <code>{id}</code> · :{service.port}
            </span>
          </div>
        </td>
        <td>
          <ServiceState service={service} />
          {service.reasons.length > 0 && (
            <ul className="reasons" aria-label="Why not ready">
              {service.reasons.map((reason) => (
                <li key={reason}>{reason}</li>
              ))}
            </ul>
          )}
        </td>
        <td>
          <Version service={service} releases={status.releases} />
        </td>
        <td>
          {faults.length === 0 ? (
            <span className="muted">—</span>
          ) : (
            <ul className="chips" aria-label="Active faults">
              {faults.map((label) => (
                <li key={label} className="chip chip--fault">
                  <Icon name="bolt" />
                  {label}
                </li>
              ))}
            </ul>
          )}
        </td>
        <td className="num traffic">
          <span className="traffic__requests" data-testid={`requests-${id}`}>
            {formatInt(service.requests)} <span className="muted">req</span>
          </span>
          <span className={`traffic__errors${service.errors > 0 ? ' num--bad' : ' muted'}`} data-testid={`errors-${id}`}>
            {formatInt(service.errors)} err{service.errors > 0 ? ` · ${formatPercent(errorShare)}` : ''}
          </span>
        </td>
        {operator && (
          <td className="svc-controls">
            <div className="button-row button-row--nowrap">
              {service.running ? (
                <button
                  type="button"
                  className="button button--small button--danger"
                  disabled={call.busy !== null}
                  onClick={() => send('stop', `Stop ${service.name}`, { kind: 'stop' })}
                  data-testid={`fault-stop-${id}`}
                >
                  <Icon name="stop" />
                  {call.busy === 'stop' ? 'Stopping…' : 'Stop'}
                </button>
              ) : (
                <button
                  type="button"
                  className="button button--small button--primary"
                  disabled={call.busy !== null}
                  onClick={() => send('start', `Start ${service.name}`, { kind: 'start' })}
                  data-testid={`fault-start-${id}`}
                >
                  <Icon name="play" />
                  {call.busy === 'start' ? 'Starting…' : 'Start'}
                </button>
              )}
              <button
                type="button"
                className="button button--small"
                aria-expanded={open}
                aria-controls={`fault-panel-${id}`}
                onClick={() => setOpen(!open)}
                data-testid={`fault-menu-${id}`}
              >
                <Icon name="bolt" />
                Faults {open ? '▴' : '▾'}
              </button>
              <button
                type="button"
                className="button button--small"
                disabled={call.busy !== null}
                onClick={() => send('clear', `Clear faults of ${service.name}`, { kind: 'clear' })}
                data-testid={`fault-clear-${id}`}
              >
                {call.busy === 'clear' ? 'Clearing…' : 'Clear'}
              </button>
            </div>
            <CallError problem={call.problem} controls={['stop', 'start', 'clear']} testId={`fault-error-${id}`} />
          </td>
        )}
      </tr>
      {operator && open && (
        <tr className="fault-panel-row" id={`fault-panel-${id}`}>
          <td colSpan={columns}>
            <FaultPanel service={service} call={call} send={send} status={status} />
          </td>
        </tr>
      )}
    </Fragment>
  );
}

export function ServicesTable({ status, operator }: { status: PlatformStatus; operator: boolean }) {
  const columns = operator ? 6 : 5;
  return (
    <div className="table-scroll">
      <table className="table rehearsal-services" data-testid="rehearsal-services">
        <thead>
          <tr>
            <th scope="col">Service</th>
            <th scope="col">State</th>
            <th scope="col">Version</th>
            <th scope="col">Faults</th>
            <th scope="col" className="num">
              Traffic
            </th>
            {operator && <th scope="col">Controls</th>}
          </tr>
        </thead>
        <tbody>
          {status.services.map((service) => (
            <ServiceRows key={service.id} service={service} status={status} operator={operator} columns={columns} />
          ))}
        </tbody>
      </table>
    </div>
  );
}
