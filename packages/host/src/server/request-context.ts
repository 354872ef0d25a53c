import { randomUUID } from 'node:crypto';
import type { Middleware } from 'koa';
import type { Logger } from '../internal/logger.js';

const SAFE_REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** Gives each request an id (a sane incoming `X-Request-Id` is kept) and logs it when done. */
export function requestContext(logger: Logger): Middleware {
  // Plain functions returning next()'s promise: this runs on every request, and an async
  // wrapper would add a promise and a tick to each.
  return function trackRequest(ctx, next) {
    const given = ctx.get('X-Request-Id');
    const requestId = SAFE_REQUEST_ID.test(given) ? given : randomUUID();
    ctx.state.requestId = requestId;
    ctx.set('X-Request-Id', requestId);
    if (!logger.isEnabled('info')) return next();
    const began = performance.now();
    // The path only: query strings and bodies may carry secrets.
    return next().finally(() =>
      logger.info(`${ctx.method} ${ctx.path} ${ctx.status}`, {
        requestId,
        ms: Math.round((performance.now() - began) * 10) / 10,
      }),
    );
  };
}

/** Headers that keep API answers out of caches, frames and content sniffing. */
export function securityHeaders(tls: boolean): Middleware {
  return function setSecurityHeaders(ctx, next) {
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.set('X-Frame-Options', 'DENY');
    ctx.set('Referrer-Policy', 'no-referrer');
    ctx.set('Cache-Control', 'no-store');
    if (tls) ctx.set('Strict-Transport-Security', 'max-age=31536000');
    return next();
  };
}
