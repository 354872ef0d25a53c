import type Router from '@koa/router';
import type { EndpointPlugin } from '@stratos/plugin-sdk';
import compose from 'koa-compose';
import type { Middleware } from 'koa';
import { hostError, type HostError } from '../errors.js';
import type { Logger } from '../internal/logger.js';
import { failRecord, type PluginRecord } from '../loader/types.js';
import { attributeErrors } from './attribute-errors.js';
import { createAuthTypes, type AuthTypes } from '../endpoints/auth-types.js';
import { RouteIndex } from './route-index.js';
import { collectProvided } from './collect-provided.js';
import { routeKeys } from './route-key.js';

/** The core routers plugins are mounted beside; their routes cannot be claimed by a plugin. */
export interface CoreRouters {
  public: Router;
  session: Router;
  admin: Router;
}

/** An endpoint type and the plugin that provides it. */
export interface EndpointTypeEntry {
  pluginId: string;
  endpoint: EndpointPlugin;
}

/**
 * Everything plugins put on the request path, built once and swapped whole: the server reads the
 * current table on every request, so a new table takes effect at once while requests already
 * inside the old one finish with it.
 */
export interface MountTable {
  /** Every plugin's public middleware composed; undefined when no plugin has any. */
  publicMiddleware?: Middleware;
  /** Every plugin's session middleware composed; undefined when no plugin has any. */
  sessionMiddleware?: Middleware;
  sessionRoutes: RouteIndex;
  adminRoutes: RouteIndex;
  endpointTypes: ReadonlyMap<string, EndpointTypeEntry>;
}

/** The table and the plugins that could not be mounted (marked failed; the caller destroys them). */
export interface MountResult {
  table: MountTable;
  failed: PluginRecord[];
}

/**
 * Mounts every active plugin, in config order: middleware, route groups under `/pp/v1` and
 * endpoint types. A plugin whose routes clash with the core or with a plugin mounted before it
 * is not mounted at all, and is marked failed with an error naming both.
 *
 * @example
 * ```ts
 * const { table, failed } = mountPlugins(records, core, logger);
 * for (const record of failed) await record.plugin?.destroy?.();
 * ```
 */
export function mountPlugins(
  records: PluginRecord[],
  core: CoreRouters,
  logger: Logger,
  authTypes: AuthTypes = createAuthTypes(),
): MountResult {
  const claimed = new Map<string, string>();
  // A core route ending in a wildcard owns everything below its literal prefix (the proxies).
  const reserved: string[] = [];
  for (const router of [core.public, core.session, core.admin]) {
    for (const { key } of routeKeys(router)) claimed.set(key, 'core');
    for (const layer of router.stack) {
      const wildcard = String(layer.path).indexOf('{*');
      if (wildcard > 0) reserved.push(String(layer.path).slice(0, wildcard).toLowerCase());
    }
  }
  const publicMiddleware: Middleware[] = [];
  const sessionMiddleware: Middleware[] = [];
  const sessionRoutes = new RouteIndex();
  const adminRoutes = new RouteIndex();
  sessionRoutes.add({ id: 'core', router: core.session, dispatch: core.session.routes() as Middleware });
  adminRoutes.add({ id: 'core', router: core.admin, dispatch: core.admin.routes() as Middleware });
  const endpointTypes = new Map<string, EndpointTypeEntry>();
  const failed: PluginRecord[] = [];

  for (const record of records) {
    if (record.state !== 'active' || !record.plugin) continue;
    try {
      const provided = collectProvided(record, logger);
      const routeLabels = { session: routeKeys(provided.session), admin: routeKeys(provided.admin) };
      for (const { key, label } of [...routeLabels.session, ...routeLabels.admin]) {
        const owner = claimed.get(key);
        const path = key.slice(key.indexOf(' ') + 1);
        if (owner === 'core' || reserved.some((prefix) => path.startsWith(prefix))) {
          throw hostError('STRATOS_ERR_MOUNT_CORE_ROUTE', { pluginId: record.id, route: label });
        }
        if (owner && owner !== record.id) {
          throw hostError('STRATOS_ERR_MOUNT_ROUTE_CONFLICT', { pluginId: record.id, route: label, other: owner });
        }
      }
      const type = provided.endpoint?.type;
      const typeOwner = type === undefined ? undefined : endpointTypes.get(type);
      if (type !== undefined && typeOwner) {
        throw hostError('STRATOS_ERR_MOUNT_ENDPOINT_TYPE_CONFLICT', { pluginId: record.id, type, other: typeOwner.pluginId });
      }
      const ownAuthTypes = Object.entries(provided.endpoint?.authTypes ?? {});
      for (const [name] of ownAuthTypes) {
        const other = authTypes.ownerOf(name);
        if (other !== undefined) {
          throw hostError('STRATOS_ERR_MOUNT_AUTH_TYPE_CONFLICT', { pluginId: record.id, authType: name, other });
        }
      }

      // Every check passed: only now does anything of this plugin reach the request path.
      for (const { key } of [...routeLabels.session, ...routeLabels.admin]) claimed.set(key, record.id);
      const { middleware, sessionMiddleware: sessionMw } = provided.middleware ?? {};
      if (middleware) publicMiddleware.push(attributeErrors(record.id, middleware as Middleware));
      if (sessionMw) sessionMiddleware.push(attributeErrors(record.id, sessionMw as Middleware));
      if (routeLabels.session.length > 0) {
        sessionRoutes.add({
          id: record.id,
          router: provided.session,
          dispatch: attributeErrors(record.id, provided.session.routes() as Middleware),
        });
      }
      if (routeLabels.admin.length > 0) {
        adminRoutes.add({
          id: record.id,
          router: provided.admin,
          dispatch: attributeErrors(record.id, provided.admin.routes() as Middleware),
        });
      }
      if (provided.endpoint) endpointTypes.set(provided.endpoint.type, { pluginId: record.id, endpoint: provided.endpoint });
      for (const [name, apply] of ownAuthTypes) authTypes.register(name, apply, record.id);
      record.provides = {
        middleware: Boolean(middleware),
        sessionMiddleware: Boolean(sessionMw),
        endpointType: provided.endpoint?.type ?? null,
        sessionRoutes: routeLabels.session.map((r) => r.label),
        adminRoutes: routeLabels.admin.map((r) => r.label),
      };
    } catch (error) {
      failRecord(record, error as HostError);
      failed.push(record);
    }
  }

  return {
    table: {
      publicMiddleware: publicMiddleware.length ? compose(publicMiddleware) : undefined,
      sessionMiddleware: sessionMiddleware.length ? compose(sessionMiddleware) : undefined,
      sessionRoutes,
      adminRoutes,
      endpointTypes,
    },
    failed,
  };
}
