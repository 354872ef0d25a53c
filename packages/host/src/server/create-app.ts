import Koa, { type Middleware } from 'koa';
import session from 'koa-session';
import { createSessionStore } from '../auth/session-store.js';
import { xsrfCheck } from '../auth/xsrf.js';
import type { HostConfig } from '../config/types.js';
import type { Logger } from '../internal/logger.js';
import type { CoreRouters } from '../mount/mount-plugins.js';
import type { Store } from '../store/store.js';
import { bodyParser } from './body-parser.js';
import { errorBoundary } from './error-boundary.js';
import { dispatchRoutes, sessionGate } from './gates.js';
import type { HostStateRef } from './host-state.js';
import { requestContext, securityHeaders } from './request-context.js';

/** Name of the session cookie (Jetstream's). */
export const SESSION_COOKIE = 'console-session';

/** What {@link createApp} assembles. */
export interface CreateAppOptions {
  config: HostConfig;
  store: Store;
  logger: Logger;
  state: HostStateRef;
  core: CoreRouters;
  sessionSecret: string;
}

const API_PATH = /^\/(pp|api)(\/|$)/;

/**
 * Builds the Koa app: the request path of DESIGN.md, in order. Plugin middleware and routes are
 * read from `state.current` on each request, so a new mount table applies at once.
 */
export function createApp(options: CreateAppOptions): Koa {
  const { config, store, logger, state, core } = options;
  const app = new Koa({ keys: [options.sessionSecret] });
  app.silent = true;
  const maxAge = Math.round(config.session.timeoutMinutes * 60_000);

  const stages: Middleware[] = [
    // Outermost, so the access log sees the status the error boundary settled on.
    requestContext(logger),
    errorBoundary(logger),
    securityHeaders(Boolean(config.server.tls)),
    bodyParser(config.server.bodyLimit),
    session(
      {
        key: SESSION_COOKIE,
        maxAge,
        rolling: true,
        httpOnly: true,
        signed: true,
        sameSite: 'lax',
        secure: Boolean(config.server.tls),
        store: createSessionStore(store, maxAge),
      },
      app,
    ) as unknown as Middleware,
    function pluginPublicMiddleware(ctx, next) {
      return state.current.table.publicMiddleware(ctx, next);
    },
    core.public.routes() as Middleware,
    function outsideApi(ctx, next) {
      if (!API_PATH.test(ctx.path)) return ctx.throw(404, `No route for ${ctx.method} ${ctx.path}`);
      return next();
    },
    sessionGate(store),
    xsrfCheck(),
    function pluginSessionMiddleware(ctx, next) {
      return state.current.table.sessionMiddleware(ctx, next);
    },
    dispatchRoutes(() => state.current.table.sessionRoutes, false),
    dispatchRoutes(() => state.current.table.adminRoutes, true),
    function notFound(ctx) {
      ctx.throw(404, `No route for ${ctx.method} ${ctx.path}`);
    },
  ];
  for (const stage of stages) app.use(stage);
  return app;
}
