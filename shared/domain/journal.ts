/** The war-room log: timestamped notes operators write during a rehearsal or the launch. */
import { z } from 'zod';

export const JournalEntrySchema = z.object({
  id: z.number().int().positive(),
  at: z.number().int(),
  author: z.string(),
  text: z.string(),
});
export type JournalEntry = z.infer<typeof JournalEntrySchema>;

export const JournalAddInputSchema = z.strictObject({
  author: z.string().trim().min(1, 'who is writing: at least one character').max(60),
  text: z.string().trim().min(1, 'the note is empty').max(2000),
});

export const JournalListInputSchema = z.strictObject({
  /** Inclusive lower bound, epoch ms. */
  sinceAt: z.number().int().nonnegative().optional(),
  /** Exclusive upper bound, epoch ms. */
  untilAt: z.number().int().nonnegative().optional(),
  limit: z.number().int().min(1).max(1000).default(200),
});
