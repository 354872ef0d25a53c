import type { EndpointAccess, InfoDocument, SessionUser } from '@stratos/plugin-sdk';
import { coversOf, entryFor } from './coverage.js';

/**
 * Tags, in `/pp/v1/info`, every endpoint (of any type) that a metrics endpoint the caller can use
 * (their own token or a system-shared one) covers: `metadata.metrics` is the metrics endpoint's
 * guid, `metrics_job` and `metrics_environment` the labels that select its series (`''` when the
 * entry has none, as Jetstream sends them). When two Prometheus cover one endpoint, the first
 * registered wins.
 */
export async function annotateCoveredEndpoints(access: EndpointAccess, info: InfoDocument, user: SessionUser): Promise<void> {
  const endpoints = await access.list();
  const byGuid = new Map(endpoints.map((endpoint) => [endpoint.guid, endpoint]));
  for (const metrics of endpoints) {
    if (metrics.type !== 'metrics') continue;
    const covers = coversOf(await access.tokenFor(metrics.guid, user));
    if (covers.length === 0) continue;
    for (const details of Object.values(info.endpoints)) {
      for (const [guid, detail] of Object.entries(details)) {
        const endpoint = byGuid.get(guid);
        if (!endpoint) continue;
        const metadata = (detail.metadata ??= {}) as Record<string, unknown>;
        if (metadata.metrics !== undefined) continue;
        const entry = entryFor(covers, endpoint);
        if (!entry) continue;
        metadata.metrics = metrics.guid;
        metadata.metrics_job = entry.job ?? '';
        metadata.metrics_environment = entry.environment ?? '';
      }
    }
  }
}
