import type { Middleware } from 'koa';
import type { MountTable } from '../mount/mount-plugins.js';

/**
 * Console API prefixes under `/pp/v1` that belong to Jetstream plugins this host may lack, with
 * the endpoint type each serves. The console calls them for Cloud Foundry, Kubernetes and Helm
 * features; without a plugin for the type they get a clear JSON 501 instead of a bare 404.
 */
export const FEATURE_PREFIXES: Readonly<Record<string, { type: string; feature: string }>> = {
  cf: { type: 'cf', feature: 'Cloud Foundry' },
  autoscaler: { type: 'cf', feature: 'Cloud Foundry' },
  kubernetes: { type: 'k8s', feature: 'Kubernetes' },
  kube: { type: 'k8s', feature: 'Kubernetes' },
  helm: { type: 'helm', feature: 'Helm' },
  monocular: { type: 'helm', feature: 'Helm' },
  chartsvc: { type: 'helm', feature: 'Helm' },
};

const FEATURE_PATH = /^\/pp\/v1\/([a-z]+)(?:\/|$)/;

/**
 * The last stage of the request path: a request no route answered gets a 501 naming the missing
 * endpoint type when its path belongs to a feature no active plugin provides, else a 404.
 */
export function unsupportedFeature(table: MountTable): Middleware {
  return function answerUnsupported(ctx) {
    const prefix = FEATURE_PATH.exec(ctx.path)?.[1];
    const known = prefix !== undefined && Object.hasOwn(FEATURE_PREFIXES, prefix) ? FEATURE_PREFIXES[prefix] : undefined;
    if (known && !table.endpointTypes.has(known.type)) {
      const available = [...table.endpointTypes.keys()].map((t) => `'${t}'`).join(', ') || 'none';
      ctx.throw(
        501,
        `Endpoint type '${known.type}' (${known.feature}) is not supported by this host: no plugin provides it; available types: ${available}`,
        { expose: true },
      );
    }
    ctx.throw(404, `No route for ${ctx.method} ${ctx.path}`);
  };
}
