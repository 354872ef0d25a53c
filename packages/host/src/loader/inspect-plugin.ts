import { isHostError } from '../errors.js';
import { describeError } from '../internal/describe-value.js';
import type { HostSdk } from './check-sdk-copy.js';
import { preparePlugin } from './prepare-plugin.js';
import { createRecord } from './types.js';
import { validatePluginConfig } from './validate-plugin-config.js';

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
  const record = createRecord({ package: pkg, enabled: true, config });
  const warnings: string[] = [];
  let error: PluginInspection['error'] = null;
  try {
    await preparePlugin(record, options.fromDir, {
      hostSdk: options.hostSdk,
      onOwnSdkCopy: (own) => warnings.push(`it has its own copy of @stratos/plugin-sdk at '${own}'; make it a peerDependency`),
      until: options.depth === 'package' ? 'package' : 'entry',
    });
    if (options.depth === 'config') await validatePluginConfig(record.id, record.configSchema, config);
  } catch (thrown) {
    error = isHostError(thrown)
      ? { code: thrown.code, message: thrown.message }
      : { code: 'STRATOS_ERR_LOADER_IMPORT_FAILED', message: describeError(thrown) };
  }
  // The range check comes right after the manifest: once it is known, it failed only with its own code.
  const sdkSatisfied = record.sdk === null ? null : error?.code !== 'STRATOS_ERR_COMPAT_SDK_RANGE';
  return {
    package: pkg,
    id: record.id,
    installed: record.dir !== undefined,
    version: record.version,
    dir: record.dir ?? null,
    sdk: record.sdk,
    sdkSatisfied: error?.code === 'STRATOS_ERR_MANIFEST_INVALID' && record.sdk !== null ? null : sdkSatisfied,
    dependsOn: record.dependsOn,
    error,
    warnings,
  };
}
