import Router from '@koa/router';
import type { Context } from 'koa';
import { addAuthRoutes } from '../auth/auth-routes.js';
import { addEndpointRoutes } from '../endpoints/endpoint-routes.js';
import { proxyFanOut } from '../endpoints/fan-out.js';
import { proxyPassthrough } from '../endpoints/proxy.js';
import type { ProxyDeps } from '../endpoints/resolve-target.js';
import { addTokenRoutes } from '../endpoints/token-routes.js';
import type { LoginThrottle } from '../auth/login-throttle.js';
import type { Logger } from '../internal/logger.js';
import type { CoreRouters } from '../mount/mount-plugins.js';
import type { Store } from '../store/store.js';
import { HOST_VERSION } from '../version.js';
import type { HostStateRef } from './host-state.js';
import { buildInfo } from './info-document.js';
import { addPluginAdminRoutes, type PluginControl } from './plugin-admin-routes.js';
import { addUserProfileRoutes } from './user-profile-routes.js';

/** What the core routes need. */
export interface CoreRouteDeps {
  store: Store;
  logger: Logger;
  state: HostStateRef;
  throttle: LoginThrottle;
  sessionMaxAgeMs: number;
  /** What the passthrough proxy and the fan-out reach endpoints with. */
  proxy: ProxyDeps;
  /** Lets the admin routes edit and reload the config; absent, `PUT /api/v1/plugins/:id` answers 409. */
  control?: PluginControl;
}

/** The host's own routes, by gate: public, session and admin. */
export function createCoreRouters(deps: CoreRouteDeps): CoreRouters {
  const info = (ctx: Context) => {
    const { records, table } = deps.state.current;
    return buildInfo(ctx.state.user!, { store: deps.store, records, table, logger: deps.logger });
  };

  const publicRouter = new Router();
  publicRouter.get('/pp/v1/ping', (ctx) => {
    ctx.body = { status: 'ok' };
  });
  publicRouter.get('/pp/v1/version', (ctx) => {
    ctx.body = { proxy_version: HOST_VERSION, database_version: deps.store.schemaVersion };
  });
  addAuthRoutes(publicRouter, { ...deps, info });

  const session = new Router();
  session.get('/pp/v1/info', async (ctx) => {
    ctx.body = await info(ctx);
  });

  const admin = new Router();
  addPluginAdminRoutes(admin, deps);
  addEndpointRoutes(session, admin, deps);
  addTokenRoutes(session, deps);
  addUserProfileRoutes(session, deps);
  // Each path is given with and without a tail so every route keeps a literal prefix in the index.
  const passthrough = proxyPassthrough(deps.proxy);
  session.all('/api/v1/proxy/:guid', passthrough);
  session.all('/api/v1/proxy/:guid/{*rest}', passthrough);
  const fanOut = proxyFanOut(deps.proxy);
  session.all('/pp/v1/proxy', fanOut);
  session.all('/pp/v1/proxy/{*rest}', fanOut);

  return { public: publicRouter, session, admin };
}
