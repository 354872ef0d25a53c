import { expect } from 'chai';
import supertest from 'supertest';
import { createXsrfToken, XSRF_HEADER } from '../../src/auth/xsrf.js';
import { login } from '../helpers/login.js';
import { ADMIN, createTestHost, type TestHost } from '../helpers/test-host.js';

describe('createXsrfToken', () => {
  it('returns a new random token when called twice', () => {
    const a = createXsrfToken();
    expect(a.length).to.be.at.least(32);
    expect(createXsrfToken()).to.not.equal(a);
  });
});

describe('xsrfCheck', () => {
  let host: TestHost;
  before(async () => {
    host = await createTestHost(['good']);
  });
  after(() => host.cleanup());

  it('answers 403 naming the header when a POST has no token', async () => {
    const { agent } = await login(host);
    const response = await agent.post('/pp/v1/good/echo').send({ a: 1 }).expect(403);
    expect(response.body.status).to.equal('error');
    expect(response.body.error).to.contain(XSRF_HEADER);
  });

  it('answers 403 when the token is wrong', async () => {
    const { agent, xsrf } = await login(host);
    // Same length as the real token, so the comparison itself has to tell them apart.
    const wrong = (xsrf[0] === 'A' ? 'B' : 'A') + xsrf.slice(1);
    await agent.post('/pp/v1/good/echo').set(XSRF_HEADER, wrong).send({ a: 1 }).expect(403);
    await agent.post('/pp/v1/good/echo').set(XSRF_HEADER, `${xsrf}x`).send({ a: 1 }).expect(403);
    await agent.post('/pp/v1/good/echo').set(XSRF_HEADER, '').send({ a: 1 }).expect(403);
  });

  it('answers 403 when the token belongs to another session', async () => {
    const first = await login(host);
    const second = await login(host);
    expect(second.xsrf).to.not.equal(first.xsrf);
    await second.agent.post('/pp/v1/good/echo').set(XSRF_HEADER, first.xsrf).send({ a: 1 }).expect(403);
  });

  it('lets the request through and echoes the JSON body when the token is right', async () => {
    const { agent, xsrf } = await login(host);
    const body = { name: 'x', nested: { list: [1, 2] } };
    const response = await agent.post('/pp/v1/good/echo').set(XSRF_HEADER, xsrf).send(body).expect(200);
    expect(response.body).to.deep.equal({ received: body });
  });

  it('accepts the header in the console spelling when the token is right', async () => {
    const { agent, xsrf } = await login(host);
    await agent.post('/pp/v1/good/echo').set('X-XSRF-TOKEN', xsrf).send({ a: 1 }).expect(200);
  });

  it('needs no token when the method is GET', async () => {
    const { agent } = await login(host);
    await agent.get('/pp/v1/good/items/3').expect(200, { id: '3' });
  });

  it('checks the session before the token when there is no session', async () => {
    await supertest(host.app.callback()).post('/pp/v1/good/echo').send({ a: 1 }).expect(401);
  });

  it('needs no token for login and logout when the header is sent empty', async () => {
    const agent = supertest.agent(host.app.callback());
    await agent.post('/pp/v1/auth/login/uaa').set(XSRF_HEADER, '').type('form').send(ADMIN).expect(200);
    const response = await agent.post('/pp/v1/auth/logout').set(XSRF_HEADER, '').expect(200);
    expect(response.body).to.deep.equal({ isSSO: false });
    await agent.get('/pp/v1/info').expect(401);
  });
});
