/**
 * Ids and parameter names are looked up in objects built from the config; a name such as
 * "constructor" is a valid id and is also a property every object inherits. It must be as
 * unknown as any other name that the config does not declare.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { Core } from '../core.js';
import { makeCore } from '../testing/make-core.js';

describe('an id that names an inherited property ("constructor")', () => {
  const core: Core = makeCore();
  afterAll(() => core.close());
  const call = (name: string, input: unknown) => core.dispatch(name, input, { role: 'operator', transport: 'memory' });

  it('is an unknown parameter of an action', async () => {
    expect(await call('actions.start', { actionId: 'pre-deploy-check', params: { constructor: 'x' }, actor: 'ana' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', message: expect.stringContaining('unknown parameter "constructor"') },
    });
  });

  it('is an unknown action, runbook, load profile and service', async () => {
    expect(await call('actions.start', { actionId: 'constructor', actor: 'ana' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await call('runbooks.markStep', { runbookId: 'constructor', step: 0, done: true, actor: 'ana' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await call('load.start', { profile: 'constructor', actor: 'ana' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await call('health.mute', { service: 'constructor', muted: true })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});
