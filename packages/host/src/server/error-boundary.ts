import type { Middleware } from 'koa';
import { STATUS_CODES } from 'node:http';
import { describeError } from '../internal/describe-value.js';
import type { Logger } from '../internal/logger.js';
import { pluginOf } from '../mount/attribute-errors.js';

interface HttpishError {
  status?: unknown;
  statusCode?: unknown;
  expose?: unknown;
  headers?: Record<string, string>;
  message?: string;
}

/**
 * Answers every error as JSON `{status: "error", error}`. A 4xx says what was wrong; a 5xx says
 * only "Internal Server Error" and is logged with the request id and, when a plugin raised it,
 * the plugin's id.
 */
export function errorBoundary(logger: Logger): Middleware {
  return async function handleErrors(ctx, next) {
    try {
      await next();
    } catch (thrown) {
      const error = (typeof thrown === 'object' && thrown !== null ? thrown : {}) as HttpishError;
      const raw = Number(error.status ?? error.statusCode);
      const status = Number.isInteger(raw) && raw >= 400 && raw <= 599 ? raw : 500;
      // A 5xx message is shown only when the thrower said so (`expose: true`), as Koa does.
      const expose = error.expose === true || (status < 500 && error.expose !== false);
      const pluginId = pluginOf(thrown);
      if (status >= 500) {
        logger.error(pluginId ? `plugin '${pluginId}' failed a request` : 'request failed', {
          requestId: ctx.state.requestId,
          method: ctx.method,
          path: ctx.path,
          ...(pluginId ? { plugin: pluginId } : {}),
          error: describeError(thrown),
          stack: thrown instanceof Error ? thrown.stack : undefined,
        });
      }
      ctx.status = status;
      // Headers set before the error (cookies aside) belong to a response that is not sent.
      if (expose && error.headers) ctx.set(error.headers);
      ctx.body = { status: 'error', error: expose && error.message ? error.message : STATUS_CODES[status] };
    }
  };
}
