/**
 * A throwaway Prometheus (the Debian package's /usr/bin/prometheus) on a free loopback port, with
 * a generated config scraping the given targets every second, optional rule files, a temp
 * storage dir and a short retention. Tests wait for a scrape through the API, never on a clock.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempDir } from '../../testing/temp-dir.js';
import { freePort } from '../../probes/testing/ports.js';
import { startServiceProcess } from '../../probes/testing/service-process.js';

const PROMETHEUS = process.env.WARROOM_PROMETHEUS ?? '/usr/bin/prometheus';

export interface TestPrometheus {
  url: string;
  close(): Promise<void>;
}

export interface PrometheusTarget {
  job: string;
  /** host:port */
  address: string;
  labels?: Record<string, string>;
}

export async function startPrometheus(options: { targets: PrometheusTarget[]; rules?: string; scrapeIntervalSeconds?: number }): Promise<TestPrometheus> {
  if (!existsSync(PROMETHEUS)) {
    throw new Error(`prometheus not found at ${PROMETHEUS}: install the Debian package "prometheus" (apt-get install -y prometheus), or set WARROOM_PROMETHEUS`);
  }
  const dir = makeTempDir('warroom-prometheus-');
  const port = await freePort();
  const interval = `${options.scrapeIntervalSeconds ?? 1}s`;
  // One scrape config per job, one static group per target (each may carry its own labels).
  const byJob = new Map<string, PrometheusTarget[]>();
  for (const target of options.targets) byJob.set(target.job, [...(byJob.get(target.job) ?? []), target]);
  const jobs = [...byJob].map(
    ([job, targets]) =>
      `  - job_name: ${JSON.stringify(job)}\n    static_configs:\n` +
      targets.map((t) => `      - targets: [${JSON.stringify(t.address)}]\n` + (t.labels ? `        labels: ${JSON.stringify(t.labels)}\n` : '')).join(''),
  );
  const ruleFiles = options.rules ? `rule_files: [${JSON.stringify(join(dir.path, 'rules.yml'))}]\n` : '';
  if (options.rules) writeFileSync(join(dir.path, 'rules.yml'), options.rules);
  writeFileSync(
    join(dir.path, 'prometheus.yml'),
    `global:\n  scrape_interval: ${interval}\n  evaluation_interval: ${interval}\n${ruleFiles}scrape_configs:\n${jobs.join('')}`,
  );
  const server = await startServiceProcess({
    name: 'prometheus',
    argv: [
      PROMETHEUS,
      `--config.file=${join(dir.path, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir.path, 'data')}`,
      '--storage.tsdb.retention.time=1h',
      `--web.listen-address=127.0.0.1:${port}`,
    ],
    cwd: dir.path,
    ready: /Server is ready to receive web requests/,
    startTimeoutMs: 30_000,
    onExitCleanup: () => dir.remove(),
  });
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      await server.stop('SIGTERM', 5000);
      dir.remove();
    },
  };
}
