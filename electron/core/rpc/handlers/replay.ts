import type { ReplayService } from '../../replay/replay-service.js';
import type { Handlers } from '../router.js';

export function replayHandlers(replay: ReplayService): Pick<Handlers, 'replay.get'> {
  return {
    'replay.get': function handleReplayGet(input) {
      return replay.get(input);
    },
  };
}
