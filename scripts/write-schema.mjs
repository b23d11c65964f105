// Regenerates feeds.schema.json from the zod schema (run after changing src/config/schema.ts).
import { writeFileSync } from 'node:fs';
import { configJsonSchemaText } from '../dist/config/json-schema.js';

writeFileSync(new URL('../feeds.schema.json', import.meta.url), configJsonSchemaText());
console.log('wrote feeds.schema.json');
