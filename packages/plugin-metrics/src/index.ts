/**
 * `@stratos/plugin-metrics`: the `metrics` endpoint type (Prometheus) and PromQL routes scoped to
 * the endpoints a Prometheus covers. Everything exported here is public API.
 *
 * @packageDocumentation
 */
import { definePlugin, type StratosPlugin } from '@stratos/plugin-sdk';
import type { MetricsConfig } from './coverage.js';
import { createMetricsEndpointType, METRICS_ENDPOINT_TYPE } from './endpoint-type.js';
import { MetricsState } from './metrics-state.js';
import { addMetricsAdminRoutes, addMetricsSessionRoutes } from './metrics-routes.js';

/**
 * Creates the plugin value; each value keeps its own state, so a test can load two.
 *
 * @example
 * ```ts
 * // index.ts of a package that re-exports the plugin
 * import { createMetricsPlugin } from '@stratos/plugin-metrics';
 * export default createMetricsPlugin();
 * ```
 */
export function createMetricsPlugin(): StratosPlugin<MetricsConfig> {
  const state = new MetricsState();
  return definePlugin<MetricsConfig>({
    init(ctx) {
      state.attach(ctx);
    },
    getEndpointPlugin() {
      return createMetricsEndpointType(state);
    },
    getRoutePlugin() {
      return {
        addSessionGroupRoutes: (router) => addMetricsSessionRoutes(router, state),
        addAdminGroupRoutes: (router) => addMetricsAdminRoutes(router, state),
      };
    },
    onEndpointNotification(action, endpoint) {
      // Forgotten when the Prometheus is unregistered or its settings change; the next connect learns it again.
      if (endpoint.type === METRICS_ENDPOINT_TYPE && action !== 'register') state.knownCoverage.delete(endpoint.guid);
    },
    destroy() {
      state.detach();
    },
  });
}

/** The plugin the host loads. */
export default createMetricsPlugin();

export { injectMatchers, formatScopeSelector, PromqlSyntaxError } from './inject-matchers.js';
export type { ScopeMatchers } from './inject-matchers.js';
export { sameEndpointUrl, normalizeEndpointUrl } from './compare-urls.js';
export { parseCoverageDocument } from './coverage.js';
export type { CoverageEntry, MetricsConfig } from './coverage.js';
export { METRICS_ENDPOINT_TYPE } from './endpoint-type.js';
