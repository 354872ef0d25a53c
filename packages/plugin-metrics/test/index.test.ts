import { expect } from 'chai';
import { fileURLToPath } from 'node:url';
import { login } from '../../host/test/helpers/login.js';
import { createTestHost, type TestHost } from '../../host/test/helpers/test-host.js';
import plugin, { createMetricsPlugin } from '../src/index.js';

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const OPS = ['query', 'query_range', 'series', 'labels', 'label/:name/values'];

describe('createMetricsPlugin', () => {
  it('returns a branded plugin with its own state when called twice', () => {
    const a = createMetricsPlugin();
    expect(a.$$type).to.equal('@stratos/Plugin');
    expect(a).to.not.equal(createMetricsPlugin());
    expect(plugin.$$type).to.equal('@stratos/Plugin');
  });

  describe('loaded from the repository root, as `npm start` resolves it', () => {
    let host: TestHost;
    before(async () => {
      host = await createTestHost(['@stratos/plugin-metrics'], { dir: REPO_ROOT });
    });
    after(() => host?.cleanup());

    it('is active with the metrics endpoint type and its routes when listed in the config', async () => {
      const { agent } = await login(host);
      const [status] = (await agent.get('/api/v1/plugins').expect(200)).body;
      expect(status).to.include({
        id: 'metrics',
        package: '@stratos/plugin-metrics',
        version: '1.0.0',
        state: 'active',
        error: null,
      });
      expect(status.provides.endpointType).to.equal('metrics');
      expect(status.provides.sessionRoutes).to.deep.equal(OPS.map((op) => `GET /pp/v1/metrics/:guid/${op}`));
      expect(status.provides.adminRoutes).to.deep.equal(OPS.map((op) => `GET /pp/v1/metrics/admin/:metricsGuid/${op}`));
    });

    it('shows in /pp/v1/info with an empty metrics endpoint list when nothing is registered', async () => {
      const { agent } = await login(host);
      const { body } = await agent.get('/pp/v1/info').expect(200);
      expect(body.plugins).to.deep.equal({ metrics: true });
      expect(body.endpoints).to.deep.equal({ metrics: {} });
    });
  });

  it('fails to load with the config path when a mapping entry has no url', async () => {
    const host = await createTestHost(
      [{ package: '@stratos/plugin-metrics', config: { mappings: { 'http://p:9090': [{ job: 'x' }] } } }],
      {
        dir: REPO_ROOT,
      },
    );
    try {
      const [status] = host.plugins();
      expect(status!.state).to.equal('failed');
      expect(status!.error?.code).to.equal('STRATOS_ERR_PLUGIN_INVALID_CONFIG');
      expect(status!.error?.message).to.equal(
        `Plugin 'metrics' has invalid config at /mappings/http:~1~1p:9090/0: missing required property 'url'; received an object with keys 'job'; fix its "config" entry in the config file`,
      );
    } finally {
      await host.cleanup();
    }
  });
});
