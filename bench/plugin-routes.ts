import type Router from '@koa/router';

/** Routes each bench plugin adds to its session group: literal ones plus one with a parameter. */
export const ROUTES_PER_PLUGIN = 10;

/** `bench-plugin-0042` for index 42. */
export function pluginName(index: number): string {
  return `bench-plugin-${String(index).padStart(4, '0')}`;
}

/** The literal path segment every route of plugin `index` starts with: `p0042`. */
export function pluginSegment(index: number): string {
  return `p${String(index).padStart(4, '0')}`;
}

/**
 * Session-group paths of plugin `index`, relative to `/pp/v1`: distinct literal routes
 * (`/p0042/r0` …) and one parameterised route (`/p0042/items/:id`).
 */
export function pluginRoutePaths(index: number): string[] {
  const segment = pluginSegment(index);
  const literal = Array.from({ length: ROUTES_PER_PLUGIN - 1 }, (_, r) => `/${segment}/r${r}`);
  return [...literal, `/${segment}/items/:id`];
}

/** The route every dispatch and overhead measurement requests: plugin `index`'s parameterised one. */
export function measuredPath(index: number): string {
  return `/pp/v1/${pluginSegment(index)}/items/42`;
}

/**
 * Adds plugin `index`'s routes to `router` with the handler the generated packages use, for the
 * apps that are wired by hand instead of loaded by the host.
 */
export function addPluginRoutes(router: Router, index: number): void {
  for (const route of pluginRoutePaths(index)) {
    router.get(route, (ctx) => {
      ctx.body = { route, params: ctx.params, user: ctx.state.user?.name };
    });
  }
}
