import { PLUGIN_BRAND, type StratosPlugin, type StratosPluginSpec } from './types/plugin.js';

/**
 * Declares a Stratos plugin: returns the spec with the brand the host recognises it by.
 * Make it the default export of the package's entry module.
 *
 * @example
 * ```ts
 * import { definePlugin } from '@stratos/plugin-sdk';
 *
 * export default definePlugin({
 *   init(ctx) {
 *     ctx.logger.info('ready');
 *   },
 *   getRoutePlugin() {
 *     return {
 *       addSessionGroupRoutes(router) {
 *         router.get('/hello', (ctx) => {
 *           ctx.body = { hello: ctx.state.user?.name };
 *         });
 *       },
 *     };
 *   },
 * });
 * ```
 */
export function definePlugin<Config = Record<string, unknown>>(spec: StratosPluginSpec<Config>): StratosPlugin<Config> {
  return Object.freeze({ ...spec, $$type: PLUGIN_BRAND, version: 1 as const });
}

/**
 * True when `value` carries the plugin brand, whichever copy of the SDK made it.
 */
export function isStratosPlugin(value: unknown): value is StratosPlugin {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { $$type?: unknown }).$$type === PLUGIN_BRAND &&
    (value as { version?: unknown }).version === 1
  );
}
