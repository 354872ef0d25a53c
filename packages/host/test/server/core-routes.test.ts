import { expect } from 'chai';
import supertest from 'supertest';
import { HOST_VERSION } from '../../src/version.js';
import { login } from '../helpers/login.js';
import { createTestHost, type TestHost, GOOD_PROVIDES } from '../helpers/test-host.js';

describe('createCoreRouters', () => {
  let host: TestHost;
  before(async () => {
    host = await createTestHost(['good', { package: 'http-parked', enabled: false }, 'http-not-installed']);
  });
  after(() => host.cleanup());

  it('answers ping and version without a session', async () => {
    const request = supertest(host.app.callback());
    await request.get('/pp/v1/ping').expect(200, { status: 'ok' });
    const version = await request.get('/pp/v1/version').expect(200);
    expect(version.body).to.deep.equal({ proxy_version: HOST_VERSION, database_version: host.store.schemaVersion });
    expect(version.body.database_version).to.be.a('number').greaterThan(0);
  });

  describe('GET /api/v1/plugins', () => {
    it('lists every configured plugin with its state, in config order, for an admin', async () => {
      const { agent } = await login(host);
      const { body } = await agent.get('/api/v1/plugins').expect(200);
      expect(body.map((p: { id: string }) => p.id)).to.deep.equal(['good', 'http-parked', 'http-not-installed']);
      for (const plugin of body) {
        expect(plugin).to.include.all.keys('id', 'package', 'version', 'sdk', 'state', 'provides', 'initMs', 'error');
      }
      expect(body).to.deep.equal(host.plugins().map((p) => JSON.parse(JSON.stringify(p))));
    });

    it('reports what an active plugin provides and how long its init took', async () => {
      const { agent } = await login(host);
      const good = (await agent.get('/api/v1/plugins').expect(200)).body[0];
      expect(good).to.include({ id: 'good', package: 'good', version: '1.2.3', sdk: '^1.0.0', state: 'active', error: null });
      expect(good.initMs).to.be.a('number').at.least(0);
      expect(good.provides).to.deep.equal(GOOD_PROVIDES);
    });

    it('reports a disabled plugin without an error or load time', async () => {
      const { agent } = await login(host);
      const parked = (await agent.get('/api/v1/plugins').expect(200)).body[1];
      expect(parked).to.include({ id: 'http-parked', package: 'http-parked', state: 'disabled', initMs: null, error: null });
    });

    it('reports the code and message of a plugin that failed to load', async () => {
      const { agent } = await login(host);
      const missing = (await agent.get('/api/v1/plugins').expect(200)).body[2];
      expect(missing).to.include({ id: 'http-not-installed', state: 'failed', initMs: null, version: null });
      expect(missing.error.code).to.equal('STRATOS_ERR_LOADER_NOT_INSTALLED');
      expect(missing.error.message).to.contain("'http-not-installed' is not installed");
      expect(missing.provides.sessionRoutes).to.deep.equal([]);
    });
  });
});
