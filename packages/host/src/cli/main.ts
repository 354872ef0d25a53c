#!/usr/bin/env node
import { isHostError } from '../errors.js';
import { oneLine } from '../internal/describe-value.js';
import { HOST_VERSION } from '../version.js';
import { surviveClosedOutput } from './survive-closed-output.js';

// Each command is imported when it runs: `stratos start` should not pay for loading doctor, npm
// handling or the config editor.

/** A subcommand of a group (`stratos plugins add`): its arguments, one line of help and its runner. */
interface Subcommand {
  synopsis: string;
  summary: string;
  run: (args: string[]) => Promise<number>;
}

const GROUPS: Record<string, Record<string, Subcommand>> = {
  users: {
    add: {
      synopsis: 'add <name> [--admin]',
      summary: 'add a local user; the password is read from stdin',
      run: async (args) => (await import('./commands/users-add.js')).usersAddCommand(args),
    },
  },
  plugins: {
    list: {
      synopsis: 'list',
      summary: 'list the configured plugins, installed and running',
      run: async (args) => (await import('./commands/plugins-list.js')).pluginsListCommand(args),
    },
    add: {
      synopsis: 'add <pkg>[@range]',
      summary: 'npm install a plugin, check it, add it to the config',
      run: async (args) => (await import('./commands/plugins-add.js')).pluginsAddCommand(args),
    },
    remove: {
      synopsis: 'remove <id|pkg>',
      summary: 'remove a plugin from the config [--uninstall]',
      run: async (args) => (await import('./commands/plugins-remove.js')).pluginsRemoveCommand(args),
    },
    enable: {
      synopsis: 'enable <id|pkg>',
      summary: 'turn a configured plugin on',
      run: async (args) => (await import('./commands/plugins-enable.js')).pluginsEnableCommand(args, true),
    },
    disable: {
      synopsis: 'disable <id|pkg>',
      summary: 'turn a configured plugin off',
      run: async (args) => (await import('./commands/plugins-enable.js')).pluginsEnableCommand(args, false),
    },
  },
};

const usageLine = (synopsis: string, summary: string) => `  ${synopsis.padEnd(26)} ${summary}`;

const groupLines = (group: string, prefix: string) =>
  Object.values(GROUPS[group]!).map((command) => usageLine(prefix + command.synopsis, command.summary));

const USAGE = `Usage: stratos <command> [options]

Commands:
${usageLine('start', 'start the host (see: stratos start --help)')}
${[...groupLines('users', 'users '), ...groupLines('plugins', 'plugins ')].join('\n')}
${usageLine('reload', 'make the running host re-read its config (SIGHUP)')}
${usageLine('doctor', 'find what would stop or degrade a start, without starting')}

Options:
${usageLine('--config <file>', 'config file (default: stratos.config.json in the working directory)')}
${usageLine('--json', 'machine-readable output (plugins, reload, doctor)')}
  --help, --version`;

/** Runs `stratos <group> <command> ...`, or prints the group's usage (exit 0 when asked for, else 2). */
async function runGroup(group: string, args: string[]): Promise<number> {
  const [name, ...rest] = args;
  const commands = GROUPS[group]!;
  if (name !== undefined && Object.hasOwn(commands, name)) return commands[name]!.run(rest);
  if (name === '--help' || name === '-h' || name === 'help') {
    const usage = `Usage: stratos ${group} <command> [options]\n\nCommands:\n${groupLines(group, '').join('\n')}`;
    process.stdout.write(`${usage}\n\nRun 'stratos ${group} <command> --help' for a command's options.\n`);
    return 0;
  }
  const problem = name === undefined ? `missing ${group} command` : `unknown ${group} command '${name}'`;
  process.stderr.write(
    `stratos: ${problem}; expected one of: ${Object.keys(commands).join(', ')}; run 'stratos ${group} --help' for usage\n`,
  );
  return 2;
}

/** Runs the `stratos` command line; resolves to the process exit code. */
async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'start':
        return await (await import('./commands/start.js')).startCommand(rest);
      case 'users':
      case 'plugins':
        return await runGroup(command, rest);
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
      process.stderr.write(`stratos: ${oneLine(error.message)} [${error.code}]\n`);
      return 1;
    }
    process.stderr.write(`stratos: unexpected error: ${(error as Error)?.stack ?? String(error)}\n`);
    return 70;
  }
}

surviveClosedOutput();
process.exitCode = await main(process.argv.slice(2));
