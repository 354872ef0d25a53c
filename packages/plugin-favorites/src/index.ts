/**
 * `@stratos/plugin-favorites`: per-user favourites for the Stratos console (Jetstream's
 * `userfavorites` plugin), kept as one JSON file per user in the plugin's data folder.
 * Everything exported here is public API.
 *
 * @packageDocumentation
 */
import path from 'node:path';
import { definePlugin, type PluginLogger, type StratosPlugin } from '@stratos/plugin-sdk';
import { resolveFavoritesConfig, type FavoritesConfig } from './favorites-config.js';
import { addFavoritesRoutes, type FavoritesRouteDeps } from './favorites-routes.js';
import { FavoritesStore } from './favorites-store.js';

/**
 * Creates the plugin value; each value keeps its own store, so a test can load two.
 *
 * @example
 * ```ts
 * // index.ts of a package that re-exports the plugin
 * import { createFavoritesPlugin } from '@stratos/plugin-favorites';
 * export default createFavoritesPlugin();
 * ```
 */
export function createFavoritesPlugin(): StratosPlugin<FavoritesConfig> {
  let deps: (FavoritesRouteDeps & { logger: PluginLogger }) | undefined;
  const current = () => {
    if (!deps) throw new Error('The favorites plugin is not initialised');
    return deps;
  };
  return definePlugin<FavoritesConfig>({
    async init(ctx) {
      const store = new FavoritesStore(path.join(ctx.dataDir, 'users'));
      await store.open();
      deps = { store, config: resolveFavoritesConfig(ctx.config), logger: ctx.logger };
    },
    getRoutePlugin() {
      return { addSessionGroupRoutes: (router) => addFavoritesRoutes(router, current) };
    },
    async onEndpointNotification(action, endpoint) {
      if (action !== 'unregister' || !deps) return;
      const removed = await deps.store.removeEndpoint(endpoint.guid);
      if (removed > 0) deps.logger.info('removed favourites of an unregistered endpoint', { endpoint: endpoint.guid, removed });
    },
    async destroy() {
      // Let queued writes finish so a reload or shutdown never cuts a change short.
      await deps?.store.idle();
      deps = undefined;
    },
  });
}

/** The plugin the host loads. */
export default createFavoritesPlugin();

export { buildFavoriteGuid, parseFavorite } from './favorite.js';
export type { UserFavorite, FavoriteKey } from './favorite.js';
export { FavoritesStore } from './favorites-store.js';
export type { FavoritesChange } from './favorites-store.js';
export { FAVORITES_DEFAULTS } from './favorites-config.js';
export type { FavoritesConfig } from './favorites-config.js';
