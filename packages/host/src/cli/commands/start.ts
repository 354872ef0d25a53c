import path from 'node:path';
import { parseArgs } from 'node:util';
import { ADMIN_PASSWORD_VARIABLE, adminToCreate } from '../../auth/users.js';
import { loadConfig } from '../../config/load-config.js';
import { createHost } from '../../host/create-host.js';
import { watchConfig } from '../../host/watch-config.js';
import { removeHostFile, writeHostFile } from '../../host/write-host-file.js';
import { describeError } from '../../internal/describe-value.js';
import { listen } from '../../server/listen.js';
import { readUsers } from '../../store/read-users.js';
import { withUsage } from '../parse-args.js';
import { refuseSecondHost } from '../refuse-second-host.js';
import { HOST_INFO_FILE } from '../running-host.js';

/** Usage of `stratos start`. */
export const START_USAGE = `Usage: stratos start [--config <file>]

Starts the host with the config found in the working directory (stratos.config.json), the file
given by --config or STRATOS_CONFIG, or the embedded defaults. Stops cleanly on SIGTERM or SIGINT.

Changes to the config file apply while running: when the file is saved, on SIGHUP, or with
'stratos reload'. The running host describes itself in <dataDir>/host.json.`;

/** `stratos start`: runs the host until SIGTERM or SIGINT. */
export async function startCommand(args: string[]): Promise<number> {
  const { values } = withUsage(
    () =>
      parseArgs({
        args,
        options: { config: { type: 'string' }, help: { type: 'boolean' } },
        allowPositionals: true,
        strict: true,
      }),
    'stratos start --help',
  );
  if (values.help) {
    process.stdout.write(`${START_USAGE}\n`);
    return 0;
  }
  const config = await loadConfig({ configPath: values.config });
  // Both checks come before anything is written: a failed start leaves the data directory as it was.
  refuseSecondHost(config.dataDir);
  if (process.env[ADMIN_PASSWORD_VARIABLE]) await adminToCreate(readUsers(config.dataDir), process.env);
  let describeHost = (): void => undefined;
  const host = await createHost({
    config,
    onReload: () => describeHost(),
    // The administrator is made only once the host listens, and its password printed then: a start
    // that fails earlier (a taken port, a plugin with "abort", SIGINT) creates nobody.
    deferAdmin: true,
    onAdminCreated(name, password) {
      if (password) {
        process.stdout.write(
          `Created user '${name}' with password: ${password}\nThis password is shown only once; store it now.\n`,
        );
      } else {
        process.stdout.write(`Created user '${name}' with the password from STRATOS_ADMIN_PASSWORD\n`);
      }
    },
  });
  let listening;
  try {
    listening = await listen(host.app, host.config.server);
  } catch (error) {
    await host.destroy();
    throw error;
  }
  try {
    await host.ensureAdmin();
  } catch (error) {
    await listening.close(0);
    await host.destroy();
    throw error;
  }
  const hostFile = path.join(host.config.dataDir, HOST_INFO_FILE);
  const startedAt = new Date().toISOString();
  // Writes are chained so an older description never lands after a newer one.
  let written = Promise.resolve();
  describeHost = () => {
    const content = {
      pid: process.pid,
      url: listening.url,
      configFile: host.config.file ?? null,
      startedAt,
      plugins: host.plugins(),
      lastReload: host.lastReload(),
    };
    written = written
      .then(() => writeHostFile(hostFile, content))
      .catch((error: unknown) => host.logger.warn(`cannot write '${hostFile}'`, { error: describeError(error) }));
  };
  describeHost();
  await written;
  const watch = watchConfig(host);
  const reloadOnHangup = () => {
    host.logger.info('SIGHUP received; reloading the config');
    host.reload().catch((error: unknown) => host.logger.error('config reload failed', { error: describeError(error) }));
  };
  process.on('SIGHUP', reloadOnHangup);
  host.logger.info(`listening on ${listening.url}`, {
    config: host.config.file ?? 'embedded defaults',
    dataDir: host.config.dataDir,
  });

  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = async (signal: NodeJS.Signals) => {
      if (stopping) return;
      stopping = true;
      host.logger.info(`${signal} received; finishing in-flight requests`);
      watch?.close();
      process.off('SIGHUP', reloadOnHangup);
      await listening.close(host.config.server.shutdownTimeoutMs);
      await host.destroy();
      await written;
      removeHostFile(hostFile);
      host.logger.info('stopped');
      resolve(0);
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
}
