/**
 * For monitoring tests that need the real thing: the rehearsal platform on free ports and the
 * rehearsal stack (Debian's Prometheus and Alertmanager, the shipped rules) scraping it every
 * second, in a temp dir; and API traffic to the platform for the API tiles and alerts.
 */
import { join } from 'node:path';
import { defaultResourcesDir } from '../../../paths.js';
import { makeTempDir } from '../../../testing/temp-dir.js';
import { launchPlatform } from '../../platform-launcher.js';
import type { LaunchedPlatform } from '../../platform-launcher.js';
import { rehearsalFiles } from '../../rehearsal-service.js';
import { startMonitoringStack } from '../monitoring-stack.js';
import type { MonitoringStack, MonitoringStackOptions } from '../monitoring-stack.js';

export interface RehearsalRig {
  temp: { path: string; remove(): void };
  platform: LaunchedPlatform;
  stack: MonitoringStack;
  /** Stops the stack and the platform and removes the temp dir (stop a core on it first). */
  close(): Promise<void>;
}

/** `stack`: options over the defaults (free ports, 1 s scrapes and evaluations). */
export async function startRehearsalRig(stack: Partial<MonitoringStackOptions> = {}): Promise<RehearsalRig> {
  const temp = makeTempDir();
  const platform = await launchPlatform({ stateFile: join(temp.path, 'platform.json'), anyPort: true, ...rehearsalFiles(defaultResourcesDir()) });
  const running = await startMonitoringStack({
    templateDir: join(defaultResourcesDir(), 'rehearsal', 'monitoring'),
    servicePorts: platform.ports,
    prometheusPort: 0,
    alertmanagerPort: 0,
    scrapeIntervalMs: 1000,
    evaluationIntervalMs: 1000,
    ...stack,
  });
  return {
    temp,
    platform,
    stack: running,
    async close() {
      await running.stop();
      await platform.kill();
      temp.remove();
    },
  };
}

/**
 * A request to `path` on each service every `everyMs`, not waiting for slow answers before the
 * next, until stopped (which waits for those in flight).
 */
export function apiTraffic(ports: Readonly<Record<string, number>>, { path, everyMs, services = Object.keys(ports) }: { path: string; everyMs: number; services?: readonly string[] }): { stop(): Promise<void> } {
  const pending = new Set<Promise<unknown>>();
  const timer = setInterval(() => {
    for (const service of services) {
      const request = fetch(`http://127.0.0.1:${ports[service]}${path}`)
        .then((r) => r.arrayBuffer())
        .catch(() => undefined);
      pending.add(request);
      void request.finally(() => pending.delete(request));
    }
  }, everyMs);
  return {
    async stop() {
      clearInterval(timer);
      await Promise.all(pending);
    },
  };
}
