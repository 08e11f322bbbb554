/**
 * Last line of defence against orphans: process groups still registered when Warroom's own process
 * exits get SIGKILL. The orderly path is for the owner to stop its runs before exiting (services'
 * stop()); this only covers process.exit() and a normal end of the event loop. Node runs no 'exit'
 * handlers when it is killed by a signal it doesn't handle, and nothing runs on SIGKILL.
 */
import { signalGroup } from './process-group.js';

const liveGroups = new Set<number>();
let installed = false;

function killAll(): void {
  // 'exit' handlers must be synchronous: no time for SIGTERM and a grace period here.
  for (const pgid of liveGroups) signalGroup(pgid, 'SIGKILL');
  liveGroups.clear();
}

/**
 * Registers `pgid` to be killed if this process exits while it runs. Call the returned function
 * once the group is gone, so a pgid the OS later reuses is never signalled.
 */
export function killGroupOnExit(pgid: number): () => void {
  if (!installed) {
    process.once('exit', killAll);
    installed = true;
  }
  liveGroups.add(pgid);
  return () => {
    liveGroups.delete(pgid);
  };
}
