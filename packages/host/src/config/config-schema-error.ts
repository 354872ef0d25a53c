import { hostError, type HostError } from '../errors.js';
import { listProblems, type SchemaProblem } from '../internal/ajv-error.js';
import type { EnvOrigin } from './apply-env.js';

/**
 * The error for a config that breaks the schema. A problem with a value that a `STRATOS_*`
 * variable set is `STRATOS_ERR_CONFIG_ENV` naming the variable (the file is not to blame, and the
 * variable is checked first, as `STRATOS_PORT` is); otherwise `STRATOS_ERR_CONFIG_INVALID` naming
 * the file and every problem, numbered on one line when there are several.
 */
export function configSchemaError(
  file: string,
  problems: SchemaProblem[],
  origins: ReadonlyMap<string, EnvOrigin>,
): HostError<'STRATOS_ERR_CONFIG_ENV' | 'STRATOS_ERR_CONFIG_INVALID'> {
  for (const problem of problems) {
    const origin = origins.get(problem.path);
    if (!origin) continue;
    const expected = problem.expected.startsWith('must be ')
      ? problem.expected.slice('must be '.length)
      : `a value that ${problem.expected}`;
    return hostError('STRATOS_ERR_CONFIG_ENV', { variable: origin.variable, expected, received: origin.value });
  }
  const [first] = problems;
  if (!first) throw new Error('configSchemaError needs at least one problem');
  const list = listProblems(problems);
  return hostError('STRATOS_ERR_CONFIG_INVALID', { file, ...first, ...(list ? { problems: list } : {}) });
}
