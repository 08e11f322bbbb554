import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../config/load-config.js';
import { resolveProbes } from './resolve-probes.js';

const config = (probes: string) =>
  parseConfigText(
    `version: 1
name: t
defaultEnvironment: staging
environments:
  staging: { label: Staging }
  production: { label: Production }
services:
  api:
    name: API
    baseUrl: { staging: "http://127.0.0.1:9001/base/", production: "https://api.example.com" }
  db:
    name: DB
    baseUrl: { production: "https://db.example.com" }
${probes}`,
    'warroom.yaml',
  );

describe('resolveProbes', () => {
  it('gives every service /health/live and /health/ready by default, under its base URL path', () => {
    const probes = resolveProbes(config(''), 'staging');
    expect(probes.map((p) => [p.id, p.target, p.intervalMs, p.confirmations])).toEqual([
      ['api/live', 'http://127.0.0.1:9001/base/health/live', 10_000, 2],
      ['api/ready', 'http://127.0.0.1:9001/base/health/ready', 10_000, 2],
    ]);
  });

  it('applies defaults and per-probe overrides, and takes hosts from the base URL', () => {
    const probes = resolveProbes(
      config(`probes:
  defaults: { interval: 30s, confirmations: 3 }
  services:
    db:
      - { name: port, kind: tcp, port: 5432, interval: 5s }
      - { name: sql, kind: postgres, host: db.internal, user: warroom, passwordEnv: PG_PASSWORD }
`),
      'production',
    );
    expect(probes.find((p) => p.id === 'db/port')).toMatchObject({ target: 'db.example.com', intervalMs: 5000, confirmations: 3 });
    expect(probes.find((p) => p.id === 'db/sql')).toMatchObject({ intervalMs: 30_000, kind: 'postgres' });
    expect(probes.find((p) => p.id === 'api/live')).toMatchObject({ target: 'https://api.example.com/health/live' });
  });

  it('refuses probes for unknown services, duplicate names and http probes without a target', () => {
    expect(() =>
      config(`probes:
  services:
    nope: [{ name: a, kind: tcp, port: 1 }]
    api:
      - { name: a, kind: http }
      - { name: a, kind: tcp, port: 1 }
`),
    ).toThrow(/probes\.services\.nope: no service "nope"[\s\S]*needs a path[\s\S]*a second probe named "a"/);
  });
});
