import type { WritableDb } from '../db.js';

/** One numbered schema step. Versions go up in tens so a step can be slotted in later. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  up(db: WritableDb): void;
}
