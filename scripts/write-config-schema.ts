// Writes schema/steward.schema.json from the configuration's zod definition.
// With --check, fails when the committed copy is stale instead of writing it.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { configJsonSchema } from '../src/config/index.ts';

const path = new URL('../schema/steward.schema.json', import.meta.url);
const expected = `${JSON.stringify(configJsonSchema(), null, 2)}\n`;

if (process.argv.includes('--check')) {
  let actual = '';
  try {
    actual = readFileSync(path, 'utf8');
  } catch {}
  if (actual !== expected) {
    process.stderr.write(
      'schema/steward.schema.json is stale: run `npm run schema` and commit the result.\n',
    );
    process.exit(1);
  }
} else {
  mkdirSync(new URL('.', path), { recursive: true });
  writeFileSync(path, expected);
}
