import type { ErrorObject } from 'ajv';
import validateConfigGenerated from '../generated/validate-config.js';

/** Absolute path of the JSON Schema of `stratos.config.json`, shipped in the package for `$schema`. */
export const CONFIG_SCHEMA_PATH = new URL('../../schema/stratos.config.schema.json', import.meta.url);

/** A validator compiled from a JSON Schema; after a failed call, `errors` says why. */
export type SchemaValidator = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };

/**
 * Validates a config and fills its defaults in place. Compiled ahead of time from
 * `schema/stratos.config.schema.json` (scripts/compile-validators.ts), so start-up compiles nothing.
 */
export const validateConfig = validateConfigGenerated as SchemaValidator;
