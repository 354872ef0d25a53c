import { loadConfig } from '../../config/load-config.js';
import { findHostSdk } from '../../loader/load-plugins.js';
import { inspectPlugin } from '../../loader/inspect-plugin.js';
import { parseCommandArgs, printJson } from '../command-args.js';
import { readRunningHost } from '../running-host.js';

/** Usage of `stratos plugins list`. */
export const PLUGINS_LIST_USAGE = `Usage: stratos plugins list [--config <file>] [--json]

Lists every plugin of the config: package, id, whether it is enabled, the installed version (or
"not installed"), its SDK range against the host's SDK and, when a host runs on this config's data
directory, the plugin's state there. Nothing is imported or initialised.`;

/** One row of `stratos plugins list --json`. */
export interface PluginListRow {
  package: string;
  id: string;
  enabled: boolean;
  installed: boolean;
  version: string | null;
  sdk: string | null;
  sdkSatisfied: boolean | null;
  /** The first problem the package checks found (not installed, bad manifest, SDK range…). */
  error: { code: string; message: string } | null;
  /** The plugin's state in the running host; null when no host runs or it does not know the plugin. */
  running: { state: string; error: { code: string; message: string } | null } | null;
}

/** `stratos plugins list`: the configured plugins, as installed and as running. */
export async function pluginsListCommand(args: string[]): Promise<number> {
  const options = parseCommandArgs(args, 'stratos plugins list --help', { min: 0, max: 0, names: '' });
  if (options.help) {
    process.stdout.write(`${PLUGINS_LIST_USAGE}\n`);
    return 0;
  }
  const config = await loadConfig({ configPath: options.config });
  const hostSdk = findHostSdk();
  const host = readRunningHost(config.dataDir);
  const rows: PluginListRow[] = [];
  for (const entry of config.plugins) {
    const found = await inspectPlugin(entry.package, entry.config, { fromDir: config.dir, hostSdk, depth: 'package' });
    const status = host?.plugins.find((p) => p.package === entry.package);
    rows.push({
      package: entry.package,
      id: found.id,
      enabled: entry.enabled,
      installed: found.installed,
      version: found.version,
      sdk: found.sdk,
      sdkSatisfied: found.sdkSatisfied,
      error: found.error,
      running: status ? { state: status.state, error: status.error ?? null } : null,
    });
  }
  if (options.json) {
    printJson({
      configFile: config.file ?? null,
      hostSdk: hostSdk.version,
      runningHost: host ? { pid: host.pid, url: host.url, startedAt: host.startedAt } : null,
      plugins: rows,
    });
    return 0;
  }
  const lines = [
    `config: ${config.file ?? 'none (embedded defaults)'}; host SDK ${hostSdk.version}; ` +
      (host ? `running host: pid ${host.pid} at ${host.url}` : 'no running host'),
  ];
  if (rows.length === 0) lines.push('no plugins configured');
  for (const row of rows) {
    const sdk = row.sdk === null ? 'SDK range unknown' : `SDK '${row.sdk}' ${row.sdkSatisfied ? 'satisfied' : 'NOT satisfied'}`;
    const parts = [
      row.enabled ? 'enabled' : 'disabled',
      row.installed ? `version ${row.version ?? 'unknown'}` : 'not installed',
      sdk,
    ];
    if (host) parts.push(`running: ${row.running?.state ?? 'unknown to the host'}`);
    if (row.error && row.installed) parts.push(`problem: ${row.error.code}`);
    lines.push(`${row.id}${row.id === row.package ? '' : ` (${row.package})`}: ${parts.join(', ')}`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}
