/*
 * Type tests: `tsc -b` type-checks this file (tsconfig.test.json), so each `@ts-expect-error` below
 * fails the build the day the SDK's types stop forbidding that line. The runtime assertions check
 * that what the types allow also works.
 */
import { expect } from 'chai';
import {
  definePlugin,
  type PluginContext,
  type PluginMiddleware,
  type PluginRouter,
  type RoutePlugin,
  type SessionUser,
  type StratosPlugin,
} from '../src/index.js';

/** Records the routes a plugin adds, typed as the router the host hands it. */
function recordingRouter(): { router: PluginRouter; routes: string[] } {
  const routes: string[] = [];
  const router: PluginRouter = {
    get: (path) => (routes.push(`GET ${path}`), router),
    post: (path) => (routes.push(`POST ${path}`), router),
    put: (path) => (routes.push(`PUT ${path}`), router),
    patch: (path) => (routes.push(`PATCH ${path}`), router),
    delete: (path) => (routes.push(`DELETE ${path}`), router),
    head: (path) => (routes.push(`HEAD ${path}`), router),
    options: (path) => (routes.push(`OPTIONS ${path}`), router),
    all: (path) => (routes.push(`ALL ${path}`), router),
    use: () => router,
  };
  return { router, routes };
}

describe('definePlugin (types)', () => {
  it('types ctx.config from the Config parameter when one is given', async () => {
    let seen = '';
    const plugin = definePlugin<{ greeting: string }>({
      init(ctx) {
        seen = ctx.config.greeting.toUpperCase();
      },
    });
    const ctx = {
      pluginId: 'typed',
      packageName: 'typed',
      config: Object.freeze({ greeting: 'hi' }),
      logger: { debug() {}, info() {}, warn() {}, error() {} },
      sdkVersion: '1.0.0',
      hostVersion: '1.0.0',
      dataDir: '/tmp/typed',
      // init() here touches none of the endpoint services.
      endpoints: { list: async () => [], get: async () => undefined, tokenFor: async () => undefined },
      http: { request: () => Promise.reject(new Error('not used')) },
      proxy: { call: () => Promise.reject(new Error('not used')) },
    } satisfies PluginContext<{ greeting: string }>;
    await plugin.init(ctx);
    expect(seen).to.equal('HI');
  });

  it('accepts route handlers with the Koa (ctx, next) signature when routes are added', () => {
    const handler: PluginMiddleware = async (ctx, next) => {
      const user: SessionUser | undefined = ctx.state.user;
      ctx.body = { name: user?.name ?? null };
      await next();
    };
    const plugin: StratosPlugin = definePlugin({
      init() {},
      getRoutePlugin(): RoutePlugin {
        return {
          addSessionGroupRoutes(router) {
            router.get('/notes', handler).post('/notes', (ctx) => {
              ctx.status = 201;
            });
          },
          addAdminGroupRoutes(router) {
            router.delete('/notes/:id', handler);
          },
        };
      },
    });
    const { router, routes } = recordingRouter();
    const routePlugin = plugin.getRoutePlugin?.();
    routePlugin?.addSessionGroupRoutes?.(router);
    routePlugin?.addAdminGroupRoutes?.(router);
    expect(routes).to.deep.equal(['GET /notes', 'POST /notes', 'DELETE /notes/:id']);
  });

  it('forbids what the contract does not allow when the types are checked', () => {
    const invalid = [
      // @ts-expect-error init is required
      () => definePlugin({ getRoutePlugin: () => undefined }),
      // @ts-expect-error getRoutePlugin must return a RoutePlugin or undefined
      () => definePlugin({ init() {}, getRoutePlugin: () => 42 }),
      // @ts-expect-error getMiddlewarePlugin must return middleware, not a string
      () => definePlugin({ init() {}, getMiddlewarePlugin: () => 'cors' }),
      (router: PluginRouter) =>
        // @ts-expect-error a handler receives (ctx, next), not a string
        router.get('/notes', (path: string) => path.length),
      (router: PluginRouter) =>
        // @ts-expect-error a handler takes at most (ctx, next)
        router.post('/notes', (_ctx, _next, extra: string) => extra),
      (ctx: PluginContext<{ greeting: string }>) => {
        // @ts-expect-error config is read-only for the plugin
        ctx.config.greeting = 'changed';
      },
      // @ts-expect-error the brand of a plugin value cannot be forged with another string
      (): StratosPlugin => ({ $$type: '@acme/Plugin', version: 1, init() {} }),
    ];
    // Only the types are under test; the functions exist so tsc checks each line.
    expect(invalid).to.have.length(7);
  });
});
