/** Test helper: runs the engine on a scenario and profile written as config input, and keeps everything it emitted. */
import type { LoadSummary, LoadTick } from '../../../../shared/domain/load.js';
import { LoadProfileSchema, LoadScenarioSchema, LoadThresholdSchema, type LoadProfileInput, type LoadScenarioInput } from '../../../../shared/domain/load.js';
import { startLoadRun, type LoadRunHandle, type StartLoadRunOptions } from '../coordinator.js';

export interface LoadRunRecord {
  summary: LoadSummary;
  ticks: LoadTick[];
  /** Wall-clock ms at which each tick arrived. */
  tickTimes: number[];
  logs: string[];
}

export interface RunLoadOptions extends Partial<Omit<StartLoadRunOptions, 'scenario' | 'profile' | 'thresholds'>> {
  thresholds?: unknown[];
  /** Called once the run started, e.g. to stop it. */
  whileRunning?: (handle: LoadRunHandle) => void;
}

export async function runLoad(
  baseUrl: string,
  scenario: LoadScenarioInput,
  profile: LoadProfileInput,
  options: RunLoadOptions = {},
): Promise<LoadRunRecord> {
  const ticks: LoadTick[] = [];
  const tickTimes: number[] = [];
  const logs: string[] = [];
  const { thresholds, whileRunning, ...rest } = options;
  const handle = startLoadRun({
    workers: 2,
    ...rest,
    baseUrl,
    scenario: LoadScenarioSchema.parse(scenario),
    profile: LoadProfileSchema.parse(profile),
    thresholds: (thresholds ?? []).map((threshold) => LoadThresholdSchema.parse(threshold)),
    onTick: (tick) => {
      ticks.push(tick);
      tickTimes.push(Date.now());
      rest.onTick?.(tick);
    },
    onLog: (level, message) => logs.push(`${level}: ${message}`),
  });
  whileRunning?.(handle);
  const summary = await handle.done;
  return { summary, ticks, tickTimes, logs };
}

/** The summary of one endpoint, by label. */
export function endpointOf(summary: LoadSummary, label: string): LoadSummary['endpoints'][number] {
  const found = summary.endpoints.find((endpoint) => endpoint.endpoint === label);
  if (!found) throw new Error(`no endpoint "${label}" in ${summary.endpoints.map((endpoint) => endpoint.endpoint).join(', ')}`);
  return found;
}
