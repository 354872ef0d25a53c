import { setPluginEnabled } from '../../config/edit-config-file.js';
import { loadConfig } from '../../config/load-config.js';
import { parseCommandArgs, printJson } from '../command-args.js';
import { findConfiguredPlugin } from '../find-configured-plugin.js';
import { readRunningHost } from '../running-host.js';

/** Usage of `stratos plugins enable` and `stratos plugins disable`. */
export const pluginsEnableUsage = (
  verb: 'enable' | 'disable',
) => `Usage: stratos plugins ${verb} <id|package> [--config <file>] [--json]

${verb === 'enable' ? 'Turns on' : 'Turns off'} a configured plugin, named by its id or its package, by setting its
"enabled" in the config file (a JSON file, rewritten atomically, the rest of it kept). A host
running on this config watches the file and applies the change itself, without a restart. A plugin
already in that state is left as it is ("changed": false with --json).`;

/** `stratos plugins enable|disable <id|package>`: edits the plugin's "enabled" in the config file. */
export async function pluginsEnableCommand(args: string[], enabled: boolean): Promise<number> {
  const verb = enabled ? 'enable' : 'disable';
  const help = `stratos plugins ${verb} --help`;
  const options = parseCommandArgs(args, help, { min: 1, max: 1, names: 'the plugin id or package' });
  if (options.help) {
    process.stdout.write(`${pluginsEnableUsage(verb)}\n`);
    return 0;
  }
  const name = options.positionals[0]!;
  const config = await loadConfig({ configPath: options.config });
  const { file, entry } = await findConfiguredPlugin(config, name);
  // The file is rewritten only when the entry changes; saying so keeps a no-op from looking like one.
  const changed = entry.enabled !== enabled;
  if (changed) await setPluginEnabled(file, entry.package, enabled);
  const host = readRunningHost(config.dataDir);
  if (options.json) {
    printJson({
      configFile: file,
      plugin: name,
      package: entry.package,
      enabled,
      changed,
      runningHost: host ? { pid: host.pid, url: host.url } : null,
    });
    return 0;
  }
  if (!changed) {
    process.stdout.write(`Plugin '${name}' is already ${verb}d in '${file}'; nothing changed\n`);
    return 0;
  }
  const applied = host
    ? `the running host (pid ${host.pid}) watches the file and applies the change itself`
    : 'no host is running; it applies when the host starts';
  process.stdout.write(`${enabled ? 'Enabled' : 'Disabled'} plugin '${name}' in '${file}'; ${applied}\n`);
  return 0;
}
