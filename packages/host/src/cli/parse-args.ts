import { hostError } from '../errors.js';

/**
 * Runs an argument parser (node:util `parseArgs`), turning an unknown flag or a missing value
 * into a usage error that names the help command instead of a stack trace.
 */
export function withUsage<T>(parse: () => T, help: string): T {
  try {
    return parse();
  } catch (error) {
    throw hostError('STRATOS_ERR_CLI_USAGE', { reason: (error as Error).message, help });
  }
}
