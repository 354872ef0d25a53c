import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Ajv } from 'ajv';
import { hostError } from '../errors.js';
import { describeSchemaProblems, listProblems } from '../internal/ajv-error.js';
import { describeError } from '../internal/describe-value.js';

// Loaded only when a plugin ships a schema; a host without one never pays for ajv.
let ajv: Promise<Ajv> | undefined;

/** Loads a manifest's `configSchema`: inline, or a JSON file inside the plugin's package. */
export async function loadConfigSchema(
  pluginId: string,
  schema: Record<string, unknown> | string | undefined,
  pluginDir: string,
): Promise<Record<string, unknown> | undefined> {
  if (schema === undefined || typeof schema === 'object') return schema;
  const file = path.resolve(pluginDir, schema);
  if (!file.startsWith(pluginDir + path.sep)) {
    throw hostError('STRATOS_ERR_PLUGIN_CONFIG_SCHEMA', { pluginId, reason: `'${schema}' points outside the package` });
  }
  try {
    return JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
  } catch (error) {
    throw hostError('STRATOS_ERR_PLUGIN_CONFIG_SCHEMA', { pluginId, reason: describeError(error) }, error);
  }
}

/**
 * Validates a plugin's config entry against its schema and returns a copy with defaults filled in.
 * Without a schema the entry is passed through as given.
 */
export async function validatePluginConfig(
  pluginId: string,
  schema: Record<string, unknown> | undefined,
  config: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const copy = structuredClone(config);
  if (!schema) return copy;
  ajv ??= import('ajv').then(({ Ajv }) => new Ajv({ useDefaults: true, allErrors: true, strict: false }));
  let validate;
  try {
    validate = (await ajv).compile(schema);
  } catch (error) {
    throw hostError('STRATOS_ERR_PLUGIN_CONFIG_SCHEMA', { pluginId, reason: describeError(error) }, error);
  }
  if (!validate(copy)) {
    const problems = describeSchemaProblems(validate.errors ?? [], copy);
    const list = listProblems(problems);
    throw hostError('STRATOS_ERR_PLUGIN_INVALID_CONFIG', { pluginId, ...problems[0]!, ...(list ? { problems: list } : {}) });
  }
  return copy;
}
