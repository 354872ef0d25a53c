import type coBodyParse from 'co-body';
import type { Context, Middleware } from 'koa';
import { limitBytes, MultipartError, parseMultipart } from './parse-multipart.js';

declare module 'koa' {
  interface Request {
    /** The parsed JSON, urlencoded or multipart (string fields) body; undefined for other content types. */
    body?: unknown;
  }
}

const PROXIED_PATH = /^\/(api\/v1\/proxy\/|pp\/v1\/proxy(\/|$))/;

let coBody: Promise<typeof coBodyParse> | undefined;

/** Most fields a multipart form may carry; the console's largest form has nine. */
const MULTIPART_MAX_FIELDS = 100;

/**
 * Parses JSON, urlencoded and multipart (form-data) bodies up to `limit`. A malformed body is a 400
 * and an oversize one a 413, each with a message that says so.
 */
export function bodyParser(limit: string): Middleware {
  const multipartLimits = { totalBytes: limitBytes(limit), totalLabel: limit, fields: MULTIPART_MAX_FIELDS, fieldNameBytes: 200 };
  async function parseInto(ctx: Context, kind: string): Promise<void> {
    if (kind === 'multipart/form-data') {
      if (Number(ctx.get('content-length')) > multipartLimits.totalBytes) {
        ctx.throw(413, `Request body is larger than the limit of ${limit}`);
      }
      try {
        ctx.request.body = await parseMultipart(ctx.req, multipartLimits);
      } catch (error) {
        if (!(error instanceof MultipartError)) throw error;
        ctx.throw(error.status, error.message);
      }
      return;
    }
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
    const kind = ctx.is('json', 'urlencoded', 'multipart/form-data');
    if (!kind || ctx.request.length === 0) return next();
    return parseInto(ctx, kind).then(next);
  };
}

/** Reads a request field the way Jetstream's FormValue does: from the body first, then the query. */
export function readField(
  ctx: { request: { body?: unknown }; query: Record<string, unknown> },
  name: string,
): string | undefined {
  const body = ctx.request.body;
  const fromBody = body && typeof body === 'object' ? (body as Record<string, unknown>)[name] : undefined;
  const value = fromBody ?? ctx.query[name];
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}
