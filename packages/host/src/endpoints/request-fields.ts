import type { Context } from 'koa';
import { readField } from '../server/body-parser.js';

/** The first of `names` the request carries (body first, then query), as Jetstream's FormValue. */
export function readFirst(ctx: Context, ...names: string[]): string | undefined {
  for (const name of names) {
    const value = readField(ctx, name);
    if (value !== undefined) return value;
  }
  return undefined;
}

/** A "true"/"false" field; absent or empty is undefined, anything else a 400 that names the field. */
export function readFlag(ctx: Context, ...names: string[]): boolean | undefined {
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
