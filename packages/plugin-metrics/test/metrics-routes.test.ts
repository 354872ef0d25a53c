import { expect } from 'chai';
import { type FakePrometheus, type ReceivedRequest } from './helpers/fake-prometheus.js';
import {
  connectEndpoint,
  startMetricsStack,
  type CoveredWorld,
  type MetricsStack,
  type Session,
} from './helpers/metrics-host.js';

const CF = 'job="cf",environment="prod"';

describe('addMetricsSessionRoutes', () => {
  let stack: MetricsStack;
  let prometheus: FakePrometheus;
  let admin: Session;
  let bob: Session;
  let world: CoveredWorld;

  before(async () => {
    stack = await startMetricsStack({ connect: true });
    ({ prometheus, admin, bob, world } = stack);
  });
  after(() => stack?.cleanup());
  afterEach(() => {
    prometheus.options.requireAuthorization = undefined;
  });

  /** The last request the fake Prometheus got for `path` through the metrics endpoint. */
  function lastUpstream(path: string): ReceivedRequest {
    const request = prometheus.requestsTo(path).at(-1);
    expect(request, `a request to ${path}`).to.not.equal(undefined);
    expect(request!.prefix).to.equal('prom');
    return request!;
  }

  it('sends the query scoped to the endpoint, with its time, when a hostile query is given', async () => {
    const query = 'up or {__name__=~".+"} unless on() count({job=~".*"}[5m:1m])';
    const { body } = await admin.agent.get(`/pp/v1/metrics/${world.cf}/query`).query({ query, time: '1700000000' }).expect(200);
    const sent = lastUpstream('/api/v1/query');
    expect(sent.params.getAll('query')).to.deep.equal([
      `up{${CF}} or {__name__=~".+",${CF}} unless on() count({job=~".*",${CF}}[5m:1m])`,
    ]);
    expect(sent.params.get('time')).to.equal('1700000000');
    expect(body.status).to.equal('success');
    expect(body.echo.path).to.equal('/api/v1/query');
  });

  it('sends start, end and step and only the first query when query_range gets extra parameters', async () => {
    await admin.agent
      .get(`/pp/v1/metrics/${world.k8s}/query_range?query=rate(x[5m])&query={__name__=~".%2B"}&start=1&end=2&step=15&foo=bar`)
      .expect(200);
    const sent = lastUpstream('/api/v1/query_range');
    expect([...sent.params]).to.deep.equal([
      ['query', 'rate(x{job="k8s"}[5m])'],
      ['start', '1'],
      ['end', '2'],
      ['step', '15'],
    ]);
  });

  it('scopes every match[] when series gets several', async () => {
    await admin.agent.get(`/pp/v1/metrics/${world.cf}/series?match[]=up&match[]={__name__=~".%2B"}&start=5`).expect(200);
    const sent = lastUpstream('/api/v1/series');
    expect(sent.params.getAll('match[]')).to.deep.equal([`up{${CF}}`, `{__name__=~".+",${CF}}`]);
    expect(sent.params.get('start')).to.equal('5');
  });

  it('adds the scope selector as match[] when labels is asked without one', async () => {
    await admin.agent.get(`/pp/v1/metrics/${world.cf}/labels`).expect(200);
    expect(lastUpstream('/api/v1/labels').params.getAll('match[]')).to.deep.equal([`{${CF}}`]);
  });

  it('asks for the label values of the named label with scoped match[] when one is given', async () => {
    await admin.agent.get(`/pp/v1/metrics/${world.cf}/label/instance/values?match[]=up`).expect(200);
    expect(lastUpstream('/api/v1/label/instance/values').params.getAll('match[]')).to.deep.equal([`up{${CF}}`]);
    await admin.agent.get(`/pp/v1/metrics/${world.cf}/label/job/values`).expect(200);
    expect(lastUpstream('/api/v1/label/job/values').params.getAll('match[]')).to.deep.equal([`{${CF}}`]);
  });

  it("answers 400 with the parser's position and calls nothing when the query does not parse", async () => {
    const before = prometheus.received.length;
    const { body } = await admin.agent.get(`/pp/v1/metrics/${world.cf}/query`).query({ query: 'sum(up' }).expect(400);
    expect(body.error).to.equal(
      "Parameter 'query': The query does not parse at position 6 (line 1, column 7): unexpected end of query",
    );
    const missing = await admin.agent.get(`/pp/v1/metrics/${world.cf}/query`).expect(400);
    expect(missing.body.error).to.equal("Parameter 'query' is required: a PromQL expression");
    expect(prometheus.received.length).to.equal(before);
  });

  it('answers 400 saying the query is too large to scope, and calls nothing, when only the scoped rewrite is too long', async () => {
    const before = prometheus.received.length;
    const query = Array.from({ length: 300 }, () => 'up').join('+');
    const { body } = await admin.agent.get(`/pp/v1/metrics/${world.cf}/query`).query({ query }).expect(400);
    expect(body.error).to.equal(
      "Parameter 'query': The query is too large or too deeply nested to scope; split it into smaller queries",
    );
    expect(prometheus.received.length).to.equal(before);
  });

  it('answers 400 and calls nothing when a label name would climb out of the Prometheus API', async () => {
    const before = prometheus.received.length;
    const { body } = await admin.agent.get(`/pp/v1/metrics/${world.cf}/label/%2e%2e/values`).expect(400);
    expect(body.error).to.include("has a '.' or '..' segment");
    expect(prometheus.received.length).to.equal(before);
  });

  it("answers with Prometheus' status and error message when Prometheus refuses the query", async () => {
    const { body } = await admin.agent.get(`/pp/v1/metrics/${world.cf}/query`).query({ query: 'up', time: 'bad' }).expect(400);
    expect(body).to.deep.equal({
      status: 'error',
      errorType: 'bad_data',
      error: 'invalid parameter "time": cannot parse "bad" to a valid timestamp',
    });
  });

  it('answers 404 when the endpoint is unknown or not covered', async () => {
    const unknown = await admin.agent.get('/pp/v1/metrics/nope/query?query=up').expect(404);
    expect(unknown.body.error).to.equal("No endpoint with guid 'nope'");
    const lonely = await admin.agent.get(`/pp/v1/metrics/${world.lonely}/query?query=up`).expect(404);
    expect(lonely.body.error).to.equal("Endpoint 'lonely' is not covered by any metrics endpoint you are connected to");
    await admin.agent.get(`/pp/v1/metrics/${world.typed}/query?query=up`).expect(404);
  });

  it('answers 403 when the covering entry has neither job nor environment', async () => {
    const { body } = await admin.agent.get(`/pp/v1/metrics/${world.noscope}/query?query=up`).expect(403);
    expect(body.error).to.equal(
      "Metrics of endpoint 'noscope' cannot be scoped: its entry in Prometheus 'prom' has neither a job nor an environment; add one to the /stratos document or the plugin's mappings",
    );
  });

  it("answers 403 'connect to prom first' when the caller is not connected to the covering Prometheus", async () => {
    const { body } = await bob.agent.get(`/pp/v1/metrics/${world.cf}/query?query=up`).expect(403);
    expect(body.error).to.equal("Metrics of endpoint 'cf' come from Prometheus 'prom': connect to 'prom' first");
  });

  it('answers 403 rather than 401 when Prometheus rejects the stored credentials', async () => {
    prometheus.options.requireAuthorization = 'Bearer other';
    const { body } = await admin.agent.get(`/pp/v1/metrics/${world.cf}/query?query=up`).expect(403);
    expect(body.error).to.equal("Prometheus 'prom' rejected the stored credentials; connect to 'prom' again");
  });
});

describe('addMetricsAdminRoutes', () => {
  let stack: MetricsStack;
  let prometheus: FakePrometheus;
  let admin: Session;
  let bob: Session;
  let world: CoveredWorld;

  before(async () => {
    stack = await startMetricsStack({ connect: false });
    ({ prometheus, admin, bob, world } = stack);
  });
  after(() => stack?.cleanup());

  it('passes the query on unscoped when an admin asks a metrics endpoint directly', async () => {
    await connectEndpoint(admin, world.prom, 'none').expect(200);
    await admin.agent.get(`/pp/v1/metrics/admin/${world.prom}/query`).query({ query: '{__name__=~".+"}' }).expect(200);
    expect(prometheus.requestsTo('/api/v1/query').at(-1)?.params.get('query')).to.equal('{__name__=~".+"}');
    await admin.agent.get(`/pp/v1/metrics/admin/${world.prom}/label/job/values`).expect(200);
    expect(prometheus.requestsTo('/api/v1/label/job/values').at(-1)?.params.getAll('match[]')).to.deep.equal([]);
  });

  it('answers 403 when the caller is not an admin', async () => {
    await bob.agent.get(`/pp/v1/metrics/admin/${world.prom}/query?query=up`).expect(403);
  });

  it('answers 404 when the guid is not a metrics endpoint', async () => {
    const { body } = await admin.agent.get(`/pp/v1/metrics/admin/${world.cf}/query?query=up`).expect(404);
    expect(body.error).to.equal(`No metrics endpoint with guid '${world.cf}'`);
  });
});
