import { hostError } from '../errors.js';

/**
 * Runs an argument parser (node:util `parseArgs`), turning an unknown flag or a missing value
 * into a short usage error that names the help command instead of a stack trace. `args` are the
 * arguments being parsed, used to name a whole `-abc` when Node reports only its `-a`.
 */
export function withUsage<T>(parse: () => T, help: string, args: readonly string[] = process.argv.slice(2)): T {
  try {
    return parse();
  } catch (error) {
    throw hostError('STRATOS_ERR_CLI_USAGE', { reason: usageReason(error as Error, args), help });
  }
}

/**
 * Node's parseArgs messages carry advice for programmers (and unbalanced quotes); the reason
 * keeps what the operator needs: which argument is wrong and how.
 */
function usageReason(error: Error & { code?: unknown }, args: readonly string[]): string {
  const quoted = /'([^']*)'/.exec(error.message)?.[1];
  // '--config <value>' names the option '--config'.
  const option = quoted?.split(' ')[0];
  switch (option ? error.code : undefined) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION': {
      // A short option is reported alone, even inside a group ('-dash' is reported as '-d').
      const group = option!.startsWith('--') ? undefined : args.find((arg) => arg.startsWith(option!) && !arg.startsWith('--'));
      return `unknown option '${group ?? option}'`;
    }
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return error.message.includes('does not take an argument')
        ? `option '${option}' takes no value`
        : `option '${option}' needs a value`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `unexpected argument '${quoted}'`;
    default:
      // A message this code does not know: its first line, without the final full stop.
      return error.message.split('\n')[0]!.replace(/\.$/, '');
  }
}
