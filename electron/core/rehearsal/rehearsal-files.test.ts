import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { PlatformTopologySchema } from '../../../shared/domain/rehearsal.js';
import { serviceUrl } from '../../../shared/domain/config.js';
import { loadConfigFile } from '../config/load-config.js';
import { defaultResourcesDir } from '../paths.js';
import { REHEARSAL_CONFIG } from '../testing/make-core.js';
import { rehearsalFiles } from './rehearsal-service.js';

describe('the bundled rehearsal config and the simulated platform', () => {
  const { config } = loadConfigFile(REHEARSAL_CONFIG, { bundled: true });
  const topology = PlatformTopologySchema.parse(parse(readFileSync(rehearsalFiles(defaultResourcesDir()).topologyFile, 'utf8')));

  it('name the same services on the same ports, with the same dependencies', () => {
    expect(Object.keys(config.services).sort()).toEqual(Object.keys(topology.services).sort());
    for (const [id, service] of Object.entries(config.services)) {
      const simulated = topology.services[id]!;
      expect(serviceUrl(service, 'rehearsal'), id).toBe(`http://127.0.0.1:${simulated.port}`);
      expect(service.dependsOn, id).toEqual(simulated.dependsOn);
    }
  });

  it('use ports 8001-8007 and 8009-8012, the gateway on 8009', () => {
    const ports = Object.values(topology.services).map((s) => s.port).sort((a, b) => a - b);
    expect(ports).toEqual([8001, 8002, 8003, 8004, 8005, 8006, 8007, 8009, 8010, 8011, 8012]);
    expect(topology.services.gateway?.port).toBe(8009);
  });

  it('ship the scripts the config names as actions, executable', () => {
    const actions = (config.actions ?? {}) as Record<string, { argv: string[] }>;
    for (const [id, action] of Object.entries(actions)) {
      const script = join(defaultResourcesDir(), action.argv[1]!);
      expect(() => readFileSync(script), id).not.toThrow();
    }
  });
});
