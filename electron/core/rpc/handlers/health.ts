import type { ProbeService } from '../../probes/probe-service.js';
import { NotFoundError } from '../../errors.js';
import type { Handlers } from '../router.js';

type HealthCommands = 'health.list' | 'health.recent' | 'health.history' | 'health.checkAll' | 'health.pause' | 'health.resume' | 'health.mute';

export function healthHandlers(probes: ProbeService): Pick<Handlers, HealthCommands> {
  return {
    'health.list': function handleHealthList() {
      return probes.overview();
    },
    'health.recent': function handleHealthRecent() {
      return probes.recent();
    },
    'health.history': function handleHealthHistory(input) {
      return probes.history(input);
    },
    'health.checkAll': function handleHealthCheckAll() {
      return probes.checkAll();
    },
    'health.pause': function handleHealthPause() {
      return probes.pause();
    },
    'health.resume': function handleHealthResume() {
      return probes.resume();
    },
    'health.mute': function handleHealthMute(input) {
      const health = probes.mute(input.service, input.muted);
      if (!health) throw new NotFoundError(`no service "${input.service}" in the config`);
      return health;
    },
  };
}
