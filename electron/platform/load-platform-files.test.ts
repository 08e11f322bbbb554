import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../shared/util/config-error.js';
import { parsePlatformTopology, parseScenarioCatalog } from './load-platform-files.js';
import { bundledPlatformFiles, smallTopology } from './platform-test-support.js';

function problems(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigError) return error.message.split('\n').slice(1).map((l) => l.trim());
    throw error;
  }
  throw new Error('expected a ConfigError');
}

const topologyText = (services: string, baseline = '1.0.0') => `controlPort: 0
services:
${services}
releases:
  baseline: ${baseline}
  catalog:
    1.0.0: {}
`;

describe('platform files', () => {
  it('loads the topology and scenarios that ship with the app', () => {
    const { topology, scenarios } = bundledPlatformFiles();
    expect(Object.keys(topology.services)).toHaveLength(11);
    expect(topology.services.gateway).toMatchObject({ port: 8009, role: 'gateway' });
    expect(topology.controlPort).toBe(8013);
    expect(Object.keys(scenarios).sort()).toEqual(['bad-config', 'bad-deploy', 'database-failover', 'gateway-overload', 'service-crash']);
  });

  it('names file:line:col of an unknown dependsOn, a cycle and a baseline missing from the catalog', () => {
    const text = topologyText(
      `  a:
    name: A
    port: 9001
    dependsOn: [b, ghost]
    latency: { medianMs: 1, p99Ms: 2 }
  b:
    name: B
    port: 9002
    dependsOn: [a]
    latency: { medianMs: 1, p99Ms: 2 }`,
      '2.0.0',
    );
    expect(problems(() => parsePlatformTopology(text, 'platform.yaml'))).toEqual([
      'platform.yaml:6:20: services.a.dependsOn[1]: unknown service "ghost" (known: a, b)',
      'platform.yaml:11:17: services.b.dependsOn[0]: dependency cycle: a → b → a',
      'platform.yaml:14:13: releases.baseline: version 2.0.0 is not in releases.catalog (known: 1.0.0)',
    ]);
  });

  it('locates schema problems: an unknown key, a bad id key, a wrong type', () => {
    const text = topologyText(`  a:
    name: A
    port: eighty
    colour: red
    latency: { medianMs: 1, p99Ms: 2 }
  Bad_Id:
    name: B
    port: 9002
    latency: { medianMs: 1, p99Ms: 2 }`);
    const found = problems(() => parsePlatformTopology(text, 'p.yaml'));
    expect(found).toContain('p.yaml:5:11: services.a.port: expected number, got string "eighty"');
    expect(found).toContain('p.yaml:6:5: services.a.colour: unknown key "colour"');
    expect(found.some((p) => p.startsWith('p.yaml:8:3: services.Bad_Id: invalid key'))).toBe(true);
  });

  it('refuses a YAML alias bomb at the alias that expands the most', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]', ...Array.from({ length: 8 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10).fill(`*${String.fromCharCode(97 + i)}`).join(', ')}]`)].join('\n');
    expect(problems(() => parsePlatformTopology(bomb, 'platform.yaml'))).toEqual([expect.stringMatching(/^platform\.yaml:9:8: too many aliases: \*h/)]);
  });

  it('refuses two services on one port', () => {
    const text = topologyText(`  a: { name: A, port: 9001, latency: { medianMs: 1, p99Ms: 2 } }
  b: { name: B, port: 9001, latency: { medianMs: 1, p99Ms: 2 } }`);
    expect(problems(() => parsePlatformTopology(text, 'p.yaml'))).toEqual(['p.yaml:4:23: services.b.port: port 9001 is already used by a']);
  });

  it('locates a step offset that is not a duration', () => {
    const text = `drill:
  title: Drill
  description: d
  steps:
    - { at: soon, say: s }
`;
    expect(problems(() => parseScenarioCatalog(text, 's.yaml', smallTopology()))).toEqual([
      's.yaml:5:13: drill.steps[0].at: expected a duration such as 2m, 90s or 1m30s',
    ]);
  });

  it('reports each cross-check problem of a schema-valid scenario file at its line', () => {
    const text = `drill:
  title: Drill
  description: d
  steps:
    - { at: 10s, say: s, fault: { service: ghost, fault: { kind: stop } } }
    - { at: 20s, say: s, deploy: { version: 9.9.9 } }
    - { at: 30s, say: s, fault: { service: planner, fault: { kind: dependency-down, dependency: database } } }
    - { at: 40s, say: s, rollback: { services: [planner] }, deploy: { version: 1.1.0 } }
`;
    expect(problems(() => parseScenarioCatalog(text, 's.yaml', smallTopology()))).toEqual([
      's.yaml:5:44: drill.steps[0].fault.service: unknown service "ghost" (known: data-layer, planner, gateway)',
      's.yaml:6:45: drill.steps[1].deploy.version: version 9.9.9 is not in the release catalog (known: 1.0.0, 1.1.0, 1.1.0-bad)',
      's.yaml:7:97: drill.steps[2].fault.fault.dependency: "database" is not a dependency of planner (it has no dependencies)',
      's.yaml:8:7: drill.steps[3]: a step does one thing: fault, deploy, rollback or config (split it into steps at the same time)',
    ]);
  });
});
