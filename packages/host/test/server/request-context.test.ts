import { expect } from 'chai';
import supertest from 'supertest';
import { login } from '../helpers/login.js';
import { ADMIN, createTestHost, type TestHost } from '../helpers/test-host.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('requestContext', () => {
  let host: TestHost;
  before(async () => {
    host = await createTestHost(['good']);
  });
  after(() => host.cleanup());

  it('echoes X-Request-Id when the incoming id is sane', async () => {
    const response = await supertest(host.app.callback()).get('/pp/v1/ping').set('X-Request-Id', 'abc-123.X_y').expect(200);
    expect(response.headers['x-request-id']).to.equal('abc-123.X_y');
  });

  it('replaces X-Request-Id with a new id when the incoming one is not sane', async () => {
    for (const given of ['has spaces', '<script>', 'x'.repeat(65), '']) {
      const response = await supertest(host.app.callback()).get('/pp/v1/ping').set('X-Request-Id', given).expect(200);
      expect(response.headers['x-request-id']).to.match(UUID);
    }
  });

  it('gives each request its own id when none is sent', async () => {
    const a = await supertest(host.app.callback()).get('/pp/v1/ping');
    const b = await supertest(host.app.callback()).get('/pp/v1/ping');
    expect(a.headers['x-request-id']).to.match(UUID);
    expect(b.headers['x-request-id']).to.not.equal(a.headers['x-request-id']);
  });

  it('logs method, path, status and request id when a request is done', async () => {
    await supertest(host.app.callback()).get('/pp/v1/info').set('X-Request-Id', 'access-log-1').expect(401);
    const record = host.logs.find((r) => r.fields?.requestId === 'access-log-1' && r.level === 'info');
    expect(record?.message).to.equal('GET /pp/v1/info 401');
    expect(record?.fields?.ms).to.be.a('number');
  });

  it('keeps query strings and passwords out of the log when requests carry them', async () => {
    const { agent } = await login(host);
    await agent.get('/pp/v1/good/items/9?token=query-secret-42').set('X-Request-Id', 'query-1').expect(200);
    await supertest(host.app.callback())
      .post('/pp/v1/auth/login/uaa?password=query-secret-43')
      .type('form')
      .send({ username: 'admin', password: 'body-secret-44' })
      .expect(401);
    const record = host.logs.find((r) => r.fields?.requestId === 'query-1');
    expect(record?.message).to.equal('GET /pp/v1/good/items/9 200');
    const everything = JSON.stringify(host.logs);
    expect(everything).to.contain('/pp/v1/auth/login/uaa');
    for (const secret of ['query-secret-42', 'query-secret-43', 'body-secret-44', ADMIN.password, '?token=', '?password=']) {
      expect(everything).to.not.contain(secret);
    }
  });
});

describe('securityHeaders', () => {
  let host: TestHost;
  before(async () => {
    host = await createTestHost(['good']);
  });
  after(() => host.cleanup());

  it('sets nosniff, no-store and frame denial on answers and on errors', async () => {
    const request = supertest(host.app.callback());
    for (const [path, status] of [
      ['/pp/v1/ping', 200],
      ['/pp/v1/info', 401],
      ['/elsewhere', 404],
    ] as const) {
      const response = await request.get(path).expect(status);
      expect(response.headers['x-content-type-options']).to.equal('nosniff', path);
      expect(response.headers['cache-control']).to.equal('no-store', path);
      expect(response.headers['x-frame-options']).to.equal('DENY', path);
      expect(response.headers['referrer-policy']).to.equal('no-referrer', path);
    }
  });

  it('sends no Strict-Transport-Security when served over plain HTTP', async () => {
    const response = await supertest(host.app.callback()).get('/pp/v1/ping').expect(200);
    expect(response.headers['strict-transport-security']).to.equal(undefined);
  });
});
