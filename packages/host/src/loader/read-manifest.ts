import { MANIFEST_FIELD, type PluginManifest } from '@stratos/plugin-sdk';
import type { SchemaValidator } from '../config/config-schema.js';
import { hostError } from '../errors.js';
import validateManifestGenerated from '../generated/validate-manifest.js';
import { describeSchemaProblem } from '../internal/ajv-error.js';

// Compiled ahead of time from the SDK's MANIFEST_SCHEMA (scripts/compile-validators.ts).
const validator = validateManifestGenerated as SchemaValidator;

/** Reads and validates the `stratosPlugin` manifest of a plugin's package.json. */
export function readManifest(pkg: string, packageJson: Record<string, unknown>): PluginManifest {
  const manifest = packageJson[MANIFEST_FIELD];
  if (manifest === undefined) throw hostError('STRATOS_ERR_MANIFEST_MISSING', { pkg });
  if (!validator(manifest)) {
    const problem = describeSchemaProblem(validator.errors ?? [], manifest);
    throw hostError('STRATOS_ERR_MANIFEST_INVALID', { pkg, ...problem });
  }
  return manifest as PluginManifest;
}
