/** Each probe of a service: status, name and kind, what its last check said, latency, since when. */
import type { ServiceHealth } from '../../../shared/domain/probes.js';
import { HealthMark } from './HealthMark.js';
import { Since } from './Since.js';
import { formatLatency } from '../../../shared/format/durations.js';

export function ProbeRows({ health }: { health: ServiceHealth }) {
  return (
    <table className="probe-rows">
      <thead>
        <tr>
          <th scope="col">Probe</th>
          <th scope="col">Status</th>
          <th scope="col">Last check</th>
          <th scope="col" className="num">
            Latency
          </th>
        </tr>
      </thead>
      <tbody>
        {health.probes.map((probe) => (
          <tr key={probe.probeId} data-testid={`probe-row-${probe.probeId}`} data-status={probe.status}>
            <td className="probe-rows__name">
              {probe.name} <span className="muted">{probe.kind}</span>
            </td>
            <td className="probe-rows__status">
              <HealthMark status={probe.status} size="sm" />
              {probe.flapping && <span className="probe-rows__flap">flapping</span>}
              <Since at={probe.since} />
            </td>
            <td className="probe-rows__detail" title={probe.lastResult?.detail}>
              {probe.lastResult?.detail ?? <span className="muted">no check yet</span>}
            </td>
            <td className="num">{formatLatency(probe.lastResult?.latencyMs)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
