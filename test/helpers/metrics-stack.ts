import type { Test } from 'supertest';
import { login } from '../../packages/host/test/helpers/login.js';
import type { TestHost } from '../../packages/host/test/helpers/test-host.js';
import type { Exporter } from './exporter.js';
import { createMetricsHost } from './metrics-host.js';
import { startPrometheus, type RunningPrometheus, type StartPrometheusOptions } from './start-prometheus.js';

/** The two scrape jobs of the stack, one per fake endpoint, with the environment label of each. */
export const JOBS = [
  { job: 'cf-a', environment: 'prod' },
  { job: 'cf-b', environment: 'staging' },
] as const;

/** A real Prometheus scraping the exporter, a host with the metrics plugin, and an admin session. */
export interface MetricsStack {
  prometheus: RunningPrometheus;
  host: TestHost;
  admin: Awaited<ReturnType<typeof login>>;
  /** Guids of the registered fixture endpoints, by job. */
  fixtures: Record<'cf-a' | 'cf-b', string>;
  register(type: string, name: string, url: string): Test;
  connect(guid: string, connectType: string, fields?: Record<string, string>): Test;
  /** `GET /pp/v1/<path>` as the admin, with a query string. */
  get(path: string, query?: Record<string, string | string[]>): Test;
  /** Stops everything that was started; safe after a failed start. */
  stop(): Promise<void>;
}

/**
 * Starts the stack. The metrics plugin's `mappings` say, keyed by this Prometheus' URL, that it
 * covers endpoint cf-a as job 'cf-a' in environment 'prod' and endpoint cf-b as job 'cf-b' (a
 * plain Prometheus serves no `/stratos` document). Both fixture endpoints are registered; the
 * Prometheus is not. `onStarted` receives `stop` before anything can fail, so a hook can always
 * clean up.
 */
export async function startMetricsStack(
  exporter: Exporter,
  basicAuth: StartPrometheusOptions['basicAuth'],
  onStarted: (stop: () => Promise<void>) => void,
): Promise<MetricsStack> {
  let prometheus: RunningPrometheus | undefined;
  let host: TestHost | undefined;
  let stopped = false;
  const stop = async () => {
    stopped = true;
    try {
      await host?.cleanup();
    } finally {
      await prometheus?.stop();
    }
  };
  // A hook that timed out has already called stop(): what starts after that is stopped at once.
  const ensureWanted = async () => {
    if (!stopped) return;
    await stop();
    throw new Error('the metrics stack was stopped while it was starting');
  };
  onStarted(stop);
  prometheus = await startPrometheus({
    basicAuth,
    jobs: JOBS.map(({ job, environment }) => ({
      job,
      target: exporter.target,
      metricsPath: `/${job}/metrics`,
      labels: { environment },
    })),
  });
  await ensureWanted();
  await prometheus.waitForSamples(JOBS.map((j) => j.job));
  host = await createMetricsHost({
    [prometheus.url]: [
      { type: 'fixture', url: exporter.endpointUrl('cf-a'), job: 'cf-a', environment: 'prod' },
      { url: `${exporter.endpointUrl('cf-b')}/`, job: 'cf-b' },
    ],
  });
  await ensureWanted();
  const admin = await login(host);
  const register = (type: string, name: string, url: string) =>
    admin.agent
      .post(`/api/v1/endpoints?endpoint_type=${type}`)
      .set('X-Xsrf-Token', admin.xsrf)
      .type('form')
      .send({ cnsi_name: name, api_endpoint: url });
  const fixtures = { 'cf-a': '', 'cf-b': '' };
  for (const job of ['cf-a', 'cf-b'] as const) {
    const registered = await register('fixture', job, exporter.endpointUrl(job));
    if (registered.status !== 201)
      throw new Error(`registering fixture '${job}' answered ${registered.status}: ${registered.text}`);
    fixtures[job] = registered.body.guid;
  }
  return {
    prometheus,
    host,
    admin,
    fixtures,
    register,
    connect: (guid, connectType, fields = {}) =>
      admin.agent
        .post(`/api/v1/tokens?cnsi_guid=${guid}&connect_type=${connectType}`)
        .set('X-Xsrf-Token', admin.xsrf)
        .type('form')
        .send(fields),
    get: (path, query = {}) => admin.agent.get(`/pp/v1/${path}`).query(query),
    stop,
  };
}

/** The `job` label of every series in a Prometheus query, series or matrix answer. */
export function jobsOf(body: { data?: unknown }): string[] {
  const data = body.data as { result?: Array<{ metric: Record<string, string> }> } | Array<Record<string, string>> | undefined;
  const series = Array.isArray(data) ? data : (data?.result ?? []).map((item) => item.metric);
  return series.map((labels) => labels.job ?? '(none)');
}
