import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../testing/temp-dir.js';
import { REHEARSAL_CONFIG } from '../testing/make-core.js';
import { ConfigError, formatIssue } from '../../../shared/util/config-error.js';
import { loadConfigFile, parseConfigText } from './load-config.js';

const VALID = `version: 1
name: Test launch
defaultEnvironment: staging
environments:
  staging:
    label: Staging
  production:
    label: Production
    production: true
services:
  api:
    name: API
    baseUrl:
      staging: http://127.0.0.1:9001
      production: https://api.example.com
    dependsOn: [db]
  db:
    name: Database API
    baseUrl: http://127.0.0.1:9002
`;

function issuesOf(text: string): string[] {
  try {
    parseConfigText(text, 'warroom.yaml');
  } catch (error) {
    if (error instanceof ConfigError) return error.issues.map(formatIssue);
    throw error;
  }
  throw new Error('expected the config to be rejected');
}

describe('loadConfigFile', () => {
  const temp = makeTempDir();
  afterAll(() => temp.remove());

  it('loads the bundled rehearsal config with its eleven services', () => {
    const { config, bundled } = loadConfigFile(REHEARSAL_CONFIG, { bundled: true });
    expect(bundled).toBe(true);
    expect(Object.keys(config.services)).toHaveLength(11);
    expect(config.services.gateway?.baseUrl).toBe('http://127.0.0.1:8009');
  });

  it('applies defaults from the schema', () => {
    const config = parseConfigText(VALID, 'warroom.yaml');
    expect(config.environments.staging?.production).toBe(false);
    expect(config.services.db?.tags).toEqual([]);
    expect(config.services.db?.dependsOn).toEqual([]);
  });

  it('names the file when it does not exist', () => {
    const path = join(temp.path, 'missing.yaml');
    expect(() => loadConfigFile(path)).toThrow(`${path}: cannot read: file not found`);
  });

  it('refuses a file too large to be a hand-written config', () => {
    const path = join(temp.path, 'huge.yaml');
    writeFileSync(path, `# ${'x'.repeat(3 * 1024 * 1024)}\n`);
    expect(() => loadConfigFile(path)).toThrow(/limit is/);
  });
});

describe('config errors carry file, line and column', () => {
  it('reports malformed YAML at the offending position', () => {
    expect(issuesOf('version: 1\nname: [unclosed\nservices: {}\n')).toEqual([
      expect.stringMatching(/^warroom\.yaml:3:1: .*(flow|Flow)/),
    ]);
  });

  it('reports duplicate keys', () => {
    expect(issuesOf(VALID.replace('  db:\n', '  api:\n'))).toEqual([expect.stringMatching(/^warroom\.yaml:17:3: Map keys must be unique/)]);
  });

  it('reports an unknown key at the key, with a suggestion', () => {
    const text = VALID.replace('    production: true', '    prodution: true');
    expect(issuesOf(text)).toEqual([
      'warroom.yaml:9:5: environments.production.prodution: unknown key "prodution" (did you mean "production"?)',
    ]);
  });

  it('reports a wrong type at the value and says what it got', () => {
    const text = VALID.replace('    production: true', '    production: "yes"');
    expect(issuesOf(text)).toEqual(['warroom.yaml:9:17: environments.production.production: expected boolean, got string "yes"']);
  });

  it('reports a missing key at the mapping that lacks it', () => {
    const text = VALID.replace('    name: Database API\n', '');
    expect(issuesOf(text)).toEqual(['warroom.yaml:18:5: services.db.name: missing: expected string']);
  });

  it('reports every problem at once, not only the first', () => {
    const text = VALID.replace('http://127.0.0.1:9002', 'ftp://db').replace('name: API\n', 'name: ""\n').replace('version: 1', 'version: 2');
    const issues = issuesOf(text);
    expect(issues).toHaveLength(3);
    expect(issues).toContain('warroom.yaml:1:10: version: expected 1, got number 2');
    expect(issues).toContain('warroom.yaml:19:14: services.db.baseUrl: expected an http:// or https:// URL');
    expect(issues.some((i) => i.startsWith('warroom.yaml:12:11: services.api.name:'))).toBe(true);
  });

  it('refuses credentials inside a URL', () => {
    const text = VALID.replace('https://api.example.com', 'https://admin:hunter2@api.example.com');
    expect(issuesOf(text)).toEqual([expect.stringMatching(/^warroom\.yaml:15:19: services\.api\.baseUrl\.production: credentials do not belong/)]);
  });

  it('checks references between sections', () => {
    const text = VALID.replace('defaultEnvironment: staging', 'defaultEnvironment: qa')
      .replace('dependsOn: [db]', 'dependsOn: [db, cache]')
      .replace('      production: https://api.example.com', '      production: https://api.example.com\n      qa: http://qa');
    expect(issuesOf(text)).toEqual([
      'warroom.yaml:3:21: defaultEnvironment: expected one of the environments (staging, production), got "qa"',
      'warroom.yaml:16:11: services.api.baseUrl.qa: no environment "qa" is declared (known: staging, production)',
      'warroom.yaml:17:21: services.api.dependsOn[1]: no service "cache" is declared',
    ]);
  });

  it('does not take an inherited property ("constructor") for a declared action or param', () => {
    const text = `${VALID}actions:
  tag:
    label: Tag
    argv: [./tag.sh, '{constructor}']
    before: [constructor]
runbooks:
  release:
    title: Release
    steps:
      - { text: Tag it, action: constructor }
`;
    expect(issuesOf(text)).toEqual([
      'warroom.yaml:24:14: actions.tag.before[0]: no action "constructor" is declared',
      'warroom.yaml:23:22: actions.tag.argv[1]: {constructor} is not one of the action\'s params (none)',
      expect.stringContaining('runbooks.release.steps[0].action: no action "constructor" is declared'),
    ]);
  });

  it('finds dependency cycles', () => {
    const text = VALID.replace('    baseUrl: http://127.0.0.1:9002', '    baseUrl: http://127.0.0.1:9002\n    dependsOn: [api]');
    expect(issuesOf(text)).toEqual([expect.stringContaining('services.api.dependsOn: dependency cycle: api → db → api')]);
  });

  it('refuses a text pattern the linear-time engine cannot match (backreference, lookaround) at its position', () => {
    const text = `${VALID}actions:
  tag:
    label: Tag
    argv: [./tag.sh, '{name}', '{other}']
    params:
      name: { type: text, pattern: '(a)\\1' }
      other: { type: text, pattern: '(?=x)x+' }
`;
    expect(issuesOf(text)).toEqual([
      expect.stringMatching(/^warroom\.yaml:25:36: actions\.tag\.params\.name\.pattern: .*invalid escape sequence: `\\1`/),
      expect.stringMatching(/^warroom\.yaml:26:37: actions\.tag\.params\.other\.pattern: .*unsupported Perl syntax: `\(\?=`/),
    ]);
  });

  it('explains an empty file', () => {
    expect(issuesOf('# nothing here\n')).toEqual([expect.stringMatching(/^warroom\.yaml:1:1: the file is empty/)]);
  });

  it('refuses YAML alias bombs', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]', ...Array.from({ length: 8 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10).fill(`*${String.fromCharCode(97 + i)}`).join(', ')}]`)].join('\n');
    // 10^8 values from 9 short lines: refused as a config error at the alias that expands the most.
    expect(issuesOf(bomb)).toEqual([expect.stringMatching(/^warroom\.yaml:9:8: too many aliases: \*h alone expands to \d+ values/)]);
  });

  it('refuses an alias with no anchor, and one inside its own anchor, at the alias', () => {
    expect(issuesOf(`${VALID}extra: *nowhere\n`)).toEqual(['warroom.yaml:20:8: alias *nowhere names no anchor before it']);
    expect(issuesOf(`${VALID}extra: &loop [1, *loop]\n`)).toEqual([
      'warroom.yaml:20:18: alias *loop is inside its own anchor (a value that contains itself)',
    ]);
  });
});

describe('launch', () => {
  it('reads the launch moment the wall counts down to, with its zone', () => {
    const config = parseConfigText(`${VALID}launch:\n  at: 2026-12-08T09:00:00+01:00\n  label: Public launch\n`, 'warroom.yaml');
    expect(config.launch).toEqual({ at: '2026-12-08T09:00:00+01:00', label: 'Public launch' });
    expect(Date.parse(config.launch!.at)).toBe(Date.UTC(2026, 11, 8, 8, 0, 0));
  });

  it('refuses a launch time without a zone, saying where and what is expected', () => {
    expect(issuesOf(`${VALID}launch:\n  at: 2026-12-08 09:00\n`)).toEqual([expect.stringMatching(/^warroom\.yaml:\d+:\d+: launch\.at: expected an ISO date and time with a zone/)]);
  });
});
