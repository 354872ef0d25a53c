import type Router from '@koa/router';

/** API prefix plugin route groups are mounted under (Jetstream's own). */
export const PLUGIN_ROUTE_PREFIX = '/pp/v1';

/**
 * The routes of a router as `METHOD /path` keys that compare equal when two routes would answer
 * the same requests: parameter names, letter case and a trailing slash do not matter.
 */
export function routeKeys(router: Router): Array<{ key: string; label: string }> {
  const keys: Array<{ key: string; label: string }> = [];
  for (const layer of router.stack) {
    const methods = layer.methods.filter((m) => !(m === 'HEAD' && layer.methods.includes('GET')));
    const path = String(layer.path);
    const normalised =
      path
        .toLowerCase()
        .replace(/:[A-Za-z0-9_$]+/g, ':')
        .replace(/\/+$/, '') || '/';
    for (const method of methods) keys.push({ key: `${method} ${normalised}`, label: `${method} ${path}` });
  }
  return keys;
}
