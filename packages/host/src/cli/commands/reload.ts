import path from 'node:path';
import { loadConfig } from '../../config/load-config.js';
import { hostError } from '../../errors.js';
import { parseCommandArgs, printJson } from '../command-args.js';
import { HOST_INFO_FILE, readRunningHost } from '../running-host.js';

/** Usage of `stratos reload`. */
export const RELOAD_USAGE = `Usage: stratos reload [--config <file>] [--json]

Asks the host running on this config (found through host.json in its data directory) to re-read
its config file now, by sending it SIGHUP. The host applies the changes without a restart. A host
started without a config file has none to re-read: it is not signalled (STRATOS_ERR_CONFIG_NO_FILE).`;

/** `stratos reload`: sends SIGHUP to the running host. */
export async function reloadCommand(args: string[]): Promise<number> {
  const options = parseCommandArgs(args, 'stratos reload --help', { min: 0, max: 0, names: '' });
  if (options.help) {
    process.stdout.write(`${RELOAD_USAGE}\n`);
    return 0;
  }
  const config = await loadConfig({ configPath: options.config });
  const host = readRunningHost(config.dataDir);
  if (!host) throw hostError('STRATOS_ERR_CLI_NO_RUNNING_HOST', { file: path.join(config.dataDir, HOST_INFO_FILE) });
  // A host on embedded defaults would answer SIGHUP only by logging this same error.
  if (host.configFile === null) throw hostError('STRATOS_ERR_CONFIG_NO_FILE', { dir: config.dir });
  process.kill(host.pid, 'SIGHUP');
  if (options.json) printJson({ pid: host.pid, url: host.url, signal: 'SIGHUP' });
  else process.stdout.write(`Sent SIGHUP to the host (pid ${host.pid}) at ${host.url}; it reloads its config\n`);
  return 0;
}
