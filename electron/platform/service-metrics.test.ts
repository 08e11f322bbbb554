import { describe, expect, it } from 'vitest';
import { createServiceMetrics, RESOURCE_MODEL } from './service-metrics.js';

function value(text: string, name: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `));
  if (!line) throw new Error(`no ${name} in\n${text}`);
  return Number(line.slice(line.lastIndexOf(' ') + 1));
}

function setup() {
  let now = 1000;
  const metrics = createServiceMetrics({ service: 'api', ready: () => true, version: () => '1.0.0', nowSeconds: () => now });
  return { metrics, advance: (seconds: number) => (now += seconds) };
}

describe('simulated service resources', () => {
  it('move under load: CPU seconds, memory, pool in use and cache all rise, then settle when traffic stops', async () => {
    const { metrics, advance } = setup();
    advance(10);
    const idle = await metrics.render();
    expect(value(idle, 'db_pool_connections_in_use')).toBe(0);
    expect(value(idle, 'db_pool_connections_max')).toBe(RESOURCE_MODEL.poolSize);

    // 10 s at 200 requests per second, 30 requests held in flight at the end.
    for (let second = 0; second < 10; second += 1) {
      for (let i = 0; i < 200; i += 1) {
        const end = metrics.begin();
        metrics.observe('GET', '/api/', 200, 0.01);
        end();
      }
      advance(1);
    }
    const held = Array.from({ length: 30 }, () => metrics.begin());
    const busy = await metrics.render();
    expect(value(busy, 'process_cpu_seconds_total')).toBeGreaterThan(value(idle, 'process_cpu_seconds_total') + 2000 * RESOURCE_MODEL.cpuPerRequest * 0.99);
    expect(value(busy, 'process_resident_memory_bytes')).toBeGreaterThan(value(idle, 'process_resident_memory_bytes') + 10 * 1024 * 1024);
    expect(value(busy, 'cache_memory_bytes')).toBeGreaterThan(value(idle, 'cache_memory_bytes') + 10 * 1024 * 1024);
    expect(value(busy, 'http_requests_in_flight')).toBe(30);
    expect(value(busy, 'db_pool_connections_in_use')).toBe(RESOURCE_MODEL.poolSize);
    expect(value(busy, 'db_pool_waiting')).toBe(10);

    for (const end of held) end();
    advance(120);
    const after = await metrics.render();
    expect(value(after, 'db_pool_connections_in_use')).toBe(0);
    expect(value(after, 'process_resident_memory_bytes')).toBeLessThan(value(busy, 'process_resident_memory_bytes') - 10 * 1024 * 1024);
    expect(value(after, 'cache_memory_bytes')).toBeLessThan(value(busy, 'cache_memory_bytes'));
    // A counter never goes down.
    expect(value(after, 'process_cpu_seconds_total')).toBeGreaterThanOrEqual(value(busy, 'process_cpu_seconds_total'));
  });

  it('ends a request once, however often its end is called', async () => {
    const { metrics } = setup();
    const end = metrics.begin();
    end();
    end();
    expect(value(await metrics.render(), 'http_requests_in_flight')).toBe(0);
  });

  it('labels every series with the service', async () => {
    const { metrics } = setup();
    expect(await metrics.render()).toMatch(/^process_resident_memory_bytes\{service="api"\} \d+$/m);
  });
});
