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
  const useful = errors.filter((e) => !COMBINATORS.has(e.keyword));
  const deepest = Math.max(...useful.map((e) => e.instancePath.length));
  const atDeepest = useful.filter((e) => e.instancePath.length === deepest);
  const error = atDeepest.find((e) => e.keyword !== 'type') ?? atDeepest[0];
  if (!error) return { path: '/', expected: 'must be valid', received: describeValue(data) };
  if (atDeepest.every((e) => e.keyword === 'type') && atDeepest.length > 1) return eitherType(atDeepest, data);
  return phrase(error, data);
}

/**
 * Every problem of an `allErrors` validation, phrased for a person, in ajv's order and without
 * repeats. Of a failed `oneOf`/`anyOf`, the branches whose type did not even match are dropped
 * (a `42` plugin entry is "must be string or object", not two type errors and "must match oneOf").
 */
export function describeSchemaProblems(errors: ErrorObject[], data: unknown): SchemaProblem[] {
  const dropped = new Set<ErrorObject>();
  const replaced = new Map<ErrorObject, SchemaProblem>();
  for (const combinator of errors.filter((e) => COMBINATORS.has(e.keyword))) {
    const prefix = `${combinator.schemaPath}/`;
    const branches = new Map<string, ErrorObject[]>();
    // The same combinator fails once per array item, so a branch error must also lie at or under it.
    const at = combinator.instancePath;
    for (const e of errors) {
      if (!e.schemaPath.startsWith(prefix)) continue;
      if (e.instancePath !== at && !e.instancePath.startsWith(`${at}/`)) continue;
      const branch = e.schemaPath.slice(prefix.length).split('/')[0]!;
      branches.set(branch, [...(branches.get(branch) ?? []), e]);
    }
    const wrongType = [...branches.values()].filter(
      (list) => list.length === 1 && list[0]!.keyword === 'type' && list[0]!.instancePath === at,
    );
    if (wrongType.length === branches.size && wrongType.length > 0) {
      replaced.set(combinator, eitherType(wrongType.flat(), data));
      for (const e of wrongType.flat()) dropped.add(e);
    } else {
      dropped.add(combinator);
      for (const e of wrongType.flat()) dropped.add(e);
    }
  }
  const problems: SchemaProblem[] = [];
  const seen = new Set<string>();
  for (const error of errors) {
    if (dropped.has(error)) continue;
    const problem = replaced.get(error) ?? phrase(error, data);
    const key = `${problem.path}\n${problem.expected}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push(problem);
  }
  return problems.length > 0 ? problems : [describeSchemaProblem(errors, data)];
}

/**
 * Several problems as one line, `2 problems: (1) at /a: …; received …; (2) at …`, for a message
 * that names them all; undefined for a single problem, which the message states on its own.
 */
export function listProblems(problems: readonly SchemaProblem[]): string | undefined {
  if (problems.length < 2) return undefined;
  const list = problems.map((p, index) => `(${index + 1}) at ${p.path}: ${p.expected}; received ${p.received}`).join('; ');
  return `${problems.length} problems: ${list}`;
}

const COMBINATORS = new Set(['oneOf', 'anyOf']);

/** "must be string or object" from the type errors of one place. */
function eitherType(typeErrors: ErrorObject[], data: unknown): SchemaProblem {
  const types = typeErrors.map((e) => String((e.params as { type: unknown }).type));
  const at = typeErrors[0]!.instancePath;
  return { path: at || '/', expected: `must be ${types.join(' or ')}`, received: describeValue(valueAt(data, at)) };
}

function phrase(error: ErrorObject, data: unknown): SchemaProblem {
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
