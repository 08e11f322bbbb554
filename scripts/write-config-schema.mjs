// Writes resources/warroom.schema.json from the zod schema (run after `npm run build:core`).
// A unit test fails when the committed file and the schema drift apart.
import { writeFileSync } from 'node:fs';
import { configJsonSchema } from '../dist-node/electron/core/config/json-schema.js';

const target = new URL('../resources/warroom.schema.json', import.meta.url);
writeFileSync(target, `${JSON.stringify(configJsonSchema(), null, 2)}\n`);
console.log(`wrote ${target.pathname}`);
