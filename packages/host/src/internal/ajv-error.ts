/* Internal: not part of the public API. */
import type { ErrorObject } from 'ajv';
import { describeValue } from './describe-value.js';

/** One ajv error turned into the parts of a coded message: where, what was expected, what was found. */
export interface SchemaProblem {
  path: string;
  expected: string;
  received: string;
}

function valueAt(data: unknown, pointer: string): unknown {
  let current = data;
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/**
 * Picks the most useful of ajv's errors (the deepest one) and phrases it for a person. `root`
 * names the document when the problem is at its top, e.g. `/` for a file.
 */
export function describeSchemaProblem(errors: ErrorObject[], data: unknown): SchemaProblem {
  // Combinators report once per branch; the branch errors say more than "must match oneOf".
  const useful = errors.filter((e) => e.keyword !== 'oneOf' && e.keyword !== 'anyOf');
  const deepest = Math.max(...useful.map((e) => e.instancePath.length));
  const atDeepest = useful.filter((e) => e.instancePath.length === deepest);
  const error = atDeepest.find((e) => e.keyword !== 'type') ?? atDeepest[0];
  if (!error) return { path: '/', expected: 'must be valid', received: describeValue(data) };
  if (atDeepest.every((e) => e.keyword === 'type') && atDeepest.length > 1) {
    const types = atDeepest.map((e) => String((e.params as { type: unknown }).type));
    return {
      path: error.instancePath || '/',
      expected: `must be ${types.join(' or ')}`,
      received: describeValue(valueAt(data, error.instancePath)),
    };
  }
  const path = error.instancePath || '/';
  const received = describeValue(valueAt(data, error.instancePath));
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties':
      return {
        path,
        expected: `unknown property '${String(params.additionalProperty)}' (check its spelling)`,
        received,
      };
    case 'required':
      return { path, expected: `missing required property '${String(params.missingProperty)}'`, received };
    case 'type':
      // ajv prints a list of types as 'object,string'.
      return { path, expected: `must be ${([] as unknown[]).concat(params.type).join(' or ')}`, received };
    case 'enum':
      return {
        path,
        expected: `must be one of ${(params.allowedValues as unknown[]).map((v) => `'${String(v)}'`).join(', ')}`,
        received,
      };
    default:
      return { path, expected: error.message ?? 'must be valid', received };
  }
}
