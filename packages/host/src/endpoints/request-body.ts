import type { Context } from 'koa';

/**
 * The body of a request whose stream an earlier middleware (the host's body parser) already read,
 * re-encoded from `ctx.request.body`; `undefined` when the stream is still unread and can be piped.
 * Re-encoding keeps JSON and urlencoded bodies usable even where the parser runs before the proxy.
 */
export function consumedBody(ctx: Context): Buffer | undefined {
  if (!ctx.req.readableEnded && !ctx.req.readableDidRead) return undefined;
  const parsed = ctx.request.body;
  if (parsed === undefined) return Buffer.alloc(0);
  if (ctx.is('urlencoded')) {
    const form = new URLSearchParams();
    for (const [name, value] of Object.entries(parsed as Record<string, unknown>)) {
      for (const item of Array.isArray(value) ? value : [value]) form.append(name, String(item));
    }
    return Buffer.from(form.toString());
  }
  return Buffer.from(JSON.stringify(parsed));
}

/**
 * Reads the whole request body (for a fan-out, which sends it to every endpoint), failing with 413
 * past `maxBytes`.
 */
export async function readRequestBody(ctx: Context, maxBytes: number): Promise<Buffer> {
  const consumed = consumedBody(ctx);
  if (consumed) return consumed;
  if (Number(ctx.get('content-length')) > maxBytes) return tooLarge(ctx, maxBytes);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req as AsyncIterable<Buffer>) {
    size += chunk.byteLength;
    if (size > maxBytes) return tooLarge(ctx, maxBytes);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size);
}

function tooLarge(ctx: Context, maxBytes: number): never {
  return ctx.throw(413, `Request body is larger than the limit of ${maxBytes} bytes for a request to several endpoints`);
}
