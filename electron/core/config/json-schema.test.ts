import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultResourcesDir } from '../paths.js';
import { configJsonSchema } from './json-schema.js';

describe('resources/warroom.schema.json', () => {
  it('is the schema generated from the zod config schema (run `npm run schema` after changing it)', () => {
    const committed: unknown = JSON.parse(readFileSync(join(defaultResourcesDir(), 'warroom.schema.json'), 'utf8'));
    expect(committed).toEqual(configJsonSchema());
  });

  it('lets editors complete services and environments', () => {
    const schema = configJsonSchema() as { properties: Record<string, unknown>; required: string[] };
    expect(Object.keys(schema.properties)).toEqual(
      expect.arrayContaining(['version', 'name', 'environments', 'services', 'probes', 'load', 'actions', 'board']),
    );
    expect(schema.required).toEqual(expect.arrayContaining(['version', 'name', 'defaultEnvironment', 'environments', 'services']));
  });
});
