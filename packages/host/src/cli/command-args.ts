import { parseArgs, type ParseArgsConfig } from 'node:util';
import { hostError } from '../errors.js';
import { withUsage } from './parse-args.js';

/** The options every operator command takes, its other flags and its positional arguments. */
export interface CommandArgs {
  config: string | undefined;
  json: boolean;
  help: boolean;
  flags: Record<string, string | boolean | undefined>;
  positionals: string[];
}

/**
 * Parses `--config <file>`, `--json`, `--help` and the command's own `options`, and checks the
 * number of positional arguments (skipped with --help), so a mistake becomes a one-line usage error.
 */
export function parseCommandArgs(
  args: string[],
  help: string,
  positionals: { min: number; max: number; names: string },
  options: NonNullable<ParseArgsConfig['options']> = {},
): CommandArgs {
  const { values, positionals: given } = withUsage(
    () =>
      parseArgs({
        args,
        options: { ...options, config: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean' } },
        allowPositionals: true,
        strict: true,
      }),
    help,
    args,
  );
  const parsed: CommandArgs = {
    config: values.config as string | undefined,
    json: Boolean(values.json),
    help: Boolean(values.help),
    flags: values as CommandArgs['flags'],
    positionals: given,
  };
  if (!parsed.help && (given.length < positionals.min || given.length > positionals.max)) {
    const reason =
      given.length < positionals.min ? `missing ${positionals.names}` : `unexpected argument '${given[positionals.max]}'`;
    throw hostError('STRATOS_ERR_CLI_USAGE', { reason, help });
  }
  return parsed;
}

/** Writes `value` as one JSON document on stdout. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
