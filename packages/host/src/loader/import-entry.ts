import { pathToFileURL } from 'node:url';
import path from 'node:path';
import { resolve as resolveModule } from 'import-meta-resolve';
import { isStratosPlugin } from '@stratos/plugin-sdk';
import { hostError } from '../errors.js';
import { describeError } from '../internal/describe-value.js';

/** A plugin module's default export and the URL it was imported from. */
export interface ImportedEntry {
  entryUrl: string;
  value: unknown;
}

/**
 * Resolves the package's entry exactly as `import '<pkg>'` would from the config folder (its
 * "exports" map with the import condition, else "main") and imports it. A CommonJS module's
 * `module.exports` arrives as the default export; a transpiled `exports.default` is unwrapped.
 */
export async function importEntry(pkg: string, fromDir: string): Promise<ImportedEntry> {
  let entryUrl: string;
  try {
    entryUrl = resolveModule(pkg, pathToFileURL(path.join(fromDir, 'stratos.config.json')).href);
  } catch (error) {
    throw hostError('STRATOS_ERR_LOADER_ENTRY_NOT_FOUND', { pkg, reason: describeError(error) }, error);
  }
  let namespace: Record<string, unknown>;
  try {
    namespace = (await import(entryUrl)) as Record<string, unknown>;
  } catch (error) {
    throw hostError('STRATOS_ERR_LOADER_IMPORT_FAILED', { pkg, entry: entryUrl, reason: describeError(error) }, error);
  }
  if (!('default' in namespace) || namespace.default === undefined) {
    const names = Object.keys(namespace);
    throw hostError('STRATOS_ERR_LOADER_NO_DEFAULT_EXPORT', {
      pkg,
      received: names.length ? names.map((n) => `'${n}'`).join(', ') : 'none',
    });
  }
  let value = namespace.default;
  const inner = (value as { default?: unknown } | null)?.default;
  if (!isStratosPlugin(value) && isStratosPlugin(inner)) value = inner;
  return { entryUrl, value };
}
