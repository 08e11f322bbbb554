/** The public projection of a config that the renderer may see: no raw file, no secrets, no argv. */
import type { ConfigSummary } from '../../../shared/domain/app.js';
import { CONFIG_SECTIONS, serviceUrl } from '../../../shared/domain/config.js';
import type { LoadedConfig } from './load-config.js';

export function summarizeConfig({ config, path, bundled }: LoadedConfig): ConfigSummary {
  const environments = Object.entries(config.environments).map(([id, env]) => ({
    id,
    label: env.label,
    production: env.production,
  }));
  return {
    name: config.name,
    source: { path, bundled },
    defaultEnvironment: config.defaultEnvironment,
    environments,
    services: Object.entries(config.services).map(([id, service]) => ({
      id,
      name: service.name,
      tags: service.tags,
      dependsOn: service.dependsOn,
      urls: Object.fromEntries(
        environments.flatMap(({ id: env }) => {
          const url = serviceUrl(service, env);
          return url ? [[env, url]] : [];
        }),
      ),
    })),
    sections: Object.fromEntries(CONFIG_SECTIONS.map((section) => [section, config[section] !== undefined])),
    ...(config.launch ? { launch: { at: Date.parse(config.launch.at), label: config.launch.label } } : {}),
  };
}
