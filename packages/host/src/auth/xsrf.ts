import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Middleware } from 'koa';

/** Header the XSRF token is sent and echoed in (the console echoes it as `X-XSRF-TOKEN`). */
export const XSRF_HEADER = 'X-Xsrf-Token';

/** A new random XSRF token for a session. */
export function createXsrfToken(): string {
  return randomBytes(32).toString('base64');
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Requires the session's XSRF token on every request that can change state. */
export function xsrfCheck(): Middleware {
  return function checkXsrf(ctx, next) {
    if (!SAFE_METHODS.has(ctx.method)) {
      const expected = (ctx.session?.xsrf as string | undefined) ?? '';
      const given = ctx.get(XSRF_HEADER);
      const a = Buffer.from(given);
      const b = Buffer.from(expected);
      if (!expected || a.length !== b.length || !timingSafeEqual(a, b)) {
        ctx.throw(403, `Missing or wrong ${XSRF_HEADER} header; send the token from the login or verify response`);
      }
    }
    return next();
  };
}
