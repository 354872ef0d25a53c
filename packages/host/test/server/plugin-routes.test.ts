import { expect } from 'chai';
import supertest from 'supertest';
import { login } from '../helpers/login.js';
import { createTestHost, type TestHost } from '../helpers/test-host.js';

describe('plugin routes', () => {
  let host: TestHost;
  before(async () => {
    host = await createTestHost([{ package: 'good', config: { greeting: 'hi' } }]);
  });
  after(() => host.cleanup());

  it('serves a session route with the plugin config and user when logged in', async () => {
    const { agent } = await login(host);
    const response = await agent.get('/pp/v1/good/hello').expect(200);
    expect(response.body).to.deep.equal({ greeting: 'hi', user: 'admin' });
    expect(response.headers['x-good-public']).to.equal('1');
    expect(response.headers['x-good-session']).to.equal('admin');
  });

  it('answers 401 for a session route without a session, after running only public middleware', async () => {
    const response = await supertest(host.app.callback()).get('/pp/v1/good/hello').expect(401);
    expect(response.body.status).to.equal('error');
    expect(response.headers['x-good-public']).to.equal('1');
    expect(response.headers['x-good-session']).to.equal(undefined);
  });
});
