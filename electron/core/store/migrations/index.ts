/** Every migration, listed explicitly (bundlers and directory scans do not mix). */
import { initial } from './0010-initial.js';
import { rehearsalLog } from './0020-rehearsal-log.js';
import { probes } from './0030-probes.js';
import { actions } from './0040-actions.js';
import { load } from './0050-load.js';
import { runProcesses } from './0060-run-processes.js';
import { board } from './0080-board.js';
import type { Migration } from './types.js';

export const migrations: readonly Migration[] = [initial, rehearsalLog, probes, actions, load, runProcesses, board];
export type { Migration } from './types.js';
