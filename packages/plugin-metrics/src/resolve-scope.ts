import { PluginError, type Endpoint, type SessionUser } from '@stratos/plugin-sdk';
import { coversOf, entryFor, mappingFor, scopeOf, type CoverageEntry } from './coverage.js';
import type { ScopeMatchers } from './inject-matchers.js';
import type { MetricsState } from './metrics-state.js';

/** A covered endpoint, the metrics endpoint the caller reaches its metrics through, and the scope. */
export interface ResolvedScope {
  endpoint: Endpoint;
  metrics: Endpoint;
  entry: CoverageEntry;
  matchers: ScopeMatchers;
}

/**
 * Finds how `user` may query the metrics of endpoint `guid`: the first metrics endpoint that the
 * caller's token (own or system-shared) says covers it, and the label matchers of that entry.
 * Fails with a `PluginError`: 404 for an unknown or uncovered endpoint; 403 when only a metrics
 * endpoint the caller is not connected to covers it ("connect to '<name>' first"), or when the
 * entry has neither job nor environment and so cannot be scoped.
 */
export async function resolveScope(state: MetricsState, guid: string, user: SessionUser): Promise<ResolvedScope> {
  const { endpoints, config } = state.context;
  const endpoint = await endpoints.get(guid);
  if (!endpoint) throw new PluginError(404, `No endpoint with guid '${guid}'`);
  let notConnected: Endpoint | undefined;
  for (const metrics of await endpoints.list()) {
    if (metrics.type !== 'metrics') continue;
    const token = await endpoints.tokenFor(metrics.guid, user);
    if (!token) {
      // What another connection learnt, else the config, names the Prometheus to connect to.
      const known = state.knownCoverage.get(metrics.guid) ?? mappingFor(config, metrics.apiEndpoint) ?? [];
      if (!notConnected && entryFor(known, endpoint)) notConnected = metrics;
      continue;
    }
    const entry = entryFor(coversOf(token), endpoint);
    if (!entry) continue;
    const matchers = scopeOf(entry);
    if (!matchers) {
      throw new PluginError(
        403,
        `Metrics of endpoint '${endpoint.name}' cannot be scoped: its entry in Prometheus '${metrics.name}' has neither a job nor an environment; add one to the /stratos document or the plugin's mappings`,
      );
    }
    return { endpoint, metrics, entry, matchers };
  }
  if (notConnected)
    throw new PluginError(
      403,
      `Metrics of endpoint '${endpoint.name}' come from Prometheus '${notConnected.name}': connect to '${notConnected.name}' first`,
    );
  throw new PluginError(404, `Endpoint '${endpoint.name}' is not covered by any metrics endpoint you are connected to`);
}
