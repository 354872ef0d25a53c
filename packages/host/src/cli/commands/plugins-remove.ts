import { removePluginEntry } from '../../config/edit-config-file.js';
import { loadConfig } from '../../config/load-config.js';
import { parseCommandArgs, printJson } from '../command-args.js';
import { findConfiguredPlugin } from '../find-configured-plugin.js';
import { readRunningHost } from '../running-host.js';
import { runNpm } from '../run-npm.js';

/** Usage of `stratos plugins remove`. */
export const PLUGINS_REMOVE_USAGE = `Usage: stratos plugins remove <id|package> [--uninstall] [--config <file>] [--json]

Removes a configured plugin, named by its id or its package, from the config file (a JSON file,
rewritten atomically, the rest of it kept). With --uninstall, also runs 'npm uninstall <package>'
in the deployment folder. A host running on this config watches the file and unloads the plugin
itself.`;

/** `stratos plugins remove <id|package> [--uninstall]`. */
export async function pluginsRemoveCommand(args: string[]): Promise<number> {
  const options = parseCommandArgs(
    args,
    'stratos plugins remove --help',
    { min: 1, max: 1, names: 'the plugin id or package to remove' },
    { uninstall: { type: 'boolean' } },
  );
  if (options.help) {
    process.stdout.write(`${PLUGINS_REMOVE_USAGE}\n`);
    return 0;
  }
  const config = await loadConfig({ configPath: options.config });
  const { file, entry } = await findConfiguredPlugin(config, options.positionals[0]!);
  const pkg = entry.package;
  await removePluginEntry(file, pkg);
  const uninstalled = Boolean(options.flags.uninstall);
  if (uninstalled) await runNpm(['uninstall', '--no-audit', '--no-fund', pkg], config.dir, options.json);
  const host = readRunningHost(config.dataDir);
  if (options.json) {
    printJson({ configFile: file, package: pkg, uninstalled, runningHost: host ? { pid: host.pid, url: host.url } : null });
    return 0;
  }
  const applied = host ? `; the running host (pid ${host.pid}) watches the file and unloads it itself` : '';
  process.stdout.write(`Removed plugin package '${pkg}' from '${file}'${uninstalled ? ' and uninstalled it' : ''}${applied}\n`);
  return 0;
}
