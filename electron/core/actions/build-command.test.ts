import { describe, expect, it } from 'vitest';
import { ActionSpecSchema } from '../../../shared/domain/actions.js';
import { buildCommand, RunRefusal } from './build-command.js';

const spec = ActionSpecSchema.parse({
  label: 'Roll back',
  argv: ['./scripts/rollback.sh', '--service', '{service}', '--reason={reason}', '{force}'],
  dryRunArgv: ['./scripts/rollback.sh', '--dry-run', '--service', '{service}'],
  env: { DEPLOY_TOKEN: 'WARROOM_TEST_DEPLOY_TOKEN' },
  params: {
    service: { type: 'service' },
    reason: { type: 'text', pattern: '[A-Za-z0-9 ]{1,40}' },
    force: { type: 'flag', flag: '--force' },
  },
});
const ctx = {
  configDir: '/etc/warroom',
  services: ['gateway', 'data-layer'],
  env: { PATH: '/usr/bin', HOME: '/root', WARROOM_TEST_DEPLOY_TOKEN: 's3cr3t', AWS_SECRET_ACCESS_KEY: 'never-passed' },
  context: { WARROOM_RUN_ID: '7' },
  nodePath: '/usr/bin/node',
  electron: false,
};

describe('buildCommand', () => {
  it('fills placeholders from checked values, resolves paths, passes only named secrets', () => {
    const built = buildCommand(spec, { params: { service: 'gateway', reason: 'bad deploy', force: true }, dryRun: false }, ctx);
    expect(built.argv).toEqual(['/etc/warroom/scripts/rollback.sh', '--service', 'gateway', '--reason=bad deploy', '--force']);
    expect(built.cwd).toBe('/etc/warroom');
    expect(built.env).toMatchObject({ PATH: '/usr/bin', DEPLOY_TOKEN: 's3cr3t', WARROOM_RUN_ID: '7' });
    expect(built.env).not.toHaveProperty('AWS_SECRET_ACCESS_KEY');
    expect(built.secrets).toEqual(['s3cr3t']);
    expect(buildCommand(spec, { params: { service: 'gateway', reason: 'x', force: false }, dryRun: false }, ctx).argv).not.toContain('--force');
  });

  it('builds the dry-run argv, and refuses a dry run the action does not have', () => {
    expect(buildCommand(spec, { params: { service: 'gateway', reason: 'x' }, dryRun: true }, ctx).argv).toEqual([
      '/etc/warroom/scripts/rollback.sh', '--dry-run', '--service', 'gateway',
    ]);
    const noDry = ActionSpecSchema.parse({ label: 'x', argv: ['true'] });
    expect(() => buildCommand(noDry, { params: {}, dryRun: true }, ctx)).toThrow('this action has no dry run');
  });

  it('never lets a value become a flag, a second command or an unknown target', () => {
    const refuse = (params: Record<string, string | boolean>) => () => buildCommand(spec, { params, dryRun: false }, ctx);
    expect(refuse({ service: '--all', reason: 'x' })).toThrow(/may not start with "-"/);
    expect(refuse({ service: 'gateway; rm -rf /', reason: 'x' })).toThrow(/not a service of this config/);
    expect(refuse({ service: 'gateway', reason: 'x\nrm -rf /' })).toThrow(/control characters/);
    expect(refuse({ service: 'gateway', reason: 'x && curl evil' })).toThrow(/does not match/);
    expect(refuse({ service: 'gateway', reason: 'x', argv: '/bin/sh' })).toThrow('unknown parameter "argv"');
    expect(refuse({ service: 'gateway', reason: 'x', force: 'yes' })).toThrow(/is a flag/);
    expect(refuse({ reason: 'x' })).toThrow('parameter "service" is required');
  });

  it('matches a text pattern in linear time: a catastrophic pattern and a hostile value answer at once', { timeout: 5_000 }, () => {
    // `([a-z0-9]+-?)+` backtracks exponentially in a backtracking engine: 29 characters froze the core ~17 s.
    const hostile = ActionSpecSchema.parse({ label: 'x', argv: ['true', '{name}'], params: { name: { type: 'text', pattern: '([a-z0-9]+-?)+' } } });
    const build = (name: string) => () => buildCommand(hostile, { params: { name }, dryRun: false }, ctx);
    expect(build(`${'a'.repeat(30)}!`)).toThrow('parameter "name" does not match ([a-z0-9]+-?)+');
    expect(build('web-01-eu').call(null).argv).toEqual(['true', 'web-01-eu']);
  });

  it('runs "node" scripts on Warroom\'s own runtime', () => {
    const nodeSpec = ActionSpecSchema.parse({ label: 'x', argv: ['node', 'rehearsal/rollback.mjs'] });
    const built = buildCommand(nodeSpec, { params: {}, dryRun: false }, { ...ctx, nodePath: '/opt/Warroom/warroom', electron: true });
    expect(built.argv).toEqual(['/opt/Warroom/warroom', 'rehearsal/rollback.mjs']);
    expect(built.env.ELECTRON_RUN_AS_NODE).toBe('1');
  });

  it('refuses when a named secret is missing', () => {
    expect(() => buildCommand(spec, { params: { service: 'gateway', reason: 'x' }, dryRun: false }, { ...ctx, env: {} })).toThrow(RunRefusal);
  });
});
