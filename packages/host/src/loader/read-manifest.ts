import { MANIFEST_FIELD, MANIFEST_SCHEMA, type PluginManifest } from '@stratos/plugin-sdk';
import { Ajv, type ValidateFunction } from 'ajv';
import { hostError } from '../errors.js';
import { describeSchemaProblem } from '../internal/ajv-error.js';

let validator: ValidateFunction | undefined;

/** Reads and validates the `stratosPlugin` manifest of a plugin's package.json. */
export function readManifest(pkg: string, packageJson: Record<string, unknown>): PluginManifest {
  const manifest = packageJson[MANIFEST_FIELD];
  if (manifest === undefined) throw hostError('STRATOS_ERR_MANIFEST_MISSING', { pkg });
  validator ??= new Ajv({ allErrors: true, strict: false }).compile(MANIFEST_SCHEMA);
  if (!validator(manifest)) {
    const problem = describeSchemaProblem(validator.errors ?? [], manifest);
    throw hostError('STRATOS_ERR_MANIFEST_INVALID', { pkg, ...problem });
  }
  return manifest as PluginManifest;
}
