import type { z } from 'zod';

type Def = {
  type: string;
  innerType?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  valueType?: z.ZodType;
  element?: z.ZodType;
};

/** Lists the keys a strict object accepts at `path` (for "did you mean" suggestions). */
export function keysAt(schema: z.ZodType, path: readonly (string | number)[]): string[] {
  let current: z.ZodType | undefined = schema;
  for (const key of path) {
    current = child(unwrap(current), key);
    if (current === undefined) return [];
  }
  const def = definition(unwrap(current));
  return def?.shape === undefined ? [] : Object.keys(def.shape);
}

function definition(schema: z.ZodType | undefined): Def | undefined {
  return (schema as { _zod?: { def: Def } } | undefined)?._zod?.def;
}

function unwrap(schema: z.ZodType | undefined): z.ZodType | undefined {
  let current = schema;
  for (let def = definition(current); def?.innerType !== undefined; def = definition(current))
    current = def.innerType;
  return current;
}

function child(schema: z.ZodType | undefined, key: string | number): z.ZodType | undefined {
  const def = definition(schema);
  if (def === undefined) return undefined;
  if (def.shape !== undefined) return def.shape[String(key)];
  if (def.valueType !== undefined) return def.valueType;
  return def.element;
}
