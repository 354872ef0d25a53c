import type { Context } from 'koa';

/** What the field readers need of a request: its parsed body and its query. */
type FieldSource = Pick<Context, 'query' | 'throw'> & { request: { body?: unknown } };

/**
 * Field `name` from the body, else the query, as Jetstream's FormValue reads it: a string, or a
 * number or boolean from JSON as its text; undefined when absent. Any other type (an array, an
 * object, a query key given twice) is a 400 that says so, rather than passing for absent.
 */
function readOne(ctx: FieldSource, name: string): string | undefined {
  const body = ctx.request.body;
  const fromBody =
    body && typeof body === 'object' && Object.hasOwn(body, name) ? (body as Record<string, unknown>)[name] : undefined;
  const value = fromBody ?? (Object.hasOwn(ctx.query, name) ? ctx.query[name] : undefined);
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return ctx.throw(400, `Field '${name}' must be a single string value`);
}

/** The first of `names` the request carries (body first, then query), as Jetstream's FormValue. */
export function readFirst(ctx: FieldSource, ...names: string[]): string | undefined {
  for (const name of names) {
    const value = readOne(ctx, name);
    if (value !== undefined) return value;
  }
  return undefined;
}

/** A "true"/"false" field; absent or empty is undefined, anything else a 400 that names the field. */
export function readFlag(ctx: FieldSource, ...names: string[]): boolean | undefined {
  const value = readFirst(ctx, ...names)
    ?.trim()
    .toLowerCase();
  if (value === undefined || value === '') return undefined;
  if (value === 'true') return true;
  if (value === 'false') return false;
  return ctx.throw(400, `Field '${names[0]}' must be 'true' or 'false'`);
}

/** Every string field of the request, query and body merged (body wins), for a plugin to read. */
export function readAllFields(ctx: Context): Record<string, string> {
  const fields: Record<string, string> = {};
  const body = ctx.request.body;
  for (const source of [ctx.query, body && typeof body === 'object' ? (body as Record<string, unknown>) : {}]) {
    for (const [key, value] of Object.entries(source)) {
      if (typeof value === 'string') fields[key] = value;
      else if (typeof value === 'number' || typeof value === 'boolean') fields[key] = String(value);
    }
  }
  return fields;
}
