import { expect } from 'chai';
import supertest from 'supertest';
import { addUser, ADMIN_SCOPE } from '../../src/auth/users.js';
import { login } from '../helpers/login.js';
import { ADMIN, createTestHost, type TestHost } from '../helpers/test-host.js';

const BOB = { username: 'bob', password: 'bob-password-1' };

describe('sessionGate', () => {
  let host: TestHost;
  before(async () => {
    host = await createTestHost(['good']);
    await addUser(host.store, BOB.username, BOB.password, false);
  });
  after(() => host.cleanup());

  it('serves the public routes when there is no session', async () => {
    const request = supertest(host.app.callback());
    expect((await request.get('/pp/v1/ping').expect(200)).body).to.deep.equal({ status: 'ok' });
    const version = await request.get('/pp/v1/version').expect(200);
    expect(version.body).to.have.keys(['proxy_version', 'database_version']);
  });

  for (const path of ['/pp/v1/info', '/pp/v1/good/hello', '/pp/v1/good/items/7', '/api/v1/auth/nothing-here']) {
    it(`answers 401 with a JSON error for ${path} when there is no session`, async () => {
      const response = await supertest(host.app.callback()).get(path).expect(401).expect('Content-Type', /json/);
      expect(response.body.status).to.equal('error');
      expect(response.body.error).to.be.a('string').and.contain('log in');
    });
  }

  it('sets ctx.state.user to the guid, name, admin flag and scopes of the session user when logged in', async () => {
    const { agent } = await login(host);
    const stored = await host.store.findUserByName(ADMIN.username);
    const { body } = await agent.get('/pp/v1/info').expect(200);
    expect(body.user).to.deep.equal({ guid: stored!.guid, name: 'admin', admin: true, scopes: stored!.scopes });
    expect(body.user.scopes).to.include(ADMIN_SCOPE);
  });

  it('marks a user without the admin scope as not admin when logged in', async () => {
    const { agent } = await login(host, BOB);
    const stored = await host.store.findUserByName(BOB.username);
    const { body } = await agent.get('/pp/v1/info').expect(200);
    expect(body.user).to.deep.equal({ guid: stored!.guid, name: 'bob', admin: false, scopes: ['stratos.user'] });
  });

  it('passes the session user to plugin routes when logged in', async () => {
    const { agent } = await login(host, BOB);
    const response = await agent.get('/pp/v1/good/hello').expect(200);
    expect(response.body.user).to.equal('bob');
    expect(response.headers['x-good-session']).to.equal('bob');
  });
});

describe('dispatchRoutes', () => {
  let host: TestHost;
  before(async () => {
    host = await createTestHost(['good']);
    await addUser(host.store, BOB.username, BOB.password, false);
  });
  after(() => host.cleanup());

  for (const path of ['/api/v1/plugins', '/pp/v1/good/admin']) {
    it(`answers ${path} when the user is an admin`, async () => {
      const { agent } = await login(host);
      await agent.get(path).expect(200);
    });

    it(`answers 403 for ${path} when the user is logged in but not an admin`, async () => {
      const { agent } = await login(host, BOB);
      const response = await agent.get(path).expect(403);
      expect(response.body).to.deep.equal({ status: 'error', error: `GET ${path} is for administrators only` });
    });

    it(`answers 401 for ${path} when there is no session`, async () => {
      const response = await supertest(host.app.callback()).get(path).expect(401);
      expect(response.body.status).to.equal('error');
    });
  }

  it('answers the plugin admin route body when the user is an admin', async () => {
    const { agent } = await login(host);
    expect((await agent.get('/pp/v1/good/admin').expect(200)).body).to.deep.equal({ admin: true });
  });

  it('answers 404 rather than 403 when a non-admin asks for a path no route serves', async () => {
    const { agent } = await login(host, BOB);
    await agent.get('/pp/v1/good/admin/nothing').expect(404);
  });
});
