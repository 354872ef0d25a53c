import { expect } from 'chai';
import { startExporter, type Exporter } from '../helpers/exporter.js';
import { jobsOf, startMetricsStack, type MetricsStack } from '../helpers/metrics-stack.js';

const HOOK_TIMEOUT_MS = 90_000;
const BASIC_AUTH = { username: 'scraper', password: 'prometheus-pass-1' };

/** Series of the two fake endpoints; cf-b has one metric cf-a lacks, to notice a leak by name. */
const ENDPOINTS = {
  'cf-a': {
    metrics: ['cf_requests_total{app="alpha"} 10', 'cf_requests_total{app="beta"} 20', 'cf_memory_bytes{app="alpha"} 1024'],
  },
  'cf-b': { metrics: ['cf_requests_total{app="gamma"} 30', 'cf_memory_bytes{app="gamma"} 2048', 'cf_b_only_secret 42'] },
};

/**
 * Queries that try to reach series outside the endpoint's scope. `data: true` when cf-a's own
 * series must come back (so an empty answer cannot pass for a scoped one).
 */
const HOSTILE_QUERIES: Array<{ query: string; data: boolean }> = [
  { query: '{__name__=~".+"}', data: true },
  { query: 'up or up{job="cf-b"}', data: true },
  { query: 'up{job="cf-b"} or up', data: true },
  { query: 'up unless up{job="nope"}', data: true },
  { query: '{job=~".*"}', data: true },
  { query: '{job!="cf-a"}', data: false },
  { query: 'cf_b_only_secret', data: false },
  { query: 'max_over_time(up[1m:10s])', data: false },
  { query: 'max_over_time(up[1m:1s])', data: true },
  { query: 'count by (job) ({__name__=~"cf_.+"})', data: true },
  { query: 'sum by (job, app) (count_over_time(cf_requests_total[5m]))', data: true },
  { query: 'topk(100, {job="cf-b"} or cf_requests_total)', data: true },
  { query: 'cf_requests_total * on(app) group_left() cf_memory_bytes{job="cf-b"} or cf_requests_total', data: true },
  { query: 'label_replace(up, "app", "x", "job", ".*")', data: true },
];

/** `jobs` is not empty and every one of them is `job`. */
function expectOnlyJob(jobs: string[], job: string): void {
  expect(jobs).not.to.have.lengthOf(0);
  expect(jobs.filter((other) => other !== job)).to.deep.equal([]);
}

describe('@stratos/plugin-metrics against a real Prometheus', function () {
  this.timeout(HOOK_TIMEOUT_MS);
  let exporter: Exporter;

  before(async () => {
    exporter = await startExporter(ENDPOINTS);
  });
  after(async () => {
    await exporter?.close();
  });

  describe('without auth', () => {
    let stack: MetricsStack;
    let stopStack: (() => Promise<void>) | undefined;
    let metricsGuid: string;

    before(async () => {
      stack = await startMetricsStack(exporter, undefined, (stop) => (stopStack = stop));
    });
    after(async () => {
      await stopStack?.();
    });

    it('serves scraped samples of both jobs when the harness is up', async () => {
      const { status, body } = await stack.prometheus.get('/api/v1/query', { query: 'cf_requests_total' });
      expect(status).to.equal(200);
      expect(jobsOf(body).sort()).to.deep.equal(['cf-a', 'cf-a', 'cf-b']);
    });

    it('registers the Prometheus as type metrics with its version when it answers buildinfo', async () => {
      const response = await stack.register('metrics', 'prometheus', stack.prometheus.url).expect(201);
      const buildinfo = await stack.prometheus.get('/api/v1/status/buildinfo');
      expect(response.body).to.deep.include({ cnsi_type: 'metrics', sub_type: 'prometheus', api_endpoint: stack.prometheus.url });
      expect(response.body.metadata).to.deep.equal({ prometheus_version: buildinfo.body.data.version });
      metricsGuid = response.body.guid;
    });

    it('answers 403 naming the Prometheus when the caller is not connected to it', async () => {
      const response = await stack.get(`metrics/${stack.fixtures['cf-a']}/query`, { query: 'up' }).expect(403);
      expect(response.body.error).to.include("connect to 'prometheus' first");
    });

    it('connects with connect_type none and tags both covered endpoints in /pp/v1/info', async () => {
      await stack.connect(metricsGuid, 'none').expect(200);
      const { body } = await stack.get('info').expect(200);
      expect(body.endpoints.fixture[stack.fixtures['cf-a']].metadata).to.deep.include({
        metrics: metricsGuid,
        metrics_job: 'cf-a',
        metrics_environment: 'prod',
      });
      expect(body.endpoints.fixture[stack.fixtures['cf-b']].metadata).to.deep.include({
        metrics: metricsGuid,
        metrics_job: 'cf-b',
        metrics_environment: '',
      });
      expect(body.endpoints.metrics[metricsGuid].metadata).not.to.have.property('metrics');
    });

    it("returns only the endpoint's own series when querying a covered endpoint", async () => {
      const a = await stack.get(`metrics/${stack.fixtures['cf-a']}/query`, { query: 'cf_requests_total' }).expect(200);
      const b = await stack.get(`metrics/${stack.fixtures['cf-b']}/query`, { query: 'cf_requests_total' }).expect(200);
      expect(a.body.status).to.equal('success');
      expect(a.body.data.result.map((s: { metric: { app: string } }) => s.metric.app).sort()).to.deep.equal(['alpha', 'beta']);
      expect(jobsOf(a.body)).to.deep.equal(['cf-a', 'cf-a']);
      expect(b.body.data.result.map((s: { metric: { app: string } }) => s.metric.app)).to.deep.equal(['gamma']);
    });

    it('returns a matrix of only the endpoint series when using query_range', async () => {
      const end = Date.now() / 1000;
      const { body } = await stack
        .get(`metrics/${stack.fixtures['cf-a']}/query_range`, {
          query: '{__name__=~".+"}',
          start: String(end - 60),
          end: String(end),
          step: '1',
        })
        .expect(200);
      expect(body.data.resultType).to.equal('matrix');
      expectOnlyJob(jobsOf(body), 'cf-a');
    });

    for (const { query, data } of HOSTILE_QUERIES) {
      it(`returns only series of job cf-a when the query is ${query}`, async () => {
        const { body } = await stack.get(`metrics/${stack.fixtures['cf-a']}/query`, { query }).expect(200);
        const jobs = jobsOf(body);
        if (data) expect(jobs).not.to.have.lengthOf(0);
        expect(
          jobs.filter((job) => job !== 'cf-a'),
          JSON.stringify(body.data.result),
        ).to.deep.equal([]);
        expect(JSON.stringify(body)).not.to.include('cf_b_only_secret').and.not.to.include('gamma');
      });
    }

    it('returns nothing when label_replace relabels another job as the scoped one', async () => {
      for (const query of [
        'label_replace(cf_b_only_secret, "job", "cf-a", "", "")',
        'label_replace({job="cf-b"}, "job", "cf-a", "job", ".*")',
      ]) {
        const { body } = await stack.get(`metrics/${stack.fixtures['cf-a']}/query`, { query }).expect(200);
        expect(body.data.result, query).to.deep.equal([]);
      }
    });

    it('counts exactly the scoped series when the query aggregates every series away', async () => {
      const scoped = await stack.get(`metrics/${stack.fixtures['cf-a']}/query`, { query: 'count({__name__=~".+"})' }).expect(200);
      const own = await stack.prometheus.get('/api/v1/query', { query: 'count({job="cf-a", environment="prod"})' });
      const all = await stack.prometheus.get('/api/v1/query', { query: 'count({__name__=~".+"})' });
      expect(scoped.body.data.result[0].value[1]).to.equal(own.body.data.result[0].value[1]);
      expect(Number(all.body.data.result[0].value[1])).to.be.greaterThan(Number(own.body.data.result[0].value[1]));
    });

    it('scopes series, labels and label values when those routes are asked', async () => {
      const guid = stack.fixtures['cf-a'];
      const series = await stack
        .get(`metrics/${guid}/series`, { 'match[]': ['{__name__=~".+"}', 'cf_b_only_secret'] })
        .expect(200);
      expectOnlyJob(jobsOf(series.body), 'cf-a');
      const jobs = await stack.get(`metrics/${guid}/label/job/values`).expect(200);
      expect(jobs.body.data).to.deep.equal(['cf-a']);
      const apps = await stack.get(`metrics/${guid}/label/app/values`).expect(200);
      expect(apps.body.data).to.deep.equal(['alpha', 'beta']);
      const names = await stack.get(`metrics/${guid}/labels`).expect(200);
      expect(names.body.data).to.include('app').and.to.include('environment');
    });

    it('sees both jobs when an admin queries the metrics endpoint directly', async () => {
      const { body } = await stack.get(`metrics/admin/${metricsGuid}/query`, { query: 'cf_requests_total' }).expect(200);
      expect(jobsOf(body).sort()).to.deep.equal(['cf-a', 'cf-a', 'cf-b']);
      const values = await stack.get(`metrics/admin/${metricsGuid}/label/job/values`).expect(200);
      expect(values.body.data).to.deep.equal(['cf-a', 'cf-b']);
    });

    it("answers Prometheus' own error when Prometheus rejects a query that parses", async () => {
      const guid = stack.fixtures['cf-a'];
      const typed = await stack.get(`metrics/${guid}/query`, { query: 'rate(up)' }).expect(400);
      expect(typed.body).to.deep.include({ status: 'error', errorType: 'bad_data' });
      expect(typed.body.error).to.include('expected type range vector in call to function "rate"');
      const range = await stack
        .get(`metrics/${guid}/query_range`, { query: 'up', start: '200', end: '100', step: '1' })
        .expect(400);
      expect(range.body.error).to.include('end timestamp must not be before start time');
      const unknown = await stack.get(`metrics/admin/${metricsGuid}/query`, { query: 'nosuchfn(up)' }).expect(400);
      expect(unknown.body.error).to.include('unknown function with name "nosuchfn"');
    });

    it('answers 400 before reaching Prometheus when the query does not parse', async () => {
      const { body } = await stack.get(`metrics/${stack.fixtures['cf-a']}/query`, { query: 'up{job=' }).expect(400);
      expect(body.error)
        .to.include("Parameter 'query'")
        .and.to.match(/position \d+/);
      expect(body).not.to.have.property('errorType');
    });

    it('connects with connect_type token and keeps scoping when the Prometheus ignores the bearer', async () => {
      const connected = await stack.connect(metricsGuid, 'token', { token: 'any-bearer-token' }).expect(200);
      expect(connected.body.user).to.not.equal(null);
      const { body } = await stack.get(`metrics/${stack.fixtures['cf-b']}/query`, { query: '{__name__=~"cf_.+"}' }).expect(200);
      expect(jobsOf(body)).to.deep.equal(['cf-b', 'cf-b', 'cf-b']);
    });

    it('stops serving metrics routes when the metrics endpoint is unregistered', async () => {
      await stack.admin.agent.delete(`/api/v1/endpoints/${metricsGuid}`).set('X-Xsrf-Token', stack.admin.xsrf).expect(200);
      const scoped = await stack.get(`metrics/${stack.fixtures['cf-a']}/query`, { query: 'up' });
      expect(scoped.status).to.be.oneOf([403, 404]);
      expect(scoped.body.status).to.equal('error');
      await stack.get(`metrics/admin/${metricsGuid}/query`, { query: 'up' }).expect(404);
      const { body } = await stack.get('info').expect(200);
      expect(body.endpoints.fixture[stack.fixtures['cf-a']].metadata).not.to.have.property('metrics');
    });
  });

  describe('behind basic auth', () => {
    let stack: MetricsStack;
    let stopStack: (() => Promise<void>) | undefined;
    let metricsGuid: string;

    before(async () => {
      stack = await startMetricsStack(exporter, BASIC_AUTH, (stop) => (stopStack = stop));
    });
    after(async () => {
      await stopStack?.();
    });

    it('refuses requests without credentials when the web config sets basic_auth_users', async () => {
      for (const path of ['/-/ready', '/api/v1/query?query=up']) {
        const response = await fetch(`${stack.prometheus.url}${path}`, { signal: AbortSignal.timeout(5_000) });
        expect(response.status, path).to.equal(401);
      }
      const authorised = await stack.prometheus.get('/api/v1/query', { query: 'up' });
      expect(jobsOf(authorised.body).sort()).to.deep.equal(['cf-a', 'cf-b']);
    });

    it('registers the Prometheus as needing credentials when buildinfo answers 401', async () => {
      const response = await stack.register('metrics', 'prometheus-auth', stack.prometheus.url).expect(201);
      expect(response.body).to.deep.include({ cnsi_type: 'metrics', sub_type: 'prometheus' });
      expect(response.body.metadata).to.deep.equal({ auth_required: true });
      metricsGuid = response.body.guid;
    });

    it("refuses the connection with the plugin's message when the password is wrong or missing", async () => {
      for (const [connectType, fields] of [
        ['creds', { username: BASIC_AUTH.username, password: 'wrong-password' }],
        ['none', {}],
      ] as const) {
        const response = await stack.connect(metricsGuid, connectType, fields);
        expect(response.status, connectType).to.be.within(400, 499);
        expect(response.body.error).to.include("Prometheus 'prometheus-auth' rejected the credentials");
      }
    });

    it('connects with connect_type creds and queries scoped when the password is right', async () => {
      await stack.connect(metricsGuid, 'creds', BASIC_AUTH).expect(200);
      const { body } = await stack
        .get(`metrics/${stack.fixtures['cf-a']}/query`, { query: '{__name__=~".+"} or up{job="cf-b"}' })
        .expect(200);
      expectOnlyJob(jobsOf(body), 'cf-a');
      const info = await stack.get('info').expect(200);
      expect(info.body.endpoints.fixture[stack.fixtures['cf-a']].metadata).to.deep.include({
        metrics: metricsGuid,
        metrics_job: 'cf-a',
      });
    });

    it('sees both jobs with the stored credentials when an admin queries it directly', async () => {
      const { body } = await stack.get(`metrics/admin/${metricsGuid}/query`, { query: 'up' }).expect(200);
      expect(jobsOf(body).sort()).to.deep.equal(['cf-a', 'cf-b']);
    });

    it('stops serving metrics routes when the metrics endpoint is unregistered', async () => {
      await stack.admin.agent.delete(`/api/v1/endpoints/${metricsGuid}`).set('X-Xsrf-Token', stack.admin.xsrf).expect(200);
      const scoped = await stack.get(`metrics/${stack.fixtures['cf-a']}/query`, { query: 'up' });
      expect(scoped.status).to.be.oneOf([403, 404]);
      await stack.get(`metrics/admin/${metricsGuid}/query`, { query: 'up' }).expect(404);
    });
  });
});
