// A package upgraded on disk after this process imported it cannot be re-imported (Node keeps the
// first copy), so a reload has to spot that and ask for a restart instead of applying it.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { PluginEntry } from '../config/types.js';
import { hostError, type HostError } from '../errors.js';
import { findPackageDir } from '../loader/find-package-dir.js';
import type { PluginRecord } from '../loader/types.js';

/** A plugin package whose version on disk is not the one this process imported. */
export interface Drift {
  pluginId: string;
  pkg: string;
  from: string;
  to: string;
}

/** The package's version on disk when it differs from the one this process imported. */
export function driftOf(
  entry: PluginEntry,
  old: PluginRecord | undefined,
  dir: string,
  imported: Map<string, string | null>,
): Drift | undefined {
  if (!imported.has(entry.package)) return undefined;
  const from = imported.get(entry.package) ?? 'unknown';
  const packageDir = findPackageDir(entry.package, dir);
  if (!packageDir) return undefined;
  let to: string;
  try {
    to = String((JSON.parse(readFileSync(path.join(packageDir, 'package.json'), 'utf8')) as { version?: unknown }).version);
  } catch {
    return undefined;
  }
  return to === from ? undefined : { pluginId: old?.id ?? entry.package, pkg: entry.package, from, to };
}

/** Marks `record` as needing a restart for `drift` and adds the error to `list`. */
export function noteRestartRequired(record: PluginRecord, drift: Drift, list: HostError[]): void {
  const error = hostError('STRATOS_ERR_PLUGIN_RESTART_REQUIRED', drift);
  record.restartRequired = { code: error.code, message: error.message };
  list.push(error);
}
