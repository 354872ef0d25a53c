import type { HostConfig } from '../../config/types.js';
import { hostError } from '../../errors.js';
import type { HostSdk } from '../../loader/check-sdk-copy.js';
import { inspectPlugin, type PluginInspection } from '../../loader/inspect-plugin.js';
import { orderPlugins } from '../../loader/order-plugins.js';
import type { Finding } from './finding.js';

/**
 * Runs the loader's checks on every enabled plugin, short of `init()`: package, manifest, SDK
 * range and copy, entry and shape, plugin config; then unique ids and `dependsOn`. Findings come
 * in config order, each plugin's warnings before its verdict.
 */
export async function checkPlugins(config: HostConfig, hostSdk: HostSdk): Promise<Finding[]> {
  const found: Array<PluginInspection | undefined> = [];
  for (const entry of config.plugins) {
    found.push(
      entry.enabled
        ? await inspectPlugin(entry.package, entry.config, { fromDir: config.dir, hostSdk, depth: 'config' })
        : undefined,
    );
  }
  const owners = new Map<string, PluginInspection>();
  for (const plugin of found) {
    if (!plugin || plugin.error) continue;
    const owner = owners.get(plugin.id);
    if (!owner) owners.set(plugin.id, plugin);
    else {
      const { code, message } = hostError('STRATOS_ERR_PLUGIN_DUPLICATE_ID', {
        pluginId: plugin.id,
        pkg: plugin.package,
        other: owner.package,
      });
      plugin.error = { code, message };
    }
  }
  const passed = found.filter((p): p is PluginInspection => p !== undefined && p.error === null);
  const failed = new Map(found.filter((p) => p?.error).map((p) => [p!.id, p!.error!.message] as const));
  const { failures } = orderPlugins(passed, failed);

  const findings: Finding[] = [];
  config.plugins.forEach((entry, index) => {
    const plugin = found[index];
    if (!plugin) {
      findings.push({ level: 'ok', subject: `plugin '${entry.package}'`, message: 'disabled; not checked' });
      return;
    }
    const subject = `plugin '${plugin.id}'`;
    for (const warning of plugin.warnings) findings.push({ level: 'warn', subject, message: warning });
    const error = plugin.error ?? failures.get(plugin.id);
    if (error) findings.push({ level: 'error', subject, message: error.message, code: error.code });
    else {
      const version = plugin.version ? `version ${plugin.version}, ` : '';
      const message = `${version}SDK '${plugin.sdk}' satisfied by ${hostSdk.version}; entry and config valid`;
      findings.push({ level: 'ok', subject, message });
    }
  });
  return findings;
}
