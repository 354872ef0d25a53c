import { loadConfig } from '../../config/load-config.js';
import type { HostConfig } from '../../config/types.js';
import { findHostSdk } from '../../loader/load-plugins.js';
import { parseCommandArgs, printJson } from '../command-args.js';
import { checkAdmin } from '../doctor/check-admin.js';
import { checkPlugins } from '../doctor/check-plugins.js';
import { checkRunningHost } from '../doctor/check-running-host.js';
import { checkServer } from '../doctor/check-server.js';
import { checkStore } from '../doctor/check-store.js';
import { errorFinding, formatFinding, type Finding } from '../doctor/finding.js';
import { readRunningHost } from '../running-host.js';

/** Usage of `stratos doctor`. */
export const DOCTOR_USAGE = `Usage: stratos doctor [--config <file>] [--json]

Finds what would stop or degrade a start, without starting: the config; for each enabled plugin
its package, manifest, SDK range, SDK copy, entry module and shape, and config; dependsOn; the data
directory; the encryption key against the stored secrets; the first administrator (a too short
STRATOS_ADMIN_PASSWORD); a host already running on the data directory; the TLS files and the
address and port. Prints one line per finding, "<ok|warn|error> <subject>: <message> [<CODE>]",
and exits 0 only when there is no error (warnings are allowed). Plugin entry modules are
imported, which runs their top-level code, but no plugin is initialised.`;

/** `stratos doctor`: checks a deployment without starting it. */
export async function doctorCommand(args: string[]): Promise<number> {
  const options = parseCommandArgs(args, 'stratos doctor --help', { min: 0, max: 0, names: '' });
  if (options.help) {
    process.stdout.write(`${DOCTOR_USAGE}\n`);
    return 0;
  }
  const findings: Finding[] = [];
  let config: HostConfig | undefined;
  try {
    config = await loadConfig({ configPath: options.config });
    const message = config.file ? `'${config.file}' is valid` : 'no config file; the embedded defaults apply';
    findings.push({ level: 'ok', subject: 'config', message });
  } catch (error) {
    findings.push(errorFinding('config', error));
  }
  if (config) {
    findings.push(...(await checkPlugins(config, findHostSdk())));
    findings.push(...checkStore(config.dataDir, process.env));
    findings.push(await checkAdmin(config.dataDir, process.env));
    findings.push(checkRunningHost(config.dataDir));
    findings.push(...(await checkServer(config, readRunningHost(config.dataDir))));
  }
  const errors = findings.filter((f) => f.level === 'error').length;
  if (options.json) printJson({ ok: errors === 0, findings });
  else process.stdout.write(`${findings.map(formatFinding).join('\n')}\n`);
  if (errors === 0) return 0;
  process.stderr.write(`stratos: doctor found ${errors} error(s); fix them before starting\n`);
  return 1;
}
