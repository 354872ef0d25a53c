import type { EndpointPlugin, EndpointProbe, EndpointTlsOptions } from '@stratos/plugin-sdk';
import { connectPrometheus } from './connect.js';
import type { MetricsState } from './metrics-state.js';
import { annotateCoveredEndpoints } from './update-metadata.js';

/** The endpoint type id this plugin provides. */
export const METRICS_ENDPOINT_TYPE = 'metrics';

interface BuildInfo {
  data?: { version?: unknown };
}

/**
 * Probes a URL being registered: `GET <url>/api/v1/status/buildinfo`. A 200 is a Prometheus (its
 * version is kept); a 401 is a Prometheus that needs credentials, registered all the same (they
 * are given on connect); anything else fails with a plain message. The host's registration error
 * names the URL, so these messages do not repeat it; a failure of `ctx.http` (unreachable,
 * certificate, timeout) is passed on unchanged, so the host says once what is at fault.
 */
export async function probePrometheus(state: MetricsState, url: string, tls: EndpointTlsOptions): Promise<EndpointProbe> {
  const answer = await state.context.http.request(url, tls, {
    path: '/api/v1/status/buildinfo',
    headers: { accept: 'application/json' },
  });
  if (answer.status === 401) return { subType: 'prometheus', metadata: { auth_required: true } };
  if (answer.status !== 200) {
    throw new Error(
      `it answered ${answer.status} to GET /api/v1/status/buildinfo; check that it is the URL of a Prometheus server`,
    );
  }
  let body: BuildInfo;
  try {
    body = answer.json<BuildInfo>();
  } catch {
    throw new Error(`it did not answer JSON to GET /api/v1/status/buildinfo; check that it is the URL of a Prometheus server`);
  }
  const version = body?.data?.version;
  return { subType: 'prometheus', metadata: { prometheus_version: typeof version === 'string' ? version : '' } };
}

/**
 * The `metrics` endpoint type: registration probes the Prometheus HTTP API, connect checks the
 * credentials and learns what the Prometheus covers, and `/pp/v1/info` tags every covered endpoint.
 */
export function createMetricsEndpointType(state: MetricsState): EndpointPlugin {
  return {
    type: METRICS_ENDPOINT_TYPE,
    info: (url, tls) => probePrometheus(state, url, tls),
    connect: (request, endpoint) => connectPrometheus(state, request, endpoint),
    updateMetadata: (info, user) => annotateCoveredEndpoints(state.context.endpoints, info, user),
  };
}
