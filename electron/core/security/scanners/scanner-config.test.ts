/** `security.scanners` in warroom.yaml: defaults, and bad entries refused with file:line:col. */
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../../shared/util/config-error.js';
import { parseConfigText } from '../../config/load-config.js';
import { loadConfigFile } from '../../config/load-config.js';
import { REHEARSAL_CONFIG } from '../../testing/make-core.js';

const head = `version: 1
name: t
defaultEnvironment: rehearsal
environments:
  rehearsal: { label: R }
services:
  api: { name: API, baseUrl: http://127.0.0.1:9 }
security:
  scanners:
`;

function problems(scanners: string): string[] {
  try {
    parseConfigText(head + scanners, 'warroom.yaml');
  } catch (error) {
    if (error instanceof ConfigError) return error.issues.map((i) => `${i.file}:${i.line}:${i.col} ${i.path}: ${i.message}`);
    throw error;
  }
  return [];
}

describe('security.scanners', () => {
  it('fills in stdout, a 10 minute timeout and every environment', () => {
    const config = parseConfigText(`${head}    bandit:\n      argv: [bandit, -r, ., -f, json]\n`, 'warroom.yaml');
    expect(config.security?.scanners.bandit).toEqual({ argv: ['bandit', '-r', '.', '-f', 'json'], output: 'stdout', timeout: 600_000 });
  });

  it('accepts a file or a folder output and a duration', () => {
    const config = parseConfigText(`${head}    all:\n      argv: [./scan-all.sh]\n      output: { folder: reports }\n      timeout: 5m\n      format: sarif\n`, 'warroom.yaml');
    expect(config.security?.scanners.all).toMatchObject({ output: { folder: 'reports' }, timeout: 300_000, format: 'sarif' });
  });

  it('refuses a shell string, an unknown output and an unknown format, naming line and column', () => {
    const found = problems(
      [
        '    shell:',
        '      argv: "bandit -r ."', // line 11
        '    out:',
        '      argv: [x]',
        '      output: { pipe: x }', // line 14
        '    fmt:',
        '      argv: [x]',
        '      format: xml', // line 17
        '',
      ].join('\n'),
    );
    expect(found).toEqual([
      expect.stringMatching(/^warroom\.yaml:11:\d+ security\.scanners\.shell\.argv: /),
      'warroom.yaml:14:15 security.scanners.out.output: expected "stdout", { file: PATH } or { folder: PATH }',
      expect.stringMatching(/^warroom\.yaml:17:\d+ security\.scanners\.fmt\.format: expected "sarif" or /),
    ]);
  });

  it('refuses an environment the config does not declare', () => {
    expect(problems('    bandit:\n      argv: [bandit]\n      environments: [rehearsal, staging]\n')).toEqual([
      'warroom.yaml:12:33 security.scanners.bandit.environments[1]: no environment "staging" is declared',
    ]);
  });

  it('ships scanner entries in the rehearsal config: the sample wrapper, bandit, npm audit and Warroom\'s own code', () => {
    const scanners = loadConfigFile(REHEARSAL_CONFIG, { bundled: true }).config.security?.scanners ?? {};
    expect(Object.keys(scanners)).toEqual(['sample', 'sample-bandit', 'sample-npm-audit', 'self-secretlint', 'self-eslint']);
    expect(scanners.sample?.output).toEqual({ folder: '../reports/security/sample' });
  });
});
