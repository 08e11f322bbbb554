/** The JSON Schema of warroom.yaml, generated from the same zod schema the core validates with. */
import { z } from 'zod';
import { ConfigSchema } from '../../../shared/domain/config.js';

export function configJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(ConfigSchema, { io: 'input', target: 'draft-2020-12', unrepresentable: 'any' }),
    $id: 'https://warroom.invalid/warroom.schema.json',
  };
}
