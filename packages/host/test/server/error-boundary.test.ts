import { expect } from 'chai';
import supertest from 'supertest';
import { login } from '../helpers/login.js';
import { ADMIN, createTestHost, type TestHost } from '../helpers/test-host.js';

const errorRecords = (host: TestHost) => host.logs.filter((record) => record.level === 'error');

describe('errorBoundary', () => {
  let host: TestHost;
  before(async () => {
    host = await createTestHost(['good']);
  });
  after(() => host.cleanup());

  it('answers 500 without the internal message when a plugin route throws', async () => {
    const { agent } = await login(host);
    const response = await agent.get('/pp/v1/good/boom').expect(500).expect('Content-Type', /json/);
    expect(response.body).to.deep.equal({ status: 'error', error: 'Internal Server Error' });
    expect(response.text).to.not.contain('secret internal detail');
  });

  it('logs the error with the plugin id and request id when a plugin route throws', async () => {
    const { agent } = await login(host);
    const response = await agent.get('/pp/v1/good/boom').set('X-Request-Id', 'boom-request-1').expect(500);
    expect(response.headers['x-request-id']).to.equal('boom-request-1');
    const record = errorRecords(host).find((r) => r.fields?.requestId === 'boom-request-1');
    expect(record, 'an error record for the request').to.not.equal(undefined);
    expect(record!.fields).to.include({ plugin: 'good', method: 'GET', path: '/pp/v1/good/boom' });
    expect(record!.message).to.contain("plugin 'good'");
    expect(String(record!.fields!.error)).to.contain('secret internal detail');
  });

  it('passes the status and message of a PluginError when it is a 4xx', async () => {
    const { agent } = await login(host);
    const response = await agent.get('/pp/v1/good/missing').expect(404);
    expect(response.body).to.deep.equal({ status: 'error', error: 'No such item' });
  });

  it('shows a 5xx message only when the error is marked expose', async () => {
    const { agent } = await login(host);
    const response = await agent.get('/pp/v1/good/unavailable').expect(503);
    expect(response.body).to.deep.equal({ status: 'error', error: 'Upstream is down for maintenance' });
    const record = errorRecords(host).find((r) => r.fields?.path === '/pp/v1/good/unavailable');
    expect(record?.fields).to.include({ plugin: 'good' });
  });

  it('logs nothing at error level when the error is a 4xx', async () => {
    const { agent } = await login(host);
    const before = errorRecords(host).length;
    await agent.get('/pp/v1/good/missing').set('X-Request-Id', 'missing-1').expect(404);
    await agent.get('/pp/v1/nowhere').expect(404);
    expect(errorRecords(host).length).to.equal(before);
  });
});

describe('errorBoundary attribution', () => {
  let host: TestHost;
  before(async () => {
    host = await createTestHost(['good']);
  });
  after(() => host.cleanup());

  it('does not blame a plugin whose middleware only called next() when a core handler throws', async () => {
    // With the store closed, the core login handler fails below the plugin's public middleware.
    await host.store.close();
    const response = await supertest(host.app.callback())
      .post('/pp/v1/auth/login/uaa')
      .set('X-Request-Id', 'store-down-1')
      .type('form')
      .send(ADMIN)
      .expect(500);
    expect(response.body).to.deep.equal({ status: 'error', error: 'Internal Server Error' });
    // The plugin's public middleware did run on the way in.
    expect(response.headers['x-good-public']).to.equal('1');
    const record = errorRecords(host).find((r) => r.fields?.requestId === 'store-down-1');
    expect(record, 'an error record for the request').to.not.equal(undefined);
    expect(record!.fields).to.not.have.property('plugin');
    expect(record!.message).to.equal('request failed');
  });
});
