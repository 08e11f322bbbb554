/** JSON export of a run: the record, the per-second series and the endpoint stats with their histograms. */
import type { LoadRunRecord, LoadSeriesPoint } from '../../../../shared/domain/load-runs.js';
import type { RunResource } from '../../../../shared/domain/monitoring.js';
import { TOTAL_ENDPOINT, type LoadEndpointStats } from '../../store/repos/load-runs-repo.js';

/** What renderJson writes; `version` changes when the shape does. */
export interface LoadRunExport {
  format: 'warroom-load-run';
  version: 1;
  run: LoadRunRecord;
  series: LoadSeriesPoint[];
  /** All requests, with the HdrHistogram (µs, compressed base64); null before the run ended. */
  total: LoadEndpointStats | null;
  endpoints: LoadEndpointStats[];
  /** Resources sampled from Prometheus during the run (absent in files written before they were). */
  resources?: RunResource[];
}

export function renderJson(
  run: LoadRunRecord,
  series: readonly LoadSeriesPoint[],
  endpointStats: readonly LoadEndpointStats[],
  resources?: readonly RunResource[],
): string {
  const document: LoadRunExport = {
    format: 'warroom-load-run',
    version: 1,
    run,
    series: [...series],
    total: endpointStats.find((s) => s.endpoint === TOTAL_ENDPOINT) ?? null,
    endpoints: endpointStats.filter((s) => s.endpoint !== TOTAL_ENDPOINT),
    ...(resources ? { resources: [...resources] } : {}),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
