import type { Context } from 'koa';
import { pipeline } from 'node:stream';
import { endpointUrl } from './endpoint-url.js';
import { forwardRequestHeaders, forwardResponseHeaders } from './forwarded-headers.js';
import { openUpstream } from './open-upstream.js';
import { consumedBody } from './request-body.js';
import type { ResolvedTarget } from './resolve-target.js';

/**
 * Passes the request in `ctx` to `path` below the target endpoint's API URL (query string kept)
 * and streams the answer back as `ctx.body`: bodies flow through in both directions without being
 * held whole. Only the headers `forwardRequestHeaders` lets through go up, with the target's auth
 * headers; only those `forwardResponseHeaders` lets through come back. Rejects with an
 * `EndpointRequestError` when no answer head arrives (unreachable, TLS, timeout).
 */
export async function forwardRequest(ctx: Context, target: ResolvedTarget, path: string, timeoutMs: number): Promise<void> {
  const { endpoint } = target;
  const url = endpointUrl(endpoint.apiEndpoint, path, ctx.querystring);
  const headers: Record<string, string> = { ...forwardRequestHeaders(ctx.req.headers), ...target.authHeaders };
  const consumed = consumedBody(ctx);
  if (consumed) headers['content-length'] = String(consumed.byteLength);
  const upstream = openUpstream(
    url,
    { skipSslValidation: endpoint.skipSslValidation, caCert: endpoint.caCert },
    { method: ctx.method, headers, timeoutMs, endpointName: endpoint.name },
  );
  if (consumed) upstream.request.end(consumed);
  // A failed upload destroys the upstream request, which rejects `response` with the reason.
  else pipeline(ctx.req, upstream.request, () => undefined);
  const answer = await upstream.response;
  // From here an idle socket, not the clock, ends the exchange, so long downloads keep flowing.
  upstream.settle();
  ctx.status = answer.statusCode ?? 502;
  if (answer.statusMessage) ctx.message = answer.statusMessage;
  ctx.body = answer;
  // Koa labels a stream body application/octet-stream; the endpoint's own type (or none) is the truth.
  ctx.remove('Content-Type');
  ctx.set(forwardResponseHeaders(answer.headers));
  // The answer is served from the console's own origin: a page an endpoint returns (or a hostile
  // endpoint's script) must never run there, whatever policy the endpoint itself sent.
  ctx.set('Content-Security-Policy', PROXIED_CONTENT_POLICY);
}

/** Policy of every proxied answer: rendered, if at all, in a sandbox with nothing allowed. */
export const PROXIED_CONTENT_POLICY = "sandbox; default-src 'none'";
