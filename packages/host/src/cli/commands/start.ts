import { createHost } from '../../host/create-host.js';
import { listen } from '../../server/listen.js';
import { parseArgs } from 'node:util';
import { withUsage } from '../parse-args.js';

/** Usage of `stratos start`. */
export const START_USAGE = `Usage: stratos start [--config <file>]

Starts the host with the config found in the working directory (stratos.config.json), the file
given by --config or STRATOS_CONFIG, or the embedded defaults. Stops cleanly on SIGTERM or SIGINT.`;

/** `stratos start`: runs the host until SIGTERM or SIGINT. */
export async function startCommand(args: string[]): Promise<number> {
  const { values } = withUsage(
    () => parseArgs({ args, options: { config: { type: 'string' }, help: { type: 'boolean' } }, allowPositionals: true, strict: true }),
    'stratos start --help',
  );
  if (values.help) {
    process.stdout.write(`${START_USAGE}\n`);
    return 0;
  }
  const host = await createHost({
    configPath: values.config,
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
      await listening.close(host.config.server.shutdownTimeoutMs);
      await host.destroy();
      host.logger.info('stopped');
      resolve(0);
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
}
