/** The bundled monitoring files pass the real tools' checks, as shipped and as written for a start. */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultResourcesDir } from '../../paths.js';
import { makeTempDir } from '../../testing/temp-dir.js';
import { findMonitoringBinaries, findOnPath, MissingBinaryError } from './binaries.js';
import { MONITORING_FILES, renderStackConfig } from './stack-config.js';

const TEMPLATES = join(defaultResourcesDir(), 'rehearsal', 'monitoring');
const temps: { remove(): void }[] = [];
afterEach(() => temps.splice(0).forEach((t) => t.remove()));

const tool = (name: string, args: string[], cwd: string) => execFileSync(findOnPath([name])!, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

describe('rehearsal monitoring files', () => {
  it('ship a Prometheus config, five alert rules and an Alertmanager config that promtool and amtool accept', () => {
    expect(tool('promtool', ['check', 'config', MONITORING_FILES.prometheus], TEMPLATES)).toMatch(/SUCCESS: 1 rule files found/);
    expect(tool('promtool', ['check', 'rules', MONITORING_FILES.rules], TEMPLATES)).toMatch(/SUCCESS: 5 rules found/);
    expect(tool('amtool', ['check-config', MONITORING_FILES.alertmanager], TEMPLATES)).toMatch(/SUCCESS/);
  });

  it('fire ServiceDown, PostgreSQLDown, HighErrorRate (> 1 %), HighAPILatency (P95 > 500 ms) and BackupFailed on the series that call for them (promtool test rules)', () => {
    expect(tool('promtool', ['test', 'rules', 'alert-rules.test.yml'], TEMPLATES)).toMatch(/SUCCESS/);
  });

  it('are written for a start with its ports, intervals, Warroom target and token, and a shorter for:, still valid', () => {
    const dir = makeTempDir();
    temps.push(dir);
    const files = renderStackConfig({
      templateDir: TEMPLATES,
      servicePorts: { gateway: 41009, cache: 41003 },
      alertmanagerPort: 41093,
      warroom: { url: 'http://127.0.0.1:41800/', token: 'a-token-of-enough-length' },
      scrapeIntervalMs: 1000,
      evaluationIntervalMs: 1000,
      alertForMs: 2000,
    });
    for (const [name, text] of Object.entries({ [MONITORING_FILES.prometheus]: files.prometheus, [MONITORING_FILES.rules]: files.rules, [MONITORING_FILES.alertmanager]: files.alertmanager })) {
      writeFileSync(join(dir.path, name), text);
    }
    expect(tool('promtool', ['check', 'config', MONITORING_FILES.prometheus], dir.path)).toMatch(/SUCCESS/);
    expect(files.prometheus).toContain('127.0.0.1:41009');
    expect(files.prometheus).toContain('127.0.0.1:41093');
    expect(files.prometheus).not.toContain('127.0.0.1:8009');
    expect(files.prometheus).toMatch(/credentials: a-token-of-enough-length/);
    expect(files.prometheus).toContain('scrape_interval: 1s');
    expect(files.rules.match(/for: 2s/g)).toHaveLength(5);
  });

  it('name the package to install when a binary is missing, under both of Alertmanager\'s names', () => {
    const empty = makeTempDir();
    temps.push(empty);
    expect(() => findMonitoringBinaries(empty.path)).toThrow(MissingBinaryError);
    expect(() => findMonitoringBinaries(empty.path)).toThrow(/apt-get install prometheus\).*neither `prometheus-alertmanager` \(Debian's name\) nor `alertmanager`/);
    expect(findMonitoringBinaries('/usr/bin')).toEqual({ prometheus: '/usr/bin/prometheus', alertmanager: '/usr/bin/prometheus-alertmanager' });
  });
});
