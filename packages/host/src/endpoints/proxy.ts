import type { SessionUser } from '@stratos/plugin-sdk';
import type { Context, Middleware } from 'koa';
import { isEndpointRequestError } from './endpoint-request-error.js';
import { assertNoDotSegments } from './endpoint-url.js';
import { forwardRequest } from './forward-request.js';
import { DEFAULT_ENDPOINT_TIMEOUT_MS } from './http-client.js';
import { resolveTarget, type ProxyDeps } from './resolve-target.js';

/** Requests this middleware serves: `/api/v1/proxy/<guid>` and below. */
const PROXY_PATH = /^\/api\/v1\/proxy\/([^/]+)(\/.*)?$/;

/**
 * `ANY /api/v1/proxy/:guid/*`: passes the request to endpoint `guid` with the caller's token
 * applied by its auth type, streaming both ways (see `forwardRequest` for the header rules).
 * Mount it behind the session gate: it reads `ctx.state.user`. Other paths go to `next`.
 *
 * Failures answer JSON `{status: "error", error}`: 400 for a path with `.` or `..` segments
 * (they would leave the endpoint's API URL), 404 for an unknown endpoint, 403 when the
 * caller is not connected to it, 502 when it cannot be reached or its certificate cannot be
 * verified (saying why), 504 when it does not answer in time.
 *
 * @example
 * ```ts
 * session.all('/api/v1/proxy/:guid/{*rest}', proxyPassthrough({ endpoints, authTypes }));
 * ```
 */
export function proxyPassthrough(deps: ProxyDeps): Middleware {
  const timeoutMs = deps.timeoutMs ?? DEFAULT_ENDPOINT_TIMEOUT_MS;
  return async function proxyToEndpoint(ctx, next) {
    const match = PROXY_PATH.exec(ctx.path);
    if (!match) return next();
    const guid = decodeSegment(match[1]!);
    if (guid === undefined) return answerError(ctx, 400, `Endpoint guid '${match[1]}' is not valid percent-encoding`);
    const user = ctx.state.user as SessionUser | undefined;
    if (!user) return answerError(ctx, 401, 'Not logged in: log in with POST /pp/v1/auth/login/uaa');
    try {
      assertNoDotSegments(match[2] ?? '');
      await forwardRequest(ctx, await resolveTarget(deps, guid, user), match[2] ?? '', timeoutMs);
    } catch (error) {
      if (!isEndpointRequestError(error)) throw error;
      answerError(ctx, error.status, error.message);
    }
  };
}

/** Sets a JSON error answer in the host's shape. */
export function answerError(ctx: Context, status: number, message: string): void {
  ctx.status = status;
  ctx.body = { status: 'error', error: message };
}

function decodeSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}
