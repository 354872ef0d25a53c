import Router from '@koa/router';
import Koa from 'koa';
import { addPluginRoutes } from './plugin-routes.js';

/**
 * A bare Koa app with one @koa/router holding the routes of plugins `first` to
 * `first + count - 1`, one after the other: the dispatch the host avoids by indexing routes.
 * No sessions, so only routing differs between two sizes.
 */
export function createPlainRouterApp(first: number, count: number): Koa {
  const router = new Router({ prefix: '/pp/v1' });
  for (let index = first; index < first + count; index++) addPluginRoutes(router, index);
  const app = new Koa();
  app.use(router.routes());
  return app;
}
