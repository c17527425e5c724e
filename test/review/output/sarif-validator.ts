import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';

const schemaPath = new URL('../../fixtures/sarif/sarif-schema-2.1.0.json', import.meta.url);

/** Validates a SARIF log against the OASIS SARIF 2.1.0 JSON schema (draft-07), formats included. */
export function createSarifValidator(): (log: unknown) => ErrorObject[] {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats.default(ajv);
  const validate = ajv.compile(JSON.parse(readFileSync(schemaPath, 'utf8')));
  return (log) => (validate(log) ? [] : [...(validate.errors ?? [])]);
}
