import { expect } from 'chai';
import { login } from '../../host/test/helpers/login.js';
import type { TestHost } from '../../host/test/helpers/test-host.js';
import { startFakePrometheus, type FakePrometheus } from './helpers/fake-prometheus.js';
import { createMetricsHost, registerEndpoint, type Session } from './helpers/metrics-host.js';

describe('createMetricsEndpointType', () => {
  let host: TestHost;
  let prometheus: FakePrometheus;
  let admin: Session;

  before(async () => {
    prometheus = await startFakePrometheus();
    host = await createMetricsHost();
    admin = await login(host);
  });
  after(async () => {
    await host?.cleanup();
    await prometheus?.close();
  });
  beforeEach(() => {
    prometheus.options.requireAuthorization = undefined;
    prometheus.options.buildinfoStatus = undefined;
  });

  describe('info', () => {
    it('registers a Prometheus with its version when buildinfo answers 200', async () => {
      const guid = await registerEndpoint(admin, 'metrics', 'prom-open', prometheus.url);
      const { body } = await admin.agent.get('/pp/v1/info').expect(200);
      const detail = body.endpoints.metrics[guid];
      expect(detail.sub_type).to.equal('prometheus');
      expect(detail.metadata).to.deep.equal({ prometheus_version: '2.53.0' });
      expect(prometheus.requestsTo('/api/v1/status/buildinfo').at(-1)?.authorization).to.equal(undefined);
    });

    it('registers a Prometheus that needs credentials when buildinfo answers 401', async () => {
      prometheus.options.requireAuthorization = 'Basic secret';
      const guid = await registerEndpoint(admin, 'metrics', 'prom-locked', `${prometheus.url}/~locked`);
      const { body } = await admin.agent.get('/pp/v1/info').expect(200);
      expect(body.endpoints.metrics[guid].metadata).to.deep.equal({ auth_required: true });
    });

    it('refuses with a plain message when buildinfo answers another status', async () => {
      prometheus.options.buildinfoStatus = 500;
      const { body } = await admin.agent
        .post('/api/v1/endpoints?endpoint_type=metrics')
        .set('X-Xsrf-Token', admin.xsrf)
        .send({ cnsi_name: 'prom-broken', api_endpoint: `${prometheus.url}/~broken` })
        .expect(400);
      expect(body.error).to.equal(
        `Endpoint type 'metrics' could not register '${prometheus.url}/~broken': it answered 500 to GET /api/v1/status/buildinfo; check that it is the URL of a Prometheus server`,
      );
    });

    it('lets the host say once that the URL cannot be reached when nothing listens there', async () => {
      const closed = await startFakePrometheus();
      await closed.close();
      const { body } = await admin.agent
        .post('/api/v1/endpoints?endpoint_type=metrics')
        .set('X-Xsrf-Token', admin.xsrf)
        .send({ cnsi_name: 'prom-gone', api_endpoint: closed.url })
        .expect(400);
      expect(body.error).to.equal(
        `Cannot reach '${closed.url}': ECONNREFUSED (connection refused); check the URL and that the endpoint is running`,
      );
    });
  });
});
