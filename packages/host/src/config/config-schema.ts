import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';

/** Absolute path of the JSON Schema of `stratos.config.json`, shipped in the package for `$schema`. */
export const CONFIG_SCHEMA_PATH = new URL('../../schema/stratos.config.schema.json', import.meta.url);

let validator: ValidateFunction | undefined;

/** The compiled config validator; fills defaults in place. Compiled on first use. */
export function getConfigValidator(): ValidateFunction {
  if (!validator) {
    const schema = JSON.parse(readFileSync(CONFIG_SCHEMA_PATH, 'utf8')) as object;
    validator = new Ajv({ useDefaults: true, allErrors: true, strict: false }).compile(schema);
  }
  return validator;
}
