/**
 * Last line of defence against orphans: process trees (group plus marked processes, see
 * run-tree.ts) still registered when Warroom's own process exits get SIGKILL. The orderly path is for the owner to stop its runs before exiting (services'
 * stop()); this only covers process.exit() and a normal end of the event loop. Node runs no 'exit'
 * handlers when it is killed by a signal it doesn't handle, and nothing runs on SIGKILL.
 */
import { signalRunTree, type RunTreeIdentity } from './run-tree.js';

const liveTrees = new Set<RunTreeIdentity>();
let installed = false;

function killAll(): void {
  // 'exit' handlers must be synchronous: no time for SIGTERM and a grace period here.
  for (const tree of liveTrees) signalRunTree(tree, 'SIGKILL');
  liveTrees.clear();
}

/**
 * Registers a tree to be killed if this process exits while it runs. Call the returned function
 * once the tree is gone, so a pgid the OS later reuses is never signalled.
 */
export function killTreeOnExit(tree: RunTreeIdentity): () => void {
  if (!installed) {
    process.once('exit', killAll);
    installed = true;
  }
  liveTrees.add(tree);
  return () => {
    liveTrees.delete(tree);
  };
}
