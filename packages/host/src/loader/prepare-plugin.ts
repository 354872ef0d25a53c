import { checkSdkCopy, type HostSdk } from './check-sdk-copy.js';
import { checkSdkRange } from './check-sdk-range.js';
import { importEntry } from './import-entry.js';
import { readManifest } from './read-manifest.js';
import { resolvePackage } from './resolve-package.js';
import type { PluginRecord } from './types.js';
import { validatePackageName } from './validate-package-name.js';
import { loadConfigSchema } from './validate-plugin-config.js';
import { validatePlugin } from './validate-plugin.js';

/** Options of {@link preparePlugin}. */
export interface PrepareOptions {
  hostSdk: HostSdk;
  /** Told when the plugin resolves its own copy of the SDK of the host's version (it still loads). */
  onOwnSdkCopy(dir: string): void;
  /** Stop after the package checks (`package`: nothing is imported) instead of going on to the entry. */
  until?: 'package' | 'entry';
}

/**
 * The loader's checks for one plugin, in order; each raises its own `STRATOS_ERR_*` code. What a
 * check learns (directory, version, id, SDK range, dependencies, the plugin value) is written to
 * `record` as it goes, so a caller that stops at a failure still has everything found before it.
 * The host's start-up, its reloads, `stratos plugins` and `stratos doctor` all run this one list.
 */
export async function preparePlugin(record: PluginRecord, fromDir: string, options: PrepareOptions): Promise<void> {
  validatePackageName(record.package);
  const { dir, packageJson } = await resolvePackage(record.package, fromDir);
  record.dir = dir;
  record.version = typeof packageJson.version === 'string' ? packageJson.version : null;
  const manifest = readManifest(record.package, packageJson);
  record.id = manifest.id ?? record.package;
  record.sdk = manifest.sdk;
  record.dependsOn = manifest.dependsOn ?? [];
  checkSdkRange(record.id, manifest.sdk, options.hostSdk.version, record.package);
  checkSdkCopy(record.id, dir, options.hostSdk, options.onOwnSdkCopy);
  if (options.until === 'package') return;
  const { entryUrl, value } = await importEntry(record.package, fromDir);
  record.entryUrl = entryUrl;
  record.plugin = validatePlugin(record.id, value);
  record.configSchema = await loadConfigSchema(record.id, manifest.configSchema, dir);
}
