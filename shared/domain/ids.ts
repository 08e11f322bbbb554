import { z } from 'zod';

/** An identifier used as a key in warroom.yaml and as a stable reference in stored evidence. */
export const IdSchema = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,62}$/, {
    error: 'expected an id: lowercase letters, digits and dashes, starting with a letter (at most 63)',
  });
export type Id = z.infer<typeof IdSchema>;
