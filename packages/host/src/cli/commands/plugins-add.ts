import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { addPluginEntry, assertEditableConfigFile } from '../../config/edit-config-file.js';
import { loadConfig } from '../../config/load-config.js';
import type { HostConfig } from '../../config/types.js';
import { hostError } from '../../errors.js';
import { findHostSdk } from '../../loader/load-plugins.js';
import { inspectPlugin, type PluginInspection } from '../../loader/inspect-plugin.js';
import { codedError } from '../coded-error.js';
import { parseCommandArgs, printJson } from '../command-args.js';
import { packageNameOf } from '../package-name-of.js';
import { readRunningHost } from '../running-host.js';
import { runNpm } from '../run-npm.js';

/** Usage of `stratos plugins add`. */
export const PLUGINS_ADD_USAGE = `Usage: stratos plugins add <package>[@<range>] [--config <file>] [--json]

Installs a plugin with 'npm install' in the deployment folder (the config file's folder), checks
that it is a Stratos plugin this host can load (name, manifest, SDK range, a single SDK copy, an
importable entry of the right shape, an id no other plugin has) without initialising it, and only
then adds it to the config. When a check fails, the install is undone. <package> may also be a
tarball made by 'npm pack' (./acme-notes-1.0.0.tgz) or a package folder.`;

const NPM_FLAGS = ['--no-audit', '--no-fund'];
const PACKAGE_FILES = ['package.json', 'package-lock.json'];

/** `stratos plugins add <spec>`: npm install, check, then add the config entry. */
export async function pluginsAddCommand(args: string[]): Promise<number> {
  const options = parseCommandArgs(args, 'stratos plugins add --help', { min: 1, max: 1, names: 'the package to add' });
  if (options.help) {
    process.stdout.write(`${PLUGINS_ADD_USAGE}\n`);
    return 0;
  }
  const config = await loadConfig({ configPath: options.config });
  const file = config.file ?? path.join(config.dir, 'stratos.config.json');
  assertEditableConfigFile(file);
  const spec = packageNameOf(options.positionals[0]!, process.cwd());
  const existing = config.plugins.find((entry) => entry.package === spec.name);
  if (existing?.enabled) {
    throw codedError(
      'STRATOS_ERR_CONFIG_PLUGIN_EXISTS',
      `Config '${file}' already has an enabled entry for package '${spec.name}'; nothing to add; run 'stratos plugins list' to see its state`,
    );
  }
  if (existing) throw hostError('STRATOS_ERR_CONFIG_PLUGIN_EXISTS', { file, pkg: spec.name });

  const before = snapshot(config.dir);
  const wasDependency = isDependency(before['package.json'], spec.name);
  const quiet = options.json;
  await runNpm(['install', ...NPM_FLAGS, spec.install], config.dir, quiet);
  const found = await checkInstalled(spec.name, config);
  if (found.error) {
    // A package that was a dependency before gets its old version back; a new one goes.
    if (wasDependency) {
      restore(config.dir, before);
      await runNpm(['install', ...NPM_FLAGS], config.dir, quiet);
    } else {
      await runNpm(['uninstall', ...NPM_FLAGS, spec.name], config.dir, quiet);
      restore(config.dir, before);
    }
    // The catalogue's fix for a package that is not a plugin is to remove it from the config, where it never was.
    const reason =
      found.error.code === 'STRATOS_ERR_MANIFEST_MISSING'
        ? `Package '${spec.name}' is not a Stratos plugin: its package.json has no "stratosPlugin" field, so it was not added`
        : found.error.message;
    throw codedError(found.error.code, `${reason}; 'npm install ${options.positionals[0]}' was undone`);
  }
  await addPluginEntry(file, spec.name);
  const host = readRunningHost(config.dataDir);
  if (options.json) {
    printJson({
      configFile: file,
      package: spec.name,
      id: found.id,
      version: found.version,
      sdk: found.sdk,
      warnings: found.warnings,
      runningHost: host ? { pid: host.pid, url: host.url } : null,
    });
    return 0;
  }
  for (const warning of found.warnings) process.stderr.write(`stratos: warning: plugin '${found.id}': ${warning}\n`);
  const applied = host
    ? `the running host (pid ${host.pid}) watches the file and loads it itself`
    : 'it loads when the host starts';
  process.stdout.write(`Added plugin '${found.id}' (${spec.name}@${found.version ?? '?'}) to '${file}'; ${applied}\n`);
  return 0;
}

/** The loader's checks up to the plugin's shape, plus an id no configured plugin has. */
async function checkInstalled(pkg: string, config: HostConfig): Promise<PluginInspection> {
  const hostSdk = findHostSdk();
  const found = await inspectPlugin(pkg, {}, { fromDir: config.dir, hostSdk, depth: 'entry' });
  if (found.error) return found;
  for (const entry of config.plugins) {
    const other = await inspectPlugin(entry.package, {}, { fromDir: config.dir, hostSdk, depth: 'package' });
    if (other.id === found.id) {
      const message = `Plugin '${found.id}' from package '${pkg}' has the same id as the configured package '${entry.package}'; ids must be unique, so it was not added`;
      found.error = { code: 'STRATOS_ERR_PLUGIN_DUPLICATE_ID', message };
      break;
    }
  }
  return found;
}

function isDependency(packageJson: string | undefined, name: string): boolean {
  try {
    const parsed = JSON.parse(packageJson ?? '{}') as Record<string, Record<string, unknown> | undefined>;
    return ['dependencies', 'devDependencies', 'optionalDependencies'].some((field) => parsed[field]?.[name] !== undefined);
  } catch {
    return false;
  }
}

function snapshot(dir: string): Record<string, string | undefined> {
  const files: Record<string, string | undefined> = {};
  for (const name of PACKAGE_FILES) {
    try {
      files[name] = readFileSync(path.join(dir, name), 'utf8');
    } catch {
      files[name] = undefined;
    }
  }
  return files;
}

function restore(dir: string, files: Record<string, string | undefined>): void {
  for (const [name, text] of Object.entries(files)) {
    if (text === undefined) rmSync(path.join(dir, name), { force: true });
    else writeFileSync(path.join(dir, name), text);
  }
}
