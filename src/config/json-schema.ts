/**
 * The JSON Schema shipped as feeds.schema.json (referenced by `$schema` in the config) so editors
 * complete and check the file. Generated from the zod schema; a test keeps the shipped file in step.
 */
import { z } from 'zod';
import { configSchema } from './schema.js';

export function configJsonSchema(): object {
  const schema = z.toJSONSchema(configSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return {
    ...schema,
    $id: 'https://github.com/feedloom/feedloom/feeds.schema.json',
    title: 'feedloom configuration (feeds.config.json)',
  };
}

export function configJsonSchemaText(): string {
  return `${JSON.stringify(configJsonSchema(), null, 2)}\n`;
}
