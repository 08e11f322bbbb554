/** Every migration, listed explicitly (bundlers and directory scans do not mix). */
import { initial } from './0010-initial.js';
import type { Migration } from './types.js';

export const migrations: readonly Migration[] = [initial];
export type { Migration } from './types.js';
