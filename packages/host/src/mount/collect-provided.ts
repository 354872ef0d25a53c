import Router from '@koa/router';
import type { EndpointPlugin, MiddlewarePlugin, RoutePlugin, StratosPlugin } from '@stratos/plugin-sdk';
import { hostError, type HostError } from '../errors.js';
import { describeError, describeValue } from '../internal/describe-value.js';
import type { Logger } from '../internal/logger.js';
import type { PluginRecord } from '../loader/types.js';
import { PLUGIN_ROUTE_PREFIX } from './route-key.js';

// What a plugin puts on the request path comes from its getters, which are plugin code: every
// answer is checked here before the mount looks at it.

/** What a plugin's getters provide, its route groups already filled. */
export interface Provided {
  middleware?: MiddlewarePlugin;
  endpoint?: EndpointPlugin;
  session: Router;
  admin: Router;
}

/** Asks the plugin's getters for what it provides and validates the answers. */
export function collectProvided(record: PluginRecord, logger: Logger): Provided {
  const plugin = record.plugin!;
  const invalid = (what: string, expected: string, received: unknown): HostError =>
    hostError('STRATOS_ERR_MOUNT_INVALID_PROVIDER', { pluginId: record.id, what, expected, received: describeValue(received) });

  const middleware = callGetter(plugin, 'getMiddlewarePlugin', record.id, logger);
  for (const name of ['middleware', 'sessionMiddleware'] as const) {
    const value = middleware?.[name];
    if (value !== undefined && typeof value !== 'function') throw invalid(name, 'a Koa middleware function', value);
  }
  const endpoint = callGetter(plugin, 'getEndpointPlugin', record.id, logger);
  if (endpoint !== undefined) {
    if (typeof endpoint.type !== 'string' || !/^[a-z0-9][a-z0-9._-]*$/.test(endpoint.type)) {
      throw invalid('endpoint type', "a lower-case type id such as 'metrics'", endpoint.type);
    }
    for (const name of ['info', 'connect'] as const) {
      if (typeof endpoint[name] !== 'function') throw invalid(`endpoint '${name}'`, 'a function', endpoint[name]);
    }
    for (const [name, apply] of Object.entries(endpoint.authTypes ?? {})) {
      if (typeof apply !== 'function') throw invalid(`auth type '${name}'`, 'a function (headers, token) => void', apply);
    }
  }
  const routes = callGetter(plugin, 'getRoutePlugin', record.id, logger);
  const session = new Router({ prefix: PLUGIN_ROUTE_PREFIX });
  const admin = new Router({ prefix: PLUGIN_ROUTE_PREFIX });
  addGroup(routes, 'addSessionGroupRoutes', session, invalid);
  addGroup(routes, 'addAdminGroupRoutes', admin, invalid);
  return { middleware, endpoint, session, admin };
}

function addGroup(
  routes: RoutePlugin | undefined,
  name: 'addSessionGroupRoutes' | 'addAdminGroupRoutes',
  router: Router,
  invalid: (what: string, expected: string, received: unknown) => HostError,
): void {
  const add = routes?.[name];
  if (add === undefined) return;
  if (typeof add !== 'function') throw invalid(name, 'a function', add);
  try {
    add.call(routes, router);
  } catch (error) {
    throw invalid(name, 'to add routes without throwing', describeError(error));
  }
}

type Getter = 'getMiddlewarePlugin' | 'getEndpointPlugin' | 'getRoutePlugin';

/** Jetstream's rule: a getter that is absent, returns nothing or throws means "not provided". */
function callGetter<G extends Getter>(
  plugin: StratosPlugin,
  getter: G,
  pluginId: string,
  logger: Logger,
): ReturnType<NonNullable<StratosPlugin[G]>> | undefined {
  const fn = plugin[getter] as ((this: StratosPlugin) => unknown) | undefined;
  if (typeof fn !== 'function') return undefined;
  try {
    return (fn.call(plugin) ?? undefined) as ReturnType<NonNullable<StratosPlugin[G]>> | undefined;
  } catch (error) {
    logger.debug(`plugin '${pluginId}' ${getter}() threw, so it provides none`, { error: describeError(error) });
    return undefined;
  }
}
