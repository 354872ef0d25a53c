#!/usr/bin/env node
import { isHostError } from '../errors.js';
import { HOST_VERSION } from '../version.js';
import { surviveClosedOutput } from './survive-closed-output.js';

// Each command is imported when it runs: `stratos start` should not pay for loading doctor, npm
// handling or the config editor.

const USAGE = `Usage: stratos <command> [options]

Commands:
  start                      start the host (see: stratos start --help)
  users add <name> [--admin] add a local user; the password is read from stdin
  plugins list               list the configured plugins, installed and running
  plugins add <pkg>[@range]  npm install a plugin, check it, add it to the config
  plugins remove <pkg>       remove a plugin from the config [--uninstall]
  plugins enable <id|pkg>    turn a configured plugin on
  plugins disable <id|pkg>   turn a configured plugin off
  reload                     make the running host re-read its config (SIGHUP)
  doctor                     find what would stop or degrade a start, without starting

Options:
  --config <file>            config file (default: stratos.config.json in the working directory)
  --json                     machine-readable output (plugins, reload, doctor)
  --help, --version`;

const PLUGINS_COMMANDS: Record<string, (args: string[]) => Promise<number>> = {
  list: async (args) => (await import('./commands/plugins-list.js')).pluginsListCommand(args),
  add: async (args) => (await import('./commands/plugins-add.js')).pluginsAddCommand(args),
  remove: async (args) => (await import('./commands/plugins-remove.js')).pluginsRemoveCommand(args),
  enable: async (args) => (await import('./commands/plugins-enable.js')).pluginsEnableCommand(args, true),
  disable: async (args) => (await import('./commands/plugins-enable.js')).pluginsEnableCommand(args, false),
};

/** Runs the `stratos` command line; resolves to the process exit code. */
async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'start':
        return await (await import('./commands/start.js')).startCommand(rest);
      case 'users':
        if (rest[0] === 'add') return await (await import('./commands/users-add.js')).usersAddCommand(rest.slice(1));
        process.stderr.write(`stratos: unknown users command '${rest[0] ?? ''}'; run 'stratos --help' for usage\n`);
        return 2;
      case 'plugins': {
        const run = rest[0] === undefined ? undefined : PLUGINS_COMMANDS[rest[0]];
        if (run && Object.hasOwn(PLUGINS_COMMANDS, rest[0]!)) return await run(rest.slice(1));
        process.stderr.write(`stratos: unknown plugins command '${rest[0] ?? ''}'; run 'stratos --help' for usage\n`);
        return 2;
      }
      case 'reload':
        return await (await import('./commands/reload.js')).reloadCommand(rest);
      case 'doctor':
        return await (await import('./commands/doctor.js')).doctorCommand(rest);
      case '--version':
      case '-v':
        process.stdout.write(`${HOST_VERSION}\n`);
        return 0;
      case undefined:
      case '--help':
      case '-h':
      case 'help':
        process.stdout.write(`${USAGE}\n`);
        return command === undefined ? 2 : 0;
      default:
        process.stderr.write(`stratos: unknown command '${command}'; run 'stratos --help' for usage\n`);
        return 2;
    }
  } catch (error) {
    if (isHostError(error)) {
      // One line, so scripts can read the reason; a parser's message may span several.
      process.stderr.write(`stratos: ${error.message.replace(/\s*\n\s*/g, ' ')} [${error.code}]\n`);
      return 1;
    }
    process.stderr.write(`stratos: unexpected error: ${(error as Error)?.stack ?? String(error)}\n`);
    return 70;
  }
}

surviveClosedOutput();
process.exitCode = await main(process.argv.slice(2));
