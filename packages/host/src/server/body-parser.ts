import type { Context, Middleware } from 'koa';

declare module 'koa' {
  interface Request {
    /** The parsed JSON or urlencoded body; undefined for other content types. */
    body?: unknown;
  }
}

const PROXIED_PATH = /^\/(api\/v1\/proxy\/|pp\/v1\/proxy(\/|$))/;

let coBody: Promise<typeof import('co-body')> | undefined;

/**
 * Parses JSON and urlencoded bodies up to `limit`. A malformed body is a 400 and an oversize one a
 * 413, each with a message that says so.
 */
export function bodyParser(limit: string): Middleware {
  async function parseInto(ctx: Context, kind: string): Promise<void> {
    // Loaded on first use: co-body and its charset tables cost start-up time GETs never need.
    const parse = await (coBody ??= import('co-body').then((m) => m.default));
    try {
      ctx.request.body =
        kind === 'json'
          ? await parse.json(ctx.req, { limit, strict: false })
          : await parse.form(ctx.req, { limit, queryString: { allowPrototypes: false, depth: 1 } });
    } catch (error) {
      const status = (error as { status?: number }).status;
      if (status === 413) ctx.throw(413, `Request body is larger than the limit of ${limit}`);
      if (status === 415) ctx.throw(415, 'Unsupported request body encoding');
      if (kind === 'json') ctx.throw(400, `Malformed JSON body: ${(error as Error).message}`);
      ctx.throw(400, 'Malformed request body');
    }
  }
  return function parseBody(ctx, next) {
    // Proxied bodies are streamed to the endpoint untouched.
    if (PROXIED_PATH.test(ctx.path)) return next();
    const kind = ctx.is('json', 'urlencoded');
    if (!kind || ctx.request.length === 0) return next();
    return parseInto(ctx, kind).then(next);
  };
}

/** Reads a request field the way Jetstream's FormValue does: from the body first, then the query. */
export function readField(ctx: { request: { body?: unknown }; query: Record<string, unknown> }, name: string): string | undefined {
  const body = ctx.request.body;
  const fromBody = body && typeof body === 'object' ? (body as Record<string, unknown>)[name] : undefined;
  const value = fromBody ?? ctx.query[name];
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}
