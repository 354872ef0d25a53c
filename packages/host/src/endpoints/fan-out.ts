import type { SessionUser } from '@stratos/plugin-sdk';
import type { Context, Middleware } from 'koa';
import { STATUS_CODES } from 'node:http';
import { isEndpointRequestError } from './endpoint-request-error.js';
import { assertNoDotSegments, endpointUrl } from './endpoint-url.js';
import { forwardRequest } from './forward-request.js';
import { forwardRequestHeaders } from './forwarded-headers.js';
import { DEFAULT_ENDPOINT_TIMEOUT_MS, DEFAULT_MAX_RESPONSE_BYTES, readBounded } from './http-client.js';
import { openUpstream } from './open-upstream.js';
import { answerError } from './proxy.js';
import { readRequestBody } from './request-body.js';
import { resolveTarget, type ProxyDeps } from './resolve-target.js';

/** Most endpoints one fan-out request may name. */
export const MAX_FAN_OUT_ENDPOINTS = 50;

/** Options of {@link proxyFanOut} beyond the proxy's dependencies. */
export interface FanOutDeps extends ProxyDeps {
  /** Largest answer read from each endpoint, in bytes. */
  maxResponseBytes?: number;
  /** Largest request body accepted (it is held to be sent to every endpoint), in bytes. */
  maxRequestBytes?: number;
}

/** One endpoint's failure in a fan-out answer (Jetstream's shape). */
export interface FanOutError {
  error: { statusCode: number; status: string };
  /** The endpoint's answer body (parsed JSON, else text), or the host's reason when there was none. */
  errorResponse: unknown;
}

const FAN_OUT_PATH = /^\/pp\/v1\/proxy(\/.*)?$/;

/**
 * `ANY /pp/v1/proxy/*`: sends the request to every endpoint guid in the `x-cap-cnsi-list` header
 * (comma separated, at most {@link MAX_FAN_OUT_ENDPOINTS}) in parallel, each with the caller's
 * token, and answers `{<guid>: <body as JSON, else text> | FanOutError}`; an answer of 400 or more,
 * an unknown endpoint, one the caller is not connected to or one that cannot be reached is a
 * {@link FanOutError} under its guid. With `x-cap-passthrough: true` the single endpoint named is
 * answered raw (status, headers, streamed body), as `proxyPassthrough` does. A path with `.` or
 * `..` segments is a 400 before any endpoint is called.
 * Mount it behind the session gate; other paths go to `next`.
 */
export function proxyFanOut(deps: FanOutDeps): Middleware {
  const timeoutMs = deps.timeoutMs ?? DEFAULT_ENDPOINT_TIMEOUT_MS;
  const maxResponseBytes = deps.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const maxRequestBytes = deps.maxRequestBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  return async function fanOutToEndpoints(ctx, next) {
    const match = FAN_OUT_PATH.exec(ctx.path);
    if (!match) return next();
    const path = match[1] ?? '';
    const user = ctx.state.user as SessionUser | undefined;
    if (!user) return answerError(ctx, 401, 'Not logged in: log in with POST /pp/v1/auth/login/uaa');
    try {
      assertNoDotSegments(path);
    } catch (error) {
      if (!isEndpointRequestError(error)) throw error;
      return answerError(ctx, error.status, error.message);
    }
    const guids = [
      ...new Set(
        ctx
          .get('x-cap-cnsi-list')
          .split(',')
          .map((g) => g.trim())
          .filter((g) => g !== ''),
      ),
    ];
    if (guids.length === 0) {
      return answerError(
        ctx,
        400,
        'Header x-cap-cnsi-list names no endpoint; give the guids of the endpoints to call, comma separated',
      );
    }
    if (guids.length > MAX_FAN_OUT_ENDPOINTS) {
      return answerError(
        ctx,
        400,
        `Header x-cap-cnsi-list names ${guids.length} endpoints; at most ${MAX_FAN_OUT_ENDPOINTS} are allowed in one request`,
      );
    }
    if (ctx.get('x-cap-passthrough').toLowerCase() === 'true') {
      if (guids.length > 1) {
        return answerError(ctx, 400, `x-cap-passthrough needs exactly one endpoint in x-cap-cnsi-list; received ${guids.length}`);
      }
      try {
        return await forwardRequest(ctx, await resolveTarget(deps, guids[0]!, user), path, timeoutMs);
      } catch (error) {
        if (!isEndpointRequestError(error)) throw error;
        return answerError(ctx, error.status, error.message);
      }
    }
    const body = await readRequestBody(ctx, maxRequestBytes);
    const call = (guid: string) => callEndpoint({ ...deps, timeoutMs, maxResponseBytes }, ctx, user, guid, path, body);
    const answers = await Promise.all(guids.map(call));
    ctx.body = Object.fromEntries(guids.map((guid, i) => [guid, answers[i]]));
  };
}

/** One endpoint's share of a fan-out: its parsed answer, or a {@link FanOutError}. */
async function callEndpoint(
  deps: ProxyDeps & { timeoutMs: number; maxResponseBytes: number },
  ctx: Context,
  user: SessionUser,
  guid: string,
  path: string,
  body: Buffer,
): Promise<unknown> {
  try {
    const { endpoint, authHeaders } = await resolveTarget(deps, guid, user);
    const headers = { ...forwardRequestHeaders(ctx.req.headers), ...authHeaders };
    // Node sets the length of the body actually sent.
    delete headers['content-length'];
    const url = endpointUrl(endpoint.apiEndpoint, path, ctx.querystring);
    const upstream = openUpstream(
      url,
      { skipSslValidation: endpoint.skipSslValidation, caCert: endpoint.caCert },
      { method: ctx.method, headers, timeoutMs: deps.timeoutMs, endpointName: endpoint.name },
    );
    upstream.request.end(body.byteLength > 0 ? body : undefined);
    const answer = await upstream.response;
    const target = { host: url.host, endpointName: endpoint.name };
    const bytes = await readBounded(answer, deps.maxResponseBytes, target, upstream.fail).finally(upstream.settle);
    const parsed = parseBody(bytes);
    const statusCode = answer.statusCode ?? 502;
    if (statusCode < 400) return parsed;
    return failure(statusCode, answer.statusMessage || STATUS_CODES[statusCode] || 'Error', parsed);
  } catch (error) {
    if (!isEndpointRequestError(error)) throw error;
    return failure(error.status, STATUS_CODES[error.status] ?? 'Error', error.message);
  }
}

function failure(statusCode: number, status: string, errorResponse: unknown): FanOutError {
  return { error: { statusCode, status }, errorResponse };
}

/** JSON when the body is JSON, else its text; `null` for an empty body. */
function parseBody(bytes: Buffer): unknown {
  if (bytes.byteLength === 0) return null;
  const text = bytes.toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
