import { expect } from 'chai';
import { addUser } from '../../src/auth/users.js';
import { login } from '../helpers/login.js';
import { createTestHost, type TestHost } from '../helpers/test-host.js';
import { startFixtureUpstream, type FixtureUpstream } from '../helpers/fixture-upstream.js';

const BOB = { username: 'bob', password: 'bob-password-1' };

describe('buildInfoEndpoints', () => {
  let host: TestHost;
  let upstream: FixtureUpstream;
  let guid: string;

  before(async () => {
    upstream = await startFixtureUpstream();
    host = await createTestHost(['endpoint-fixture', 'endpoint-alpha']);
    await addUser(host.store, BOB.username, BOB.password, false);
    const admin = await login(host);
    guid = (
      await admin.agent
        .post('/api/v1/endpoints?endpoint_type=fixture')
        .set('X-Xsrf-Token', admin.xsrf)
        .send({ cnsi_name: 'up', api_endpoint: `${upstream.url}/api`, cnsi_client_secret: 'shh-secret' })
        .expect(201)
    ).body.guid;
  });
  after(async () => {
    await host.cleanup();
    await upstream.close();
  });

  it('has a key for every available type, empty or not, when nobody is connected', async () => {
    const { agent } = await login(host, BOB);
    const { endpoints } = (await agent.get('/pp/v1/info').expect(200)).body;
    expect(endpoints).to.have.keys(['fixture', 'duo']);
    expect(endpoints.duo).to.deep.equal({});
    expect(endpoints.fixture).to.have.keys([guid]);
    const detail = endpoints.fixture[guid];
    expect(detail).to.deep.include({
      guid,
      name: 'up',
      cnsi_type: 'fixture',
      sub_type: 'fixture-sub',
      user: null,
      endpoint_metadata: null,
      system_shared_token: false,
      // The probe's metadata, then what the type's updateMetadata added.
      metadata: { version: '9.9', fixture_seen: true },
    });
    expect(detail.api_endpoint).to.deep.include({ Scheme: 'http', Host: new URL(upstream.url).host, Path: '/api', RawQuery: '' });
    expect(detail).not.to.have.property('client_secret');
  });

  it('gives the connected account to the caller who connected, and only to them', async () => {
    const bob = await login(host, BOB);
    await bob.agent
      .post(`/api/v1/tokens?cnsi_guid=${guid}&connect_type=creds`)
      .set('X-Xsrf-Token', bob.xsrf)
      .send({ username: 'alice', password: 'pw' })
      .expect(200);
    const mine = (await bob.agent.get('/pp/v1/info').expect(200)).body.endpoints.fixture[guid];
    expect(mine.user).to.deep.equal({ guid: 'alice', name: 'alice', admin: false });
    expect(mine.endpoint_metadata).to.deep.equal({ connected_as: 'alice' });
    const admin = await login(host);
    expect((await admin.agent.get('/pp/v1/info').expect(200)).body.endpoints.fixture[guid].user).to.equal(null);
  });

  it('gives the system-shared account to every caller when an admin connected one', async () => {
    const admin = await login(host);
    await admin.agent
      .post(`/api/v1/tokens?cnsi_guid=${guid}&connect_type=creds&system_shared=true`)
      .set('X-Xsrf-Token', admin.xsrf)
      .send({ username: 'root', password: 'pw' })
      .expect(200);
    const detail = (await admin.agent.get('/pp/v1/info').expect(200)).body.endpoints.fixture[guid];
    expect(detail.user).to.deep.equal({ guid: 'root', name: 'root', admin: true });
    expect(detail.system_shared_token).to.equal(true);
  });
});
