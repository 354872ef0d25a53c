import Koa, { type Middleware } from 'koa';
import compose from 'koa-compose';
import session from 'koa-session';
import { createSessionStore } from '../auth/session-store.js';
import { xsrfCheck } from '../auth/xsrf.js';
import type { HostConfig } from '../config/types.js';
import type { Logger } from '../internal/logger.js';
import type { CoreRouters, MountTable } from '../mount/mount-plugins.js';
import { RouteIndex } from '../mount/route-index.js';
import type { Store } from '../store/store.js';
import { bodyParser } from './body-parser.js';
import { errorBoundary } from './error-boundary.js';
import { dispatchRoutes, sessionGate } from './gates.js';
import type { HostStateRef } from './host-state.js';
import { requestContext, securityHeaders } from './request-context.js';
import { serveConsole } from './serve-console.js';
import { unsupportedFeature } from './unsupported-feature.js';

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
 * Builds the Koa app: the request path of DESIGN.md, in order. The stages that depend on plugins
 * are composed once per mount table and read from `state.current` on each request, so a new table
 * applies at once, and a stage no plugin uses costs nothing.
 */
export function createApp(options: CreateAppOptions): Koa {
  const { config, store, logger, state, core } = options;
  const app = new Koa({ keys: [options.sessionSecret] });
  app.silent = true;
  const timeoutMs = Math.round(config.session.timeoutMinutes * 60_000);

  const fixed: Middleware[] = [
    // Outermost, so the access log sees the status the error boundary settled on.
    requestContext(logger),
    errorBoundary(logger),
    securityHeaders(Boolean(config.server.tls)),
    bodyParser(config.server.bodyLimit),
    session(
      {
        key: SESSION_COOKIE,
        // Expiry is the store's (sliding, see slideSession); the cookie lasts the browser session.
        maxAge: 'session',
        httpOnly: true,
        signed: true,
        sameSite: 'lax',
        secure: Boolean(config.server.tls),
        store: createSessionStore(store, timeoutMs),
      },
      app,
    ) as unknown as Middleware,
  ];
  // Indexed like the plugin groups, so a request for another route costs no regular expression.
  const publicIndex = new RouteIndex();
  publicIndex.add({ id: 'core', router: core.public, dispatch: core.public.routes() as Middleware });
  const publicRoutes = dispatchRoutes(publicIndex, false);
  const gate = sessionGate(store, timeoutMs);
  const xsrf = xsrfCheck();
  const outsideApi = answerOutsideApi(config.ui ? serveConsole(config.ui.path) : noConsole);

  const pipelines = new WeakMap<MountTable, Middleware>();
  const pipelineFor = (table: MountTable): Middleware => {
    let pipeline = pipelines.get(table);
    if (!pipeline) {
      pipeline = compose(
        [
          table.publicMiddleware,
          publicRoutes,
          outsideApi,
          gate,
          xsrf,
          table.sessionMiddleware,
          dispatchRoutes(table.sessionRoutes, false),
          dispatchRoutes(table.adminRoutes, true),
          unsupportedFeature(table),
        ].filter((stage): stage is Middleware => stage !== undefined),
      );
      pipelines.set(table, pipeline);
    }
    return pipeline;
  };

  for (const stage of fixed) app.use(stage);
  app.use(function mounted(ctx, next) {
    return pipelineFor(state.current.table)(ctx, next);
  });
  return app;
}

/** Paths outside `/pp` and `/api` go to `outside` (the console, or the note without one) and stop there. */
function answerOutsideApi(outside: Middleware): Middleware {
  return function outsideApi(ctx, next) {
    if (API_PATH.test(ctx.path)) return next();
    return outside(ctx, () => notFound(ctx, next));
  };
}

/** Without `ui.path`, `/` says how to add the console instead of a bare 404. */
const noConsole: Middleware = function noConsole(ctx, next) {
  if (ctx.path !== '/' || (ctx.method !== 'GET' && ctx.method !== 'HEAD')) return next();
  ctx.body = {
    status: 'ok',
    message: 'No console is configured; set ui.path (or STRATOS_UI_PATH) to a built Stratos console folder to serve it here',
  };
};

const notFound: Middleware = function notFound(ctx) {
  ctx.throw(404, `No route for ${ctx.method} ${ctx.path}`);
};
