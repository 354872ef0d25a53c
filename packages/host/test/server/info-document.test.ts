import { expect } from 'chai';
import { addUser } from '../../src/auth/users.js';
import { HOST_VERSION } from '../../src/version.js';
import { login } from '../helpers/login.js';
import { createTestHost, type TestHost } from '../helpers/test-host.js';

describe('buildInfo', () => {
  let host: TestHost;
  before(async () => {
    host = await createTestHost(['good', { package: 'http-parked', enabled: false }, 'http-not-installed']);
  });
  after(() => host.cleanup());

  it('answers the document the console reads when logged in', async () => {
    const { agent } = await login(host);
    const { body } = await agent.get('/pp/v1/info').expect(200);
    expect(body).to.include.all.keys('version', 'user', 'endpoints', 'plugins', 'plugin-config', 'config');
    expect(body.version).to.deep.equal({ proxy_version: HOST_VERSION, database_version: host.store.schemaVersion });
    expect(body.user).to.have.keys(['guid', 'name', 'admin', 'scopes']);
    expect(body.endpoints).to.be.an('object').that.is.not.an('array');
    expect(body['plugin-config']).to.deep.equal({});
  });

  it('marks active plugins true and disabled or failed ones false', async () => {
    const { agent } = await login(host);
    const { body } = await agent.get('/pp/v1/info').expect(200);
    expect(body.plugins).to.deep.equal({ good: true, 'http-parked': false, 'http-not-installed': false });
  });

  it('sends the console settings with their types', async () => {
    const { agent } = await login(host);
    const { config } = (await agent.get('/pp/v1/info').expect(200)).body;
    expect(config).to.have.keys([
      'enableTechPreview',
      'listMaxSize',
      'listAllowLoadMaxed',
      'APIKeysEnabled',
      'homeViewShowFavoritesOnly',
      'userEndpointsEnabled',
    ]);
    expect(config.enableTechPreview).to.be.a('boolean');
    expect(config.listMaxSize).to.be.a('number');
    expect(config.APIKeysEnabled).to.be.a('string');
  });

  it('describes the deployment in diagnostics when the user is an admin', async () => {
    const { agent } = await login(host);
    const { diagnostics } = (await agent.get('/pp/v1/info').expect(200)).body;
    expect(diagnostics).to.deep.equal({
      deploymentType: 'node',
      databaseBackend: 'sqlite',
      hostVersion: HOST_VERSION,
      nodeVersion: process.versions.node,
      databaseSchemaVersion: host.store.schemaVersion,
      pluginsActive: 1,
      pluginsConfigured: 3,
      endpointTypes: [],
    });
  });

  it('leaves diagnostics out when the user is not an admin', async () => {
    await addUser(host.store, 'dora', 'dora-password-1', false);
    const { agent } = await login(host, { username: 'dora', password: 'dora-password-1' });
    const { body } = await agent.get('/pp/v1/info').expect(200);
    expect(body).to.include.all.keys('version', 'user', 'config');
    expect(body).not.to.have.property('diagnostics');
  });
});
