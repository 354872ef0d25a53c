import { isHostError, type HostError } from '../errors.js';
import { describeError } from '../internal/describe-value.js';
import { checkSdkCopy, type HostSdk } from './check-sdk-copy.js';
import { checkSdkRange } from './check-sdk-range.js';
import { importEntry } from './import-entry.js';
import { readManifest } from './read-manifest.js';
import { resolvePackage } from './resolve-package.js';
import { validatePackageName } from './validate-package-name.js';
import { loadConfigSchema, validatePluginConfig } from './validate-plugin-config.js';
import { validatePlugin } from './validate-plugin.js';

/** How far {@link inspectPlugin} goes: the package on disk only, its entry module too, or its config as well. */
export type InspectDepth = 'package' | 'entry' | 'config';

/** What the loader's checks found about one plugin package, without initialising it. */
export interface PluginInspection {
  package: string;
  /** The manifest id, or the package name until the manifest is read. */
  id: string;
  installed: boolean;
  version: string | null;
  dir: string | null;
  sdk: string | null;
  /** Whether the host's SDK satisfies the manifest's range; null when it is not known. */
  sdkSatisfied: boolean | null;
  dependsOn: string[];
  /** The first check that failed, with its code; null when every check passed. */
  error: { code: string; message: string } | null;
  /** Problems that do not stop a start, e.g. a second SDK copy of the same version. */
  warnings: string[];
}

/**
 * Runs the loader's checks on one configured package, in the order start-up runs them: name,
 * resolve, manifest, SDK range, SDK copy, then (depth `entry`) import and plugin shape, then
 * (depth `config`) the config entry against the plugin's `configSchema`. It stops at the first
 * failure and never calls `init()`; importing the entry does run the module's top-level code.
 *
 * @example
 * ```ts
 * const found = await inspectPlugin('@acme/notes', {}, { fromDir: config.dir, hostSdk: findHostSdk(), depth: 'entry' });
 * if (found.error) console.error(found.error.code);
 * ```
 */
export async function inspectPlugin(
  pkg: string,
  config: Record<string, unknown>,
  options: { fromDir: string; hostSdk: HostSdk; depth: InspectDepth },
): Promise<PluginInspection> {
  const found: PluginInspection = {
    package: pkg,
    id: pkg,
    installed: false,
    version: null,
    dir: null,
    sdk: null,
    sdkSatisfied: null,
    dependsOn: [],
    error: null,
    warnings: [],
  };
  try {
    validatePackageName(pkg);
    const { dir, packageJson } = await resolvePackage(pkg, options.fromDir);
    found.installed = true;
    found.dir = dir;
    found.version = typeof packageJson.version === 'string' ? packageJson.version : null;
    const manifest = readManifest(pkg, packageJson);
    found.id = manifest.id ?? pkg;
    found.sdk = manifest.sdk;
    found.dependsOn = manifest.dependsOn ?? [];
    try {
      checkSdkRange(found.id, manifest.sdk, options.hostSdk.version, pkg);
      found.sdkSatisfied = true;
    } catch (error) {
      if ((error as HostError).code === 'STRATOS_ERR_COMPAT_SDK_RANGE') found.sdkSatisfied = false;
      throw error;
    }
    checkSdkCopy(found.id, dir, options.hostSdk, (own) =>
      found.warnings.push(`it has its own copy of @stratos/plugin-sdk at '${own}'; make it a peerDependency`),
    );
    if (options.depth === 'package') return found;
    const { value } = await importEntry(pkg, options.fromDir);
    validatePlugin(found.id, value);
    if (options.depth === 'entry') return found;
    const schema = await loadConfigSchema(found.id, manifest.configSchema, dir);
    await validatePluginConfig(found.id, schema, config);
  } catch (error) {
    found.error = isHostError(error)
      ? { code: error.code, message: error.message }
      : { code: 'STRATOS_ERR_LOADER_IMPORT_FAILED', message: describeError(error) };
  }
  return found;
}
