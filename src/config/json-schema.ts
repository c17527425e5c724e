import { z } from 'zod';
import { configFileSchema } from './schema.ts';

/** The JSON Schema of .steward.yml for editors, generated from the same definition that validates it. */
export function configJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(configFileSchema, { io: 'input', unrepresentable: 'any' }),
    title: 'Steward configuration (.steward.yml)',
  };
}
