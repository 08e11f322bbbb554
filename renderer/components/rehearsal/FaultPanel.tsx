/**
 * The fault editor of one simulated service, opened from its row: slow, errors, flapping, its
 * infrastructure dependencies, and deploying a release. Each box sends one rehearsal.fault.
 */
import { useState } from 'react';
import type { ReactNode } from 'react';
import type { Fault, PlatformStatus, ServiceStatus } from '../../../shared/domain/rehearsal.js';
import { Icon } from '../common/Icon.js';
import { StatusMark } from '../common/StatusMark.js';
import { CallError } from '../common/CallError.js';
import type { RehearsalCall } from './use-rehearsal-call.js';

type Release = PlatformStatus['releases'][number];

export const SLOW_PRESETS = [
  { label: '+50 ms', medianMs: 50, p99Ms: 250 },
  { label: '+300 ms', medianMs: 300, p99Ms: 2000 },
  { label: '+1 s', medianMs: 1000, p99Ms: 6000 },
] as const;
export const ERROR_PRESETS = [5, 10, 30, 100] as const;
export const FLAPPING_PRESETS = [10, 20, 60] as const;

interface BoxProps {
  service: ServiceStatus;
  call: RehearsalCall;
  send: (control: string, what: string, fault: Fault) => void;
}

function Box({ title, active, children, testId }: { title: string; active: boolean; children: ReactNode; testId: string }) {
  return (
    <section className={`fault-box${active ? ' fault-box--active' : ''}`} data-testid={testId} data-active={active}>
      <h4 className="fault-box__title">
        {active && <Icon name="bolt" />}
        {title}
        {active && <span className="fault-box__on">on</span>}
      </h4>
      {children}
    </section>
  );
}

/** A whole number from a text field, or null when it is not one. */
function parseNumber(text: string): number | null {
  if (text.trim() === '') return null;
  const value = Number(text);
  return Number.isFinite(value) ? value : null;
}

function NumberField(props: { label: string; unit: string; value: string; onChange: (v: string) => void; max: number; testId: string; step?: number }) {
  return (
    <label className="field field--num">
      <span className="field__label">{props.label}</span>
      <span className="input-unit">
        <input
          className="input input--num"
          type="number"
          inputMode="decimal"
          min={0}
          max={props.max}
          step={props.step ?? 1}
          value={props.value}
          onChange={(e) => props.onChange(e.target.value)}
          data-testid={props.testId}
        />
        <span className="input-unit__unit">{props.unit}</span>
      </span>
    </label>
  );
}

function SlowBox({ service, call, send }: BoxProps) {
  const slow = service.faults.slow;
  const [median, setMedian] = useState(String(slow?.medianMs ?? 300));
  const [p99, setP99] = useState(String(slow?.p99Ms ?? 2000));
  const m = parseNumber(median);
  const p = parseNumber(p99);
  const valid = m !== null && p !== null && m >= 0 && p >= m;
  const id = service.id;
  return (
    <Box title="Slow" active={slow !== null} testId={`fault-box-slow-${id}`}>
      <div className="preset-row" role="group" aria-label="Slow presets">
        {SLOW_PRESETS.map((preset) => (
          <button
            key={preset.label}
            type="button"
            className="chip-button"
            aria-pressed={m === preset.medianMs && p === preset.p99Ms}
            onClick={() => {
              setMedian(String(preset.medianMs));
              setP99(String(preset.p99Ms));
            }}
          >
            {preset.label}
          </button>
        ))}
      </div>
      <div className="fault-box__fields">
        <NumberField label="Median" unit="ms" value={median} onChange={setMedian} max={60_000} testId={`fault-slow-median-${id}`} />
        <NumberField label="p99" unit="ms" value={p99} onChange={setP99} max={120_000} testId={`fault-slow-p99-${id}`} />
      </div>
      {!valid && <p className="field-hint">Median and p99 in ms, p99 at least the median.</p>}
      <div className="button-row">
        <button
          type="button"
          className="button button--small button--primary"
          disabled={!valid || call.busy !== null}
          onClick={() => valid && send('slow', 'Slow', { kind: 'slow', medianMs: m, p99Ms: p })}
          data-testid={`fault-slow-${id}`}
        >
          Apply
        </button>
        {slow && (
          <button
            type="button"
            className="button button--small"
            disabled={call.busy !== null}
            onClick={() => send('slow', 'Slow off', { kind: 'slow', medianMs: 0, p99Ms: 0 })}
            data-testid={`fault-slow-off-${id}`}
          >
            Off
          </button>
        )}
      </div>
      <CallError problem={call.problem} controls={['slow']} testId={`fault-error-${id}`} />
    </Box>
  );
}

function ErrorsBox({ service, call, send }: BoxProps) {
  const current = service.faults.errorRate;
  const [percent, setPercent] = useState(String(current > 0 ? Math.round(current * 1000) / 10 : 10));
  const value = parseNumber(percent);
  const valid = value !== null && value >= 0 && value <= 100;
  const id = service.id;
  return (
    <Box title="Errors (503)" active={current > 0} testId={`fault-box-errors-${id}`}>
      <div className="preset-row" role="group" aria-label="Error rate presets">
        {ERROR_PRESETS.map((preset) => (
          <button key={preset} type="button" className="chip-button" aria-pressed={value === preset} onClick={() => setPercent(String(preset))}>
            {preset} %
          </button>
        ))}
      </div>
      <div className="fault-box__fields">
        <NumberField label="Share of requests" unit="%" value={percent} onChange={setPercent} max={100} step={0.1} testId={`fault-errors-rate-${id}`} />
      </div>
      {!valid && <p className="field-hint">A share from 0 to 100 %.</p>}
      <div className="button-row">
        <button
          type="button"
          className="button button--small button--primary"
          disabled={!valid || call.busy !== null}
          onClick={() => valid && send('errors', 'Errors', { kind: 'errors', rate: value / 100 })}
          data-testid={`fault-errors-${id}`}
        >
          Apply
        </button>
        {current > 0 && (
          <button
            type="button"
            className="button button--small"
            disabled={call.busy !== null}
            onClick={() => send('errors', 'Errors off', { kind: 'errors', rate: 0 })}
            data-testid={`fault-errors-off-${id}`}
          >
            Off
          </button>
        )}
      </div>
      <CallError problem={call.problem} controls={['errors']} testId={`fault-error-${id}`} />
    </Box>
  );
}

function FlappingBox({ service, call, send }: BoxProps) {
  const current = service.faults.flappingPeriodMs;
  const [seconds, setSeconds] = useState(String(current > 0 ? current / 1000 : 20));
  const value = parseNumber(seconds);
  const valid = value !== null && value > 0 && value <= 3600;
  const id = service.id;
  return (
    <Box title="Flapping" active={current > 0} testId={`fault-box-flapping-${id}`}>
      <div className="preset-row" role="group" aria-label="Flapping presets">
        {FLAPPING_PRESETS.map((preset) => (
          <button key={preset} type="button" className="chip-button" aria-pressed={value === preset} onClick={() => setSeconds(String(preset))}>
            {preset} s
          </button>
        ))}
      </div>
      <div className="fault-box__fields">
        <NumberField label="Period" unit="s" value={seconds} onChange={setSeconds} max={3600} testId={`fault-flapping-period-${id}`} />
      </div>
      {!valid ? (
        <p className="field-hint">A period from 1 s to 1 h.</p>
      ) : (
        <p className="field-hint">Ready and unready in turn, {value / 2} s each.</p>
      )}
      <div className="button-row">
        <button
          type="button"
          className="button button--small button--primary"
          disabled={!valid || call.busy !== null}
          onClick={() => valid && send('flapping', 'Flapping', { kind: 'flapping', periodMs: Math.round(value * 1000) })}
          data-testid={`fault-flapping-${id}`}
        >
          Apply
        </button>
        {current > 0 && (
          <button
            type="button"
            className="button button--small"
            disabled={call.busy !== null}
            onClick={() => send('flapping', 'Flapping off', { kind: 'flapping', periodMs: 0 })}
            data-testid={`fault-flapping-off-${id}`}
          >
            Off
          </button>
        )}
      </div>
      <CallError problem={call.problem} controls={['flapping']} testId={`fault-error-${id}`} />
    </Box>
  );
}

function DependenciesBox({ service, call, send }: BoxProps) {
  const down = new Set(service.faults.dependenciesDown);
  const id = service.id;
  const controls = service.dependencies.map((dep) => `dependency:${dep}`);
  return (
    <Box title="Dependencies" active={down.size > 0} testId={`fault-box-dependencies-${id}`}>
      <ul className="dep-list">
        {service.dependencies.map((dep) => {
          const isDown = down.has(dep);
          return (
            <li key={dep} className="dep-list__item" data-dependency={dep} data-down={isDown}>
              <StatusMark status={isDown ? 'down' : 'ok'} label={`${dep} ${isDown ? 'down' : 'up'}`} />
              <button
                type="button"
                className={`button button--small${isDown ? '' : ' button--danger'}`}
                disabled={call.busy !== null}
                onClick={() =>
                  send(
                    `dependency:${dep}`,
                    isDown ? `Bring ${dep} up` : `Take ${dep} down`,
                    isDown ? { kind: 'dependency-up', dependency: dep } : { kind: 'dependency-down', dependency: dep },
                  )
                }
                data-testid={`fault-dependency-${id}-${dep}`}
              >
                {isDown ? 'Bring up' : 'Take down'}
              </button>
            </li>
          );
        })}
      </ul>
      <CallError problem={call.problem} controls={controls} testId={`fault-error-${id}`} />
    </Box>
  );
}

function releaseLabel(release: Release, service: ServiceStatus, baseline: string): string {
  const marks = [
    release.version === service.version ? 'current' : null,
    release.version === baseline ? 'baseline' : null,
    release.healthy ? null : 'UNHEALTHY',
  ].filter(Boolean);
  const note = release.note ? ` — ${release.note}` : '';
  return `${release.healthy ? '' : '⚠ '}${release.version}${marks.length ? ` (${marks.join(', ')})` : ''}${note}`;
}

function DeployBox({ service, call, send, releases, baseline }: BoxProps & { releases: Release[]; baseline: string }) {
  const firstOther = releases.find((release) => release.version !== service.version)?.version ?? service.version;
  const [version, setVersion] = useState(firstOther);
  const chosen = releases.find((release) => release.version === version);
  const id = service.id;
  return (
    <Box title="Deploy version" active={false} testId={`fault-box-deploy-${id}`}>
      <label className="field">
        <span className="field__label">
          Release, now <code>{service.version}</code>
        </span>
        <select className="input input--select" value={version} onChange={(e) => setVersion(e.target.value)} data-testid={`fault-deploy-version-${id}`}>
          {releases.map((release) => (
            <option key={release.version} value={release.version}>
              {releaseLabel(release, service, baseline)}
            </option>
          ))}
        </select>
      </label>
      {chosen && !chosen.healthy && (
        <StatusMark status="degraded" label={`Unhealthy release${chosen.note ? `: ${chosen.note}` : ''}`} />
      )}
      <div className="button-row">
        <button
          type="button"
          className="button button--small button--primary"
          disabled={call.busy !== null || version === service.version}
          onClick={() => send('deploy', `Deploy ${version}`, { kind: 'deploy', version })}
          data-testid={`fault-deploy-${id}`}
        >
          Deploy {version}
        </button>
      </div>
      <CallError problem={call.problem} controls={['deploy']} testId={`fault-error-${id}`} />
    </Box>
  );
}

export function FaultPanel({ service, call, send, status }: BoxProps & { status: PlatformStatus }) {
  return (
    <div className="fault-panel" data-testid={`fault-panel-${service.id}`} aria-busy={call.busy !== null}>
      <SlowBox service={service} call={call} send={send} />
      <ErrorsBox service={service} call={call} send={send} />
      <FlappingBox service={service} call={call} send={send} />
      {service.dependencies.length > 0 && <DependenciesBox service={service} call={call} send={send} />}
      <DeployBox service={service} call={call} send={send} releases={status.releases} baseline={status.baseline} />
    </div>
  );
}
