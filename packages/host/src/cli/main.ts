#!/usr/bin/env node
import { isHostError } from '../errors.js';
import { HOST_VERSION } from '../version.js';
import { startCommand } from './commands/start.js';
import { usersAddCommand } from './commands/users-add.js';

const USAGE = `Usage: stratos <command> [options]

Commands:
  start                      start the host (see: stratos start --help)
  users add <name> [--admin] add a local user; the password is read from stdin

Options:
  --config <file>            config file (default: stratos.config.json in the working directory)
  --help, --version`;

/** Runs the `stratos` command line; resolves to the process exit code. */
async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'start':
        return await startCommand(rest);
      case 'users':
        if (rest[0] === 'add') return await usersAddCommand(rest.slice(1));
        process.stderr.write(`stratos: unknown users command '${rest[0] ?? ''}'; run 'stratos --help' for usage\n`);
        return 2;
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
      process.stderr.write(`stratos: ${error.message} [${error.code}]\n`);
      return 1;
    }
    process.stderr.write(`stratos: unexpected error: ${(error as Error)?.stack ?? String(error)}\n`);
    return 70;
  }
}

process.exitCode = await main(process.argv.slice(2));
