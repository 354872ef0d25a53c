import type { HostConfig, PluginEntry } from '../config/types.js';
import { hostError } from '../errors.js';
import { findHostSdk } from '../loader/load-plugins.js';
import { inspectPlugin } from '../loader/inspect-plugin.js';

/** A configured plugin entry and the config file it is in. */
export interface ConfiguredPlugin {
  file: string;
  entry: PluginEntry;
}

/**
 * The entry of `config` named `name`, by package name first, else by the manifest id of its
 * installed package (the id `stratos plugins list` shows), for the commands that edit an entry.
 * Raises `STRATOS_ERR_CLI_NO_CONFIG_FILE` when the config is the embedded defaults (there is no
 * entry, and no file to name), and `STRATOS_ERR_CONFIG_UNKNOWN_PLUGIN` when nothing matches.
 */
export async function findConfiguredPlugin(config: HostConfig, name: string): Promise<ConfiguredPlugin> {
  if (!config.file) throw hostError('STRATOS_ERR_CLI_NO_CONFIG_FILE', { dir: config.dir });
  const file = config.file;
  const byPackage = config.plugins.find((entry) => entry.package === name);
  if (byPackage) return { file, entry: byPackage };
  const hostSdk = findHostSdk();
  for (const entry of config.plugins) {
    const found = await inspectPlugin(entry.package, {}, { fromDir: config.dir, hostSdk, depth: 'package' });
    if (found.id === name) return { file, entry };
  }
  throw hostError('STRATOS_ERR_CONFIG_UNKNOWN_PLUGIN', { file, plugin: name });
}
