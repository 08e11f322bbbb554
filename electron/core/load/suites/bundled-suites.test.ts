/** The bundled rehearsal config ships the launch plan's two suites with the plan's exact numbers. */
import { describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../config/load-config.js';
import { REHEARSAL_CONFIG } from '../../testing/make-core.js';

const MIN = 60_000;

describe('the bundled load suites', () => {
  const load = loadConfigFile(REHEARSAL_CONFIG, { bundled: true }).config.load!;
  const shape = (profile: string) => {
    const p = load.profiles[profile]!;
    return 'model' in p && p.model === 'closed' ? { users: p.users, minutes: p.duration! / MIN } : null;
  };

  it('the baseline suite: light 10 users 5 min, normal 100/10, peak 500/15, endurance 200/60, stopping on failure', () => {
    expect(load.suites.baseline).toMatchObject({ profiles: ['light', 'normal', 'peak', 'endurance'], onFailure: 'stop' });
    expect(load.suites.baseline!.profiles.map(shape)).toEqual([
      { users: 10, minutes: 5 },
      { users: 100, minutes: 10 },
      { users: 500, minutes: 15 },
      { users: 200, minutes: 60 },
    ]);
  });

  it('the API suite: smoke 10 users 1 min, normal 50/5, peak 200/10, endurance 100/30', () => {
    expect(load.suites.api).toMatchObject({ profiles: ['smoke', 'api-normal', 'api-peak', 'api-endurance'], onFailure: 'stop' });
    expect(load.suites.api!.profiles.map(shape)).toEqual([
      { users: 10, minutes: 1 },
      { users: 50, minutes: 5 },
      { users: 200, minutes: 10 },
      { users: 100, minutes: 30 },
    ]);
  });
});
