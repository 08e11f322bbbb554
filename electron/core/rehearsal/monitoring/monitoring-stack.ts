/**
 * The rehearsal monitoring stack: a real Prometheus (scraping the platform's services and
 * Warroom's /metrics, evaluating the five alert rules) and a real Alertmanager, on loopback
 * ports, with storage in a fresh temporary directory removed at stop. Both run as supervised
 * children in process groups of their own: argv only, stderr tail kept, the whole group stopped.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REHEARSAL_ALERTMANAGER_PORT, REHEARSAL_PROMETHEUS_PORT } from '../../../../shared/format/prometheus.js';
import { signalGroup, terminateGroup } from '../../process/process-group.js';
import { findMonitoringBinaries } from './binaries.js';
import type { MonitoringBinaries } from './binaries.js';
import { MONITORING_FILES, renderStackConfig } from './stack-config.js';
import type { StackConfigInput } from './stack-config.js';

/** The rehearsal stack's fixed ports: away from Debian's daemons on 9090/9093/9094. */
export const DEFAULT_PROMETHEUS_PORT = REHEARSAL_PROMETHEUS_PORT;
export const DEFAULT_ALERTMANAGER_PORT = REHEARSAL_ALERTMANAGER_PORT;

export interface MonitoringStackOptions extends Omit<StackConfigInput, 'alertmanagerPort' | 'scrapeIntervalMs' | 'evaluationIntervalMs'> {
  /** 0: any free port. */
  prometheusPort?: number;
  alertmanagerPort?: number;
  scrapeIntervalMs?: number;
  evaluationIntervalMs?: number;
  binaries?: MonitoringBinaries;
  /** Give up when either has not answered /-/ready in this time. */
  startTimeoutMs?: number;
}

export interface MonitoringStack {
  prometheusUrl: string;
  alertmanagerUrl: string;
  /** The temporary directory with the written configs and both stores. */
  workDir: string;
  pids: { prometheus: number; alertmanager: number };
  /** Resolves when either child ends by itself (with which one and the tail of its stderr). */
  exited: Promise<string>;
  /** Stops both process groups (SIGTERM, then SIGKILL) and removes the work directory. Idempotent. */
  stop(): Promise<void>;
}

interface Supervised {
  name: string;
  child: ChildProcess & { pid: number };
  exited: Promise<string>;
}

export async function startMonitoringStack(options: MonitoringStackOptions): Promise<MonitoringStack> {
  const binaries = options.binaries ?? findMonitoringBinaries();
  const prometheusPort = await portOrFree(options.prometheusPort ?? DEFAULT_PROMETHEUS_PORT);
  const alertmanagerPort = await portOrFree(options.alertmanagerPort ?? DEFAULT_ALERTMANAGER_PORT);
  const files = renderStackConfig({
    ...options,
    alertmanagerPort,
    scrapeIntervalMs: options.scrapeIntervalMs ?? 15_000,
    evaluationIntervalMs: options.evaluationIntervalMs ?? options.scrapeIntervalMs ?? 15_000,
  });
  const workDir = mkdtempSync(join(tmpdir(), 'warroom-monitoring-'));
  for (const dir of ['prometheus-data', 'alertmanager-data']) mkdirSync(join(workDir, dir));
  // The token (if any) sits in prometheus.yml: owner-only.
  writeFileSync(join(workDir, MONITORING_FILES.prometheus), files.prometheus, { mode: 0o600 });
  writeFileSync(join(workDir, MONITORING_FILES.rules), files.rules);
  writeFileSync(join(workDir, MONITORING_FILES.alertmanager), files.alertmanager);

  const children: Supervised[] = [];
  let stopped: Promise<void> | undefined;
  const stop = () =>
    (stopped ??= (async () => {
      await Promise.all(children.map((c) => terminateGroup(c.child.pid, 3000, 1000)));
      rmSync(workDir, { recursive: true, force: true });
    })());
  // If this process dies, the stack goes with it.
  const onExit = () => children.forEach((c) => signalGroup(c.child.pid, 'SIGKILL'));
  process.once('exit', onExit);

  try {
    children.push(
      supervise('Alertmanager', binaries.alertmanager, [
        `--config.file=${join(workDir, MONITORING_FILES.alertmanager)}`,
        `--storage.path=${join(workDir, 'alertmanager-data')}`,
        `--web.listen-address=127.0.0.1:${alertmanagerPort}`,
        // No gossip: an empty address turns clustering off (no port 9094).
        '--cluster.listen-address=',
      ]),
    );
    children.push(
      supervise('Prometheus', binaries.prometheus, [
        `--config.file=${join(workDir, MONITORING_FILES.prometheus)}`,
        `--storage.tsdb.path=${join(workDir, 'prometheus-data')}`,
        '--storage.tsdb.retention.time=1d',
        `--web.listen-address=127.0.0.1:${prometheusPort}`,
      ]),
    );
    const alertmanagerUrl = `http://127.0.0.1:${alertmanagerPort}`;
    const prometheusUrl = `http://127.0.0.1:${prometheusPort}`;
    const exited = Promise.race(children.map((c) => c.exited));
    const deadline = Date.now() + (options.startTimeoutMs ?? 30_000);
    await Promise.race([
      Promise.all([waitReady(alertmanagerUrl, deadline, 'Alertmanager'), waitReady(prometheusUrl, deadline, 'Prometheus')]),
      exited.then((how) => Promise.reject(new Error(how))),
    ]);
    return {
      prometheusUrl,
      alertmanagerUrl,
      workDir,
      pids: { alertmanager: children[0]!.child.pid, prometheus: children[1]!.child.pid },
      exited,
      async stop() {
        process.off('exit', onExit);
        await stop();
      },
    };
  } catch (error) {
    process.off('exit', onExit);
    await stop();
    throw error;
  }
}

function supervise(name: string, binary: string, args: string[]): Supervised {
  const child = spawn(binary, args, { detached: true, stdio: ['ignore', 'ignore', 'pipe'], env: { PATH: process.env.PATH ?? '/usr/bin:/bin' } });
  if (child.pid === undefined) throw new Error(`cannot start ${name} (${binary})`);
  let tail = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    tail = (tail + chunk).slice(-4000);
  });
  const exited = new Promise<string>((resolve) => {
    child.once('error', (error) => resolve(`${name} could not start: ${error.message}`));
    child.once('exit', (code, signal) => {
      const last = tail.trim().split('\n').slice(-2).join(' ');
      resolve(`${name} ${signal ? `was killed by ${signal}` : `exited with code ${code}`}${last ? `: ${last}` : ''}`);
    });
  });
  return { name, child: Object.assign(child, { pid: child.pid }), exited };
}

async function waitReady(url: string, deadline: number, name: string): Promise<void> {
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(2000) });
      if (response.ok) return;
      last = `answered ${response.status}`;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${name} did not become ready at ${url} (${last})`);
}

/** `port`, or a free loopback port for 0. A taken fixed port fails at listen with the child's own message. */
async function portOrFree(port: number): Promise<number> {
  if (port !== 0) return port;
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const free = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(free));
    });
  });
}
