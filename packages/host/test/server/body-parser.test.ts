import { expect } from 'chai';
import supertest from 'supertest';
import { readField } from '../../src/server/body-parser.js';
import { login } from '../helpers/login.js';
import { createTestHost, type TestHost } from '../helpers/test-host.js';

describe('bodyParser', () => {
  let host: TestHost;
  before(async () => {
    host = await createTestHost(['good'], {
      server: { host: '127.0.0.1', port: 0, bodyLimit: '1kb', shutdownTimeoutMs: 2000 },
    });
  });
  after(() => host.cleanup());

  it('parses a JSON body when it is within the limit', async () => {
    const { agent, xsrf } = await login(host);
    const body = { text: 'x'.repeat(500) };
    const response = await agent.post('/pp/v1/good/echo').set('X-Xsrf-Token', xsrf).send(body).expect(200);
    expect(response.body).to.deep.equal({ received: body });
  });

  it('parses an urlencoded body into strings when the body is a form', async () => {
    const { agent, xsrf } = await login(host);
    const response = await agent.post('/pp/v1/good/echo').set('X-Xsrf-Token', xsrf).type('form').send('a=1&b=two').expect(200);
    expect(response.body).to.deep.equal({ received: { a: '1', b: 'two' } });
  });

  it('leaves the body unparsed when the content type is neither JSON nor a form', async () => {
    const { agent, xsrf } = await login(host);
    const response = await agent.post('/pp/v1/good/echo').set('X-Xsrf-Token', xsrf).type('text/plain').send('{"a":1}').expect(200);
    expect(response.body).to.deep.equal({});
  });

  it('answers 400 with a JSON error when the JSON body is malformed', async () => {
    const { agent, xsrf } = await login(host);
    const response = await agent
      .post('/pp/v1/good/echo')
      .set('X-Xsrf-Token', xsrf)
      .type('json')
      .send('{"a": 1,')
      .expect(400)
      .expect('Content-Type', /json/);
    expect(response.body.status).to.equal('error');
    expect(response.body.error).to.match(/^Malformed JSON body/);
  });

  it('answers 413 when the body is larger than server.bodyLimit', async () => {
    const { agent, xsrf } = await login(host);
    const response = await agent
      .post('/pp/v1/good/echo')
      .set('X-Xsrf-Token', xsrf)
      .send({ text: 'x'.repeat(2048) })
      .expect(413);
    expect(response.body).to.deep.equal({ status: 'error', error: 'Request body is larger than the limit of 1kb' });
  });

  it('answers 413 for an oversize form before the session is checked', async () => {
    const response = await supertest(host.app.callback())
      .post('/pp/v1/auth/login/uaa')
      .type('form')
      .send(`username=admin&password=${'p'.repeat(2048)}`)
      .expect(413);
    expect(response.body.status).to.equal('error');
  });
});

describe('readField', () => {
  const ctx = (body: unknown, query: Record<string, unknown> = {}) => ({ request: { body }, query });

  it('reads the body first and the query string second', () => {
    expect(readField(ctx({ name: 'from-body' }, { name: 'from-query' }), 'name')).to.equal('from-body');
    expect(readField(ctx({}, { name: 'from-query' }), 'name')).to.equal('from-query');
    expect(readField(ctx(undefined, { name: 'from-query' }), 'name')).to.equal('from-query');
  });

  it('turns numbers and booleans into strings when JSON sends them', () => {
    expect(readField(ctx({ n: 5, b: false }), 'n')).to.equal('5');
    expect(readField(ctx({ n: 5, b: false }), 'b')).to.equal('false');
  });

  it('returns undefined when the field is missing or not a scalar', () => {
    expect(readField(ctx({ list: ['a'], obj: { a: 1 } }), 'list')).to.equal(undefined);
    expect(readField(ctx({ list: ['a'], obj: { a: 1 } }), 'obj')).to.equal(undefined);
    expect(readField(ctx({}), 'absent')).to.equal(undefined);
    expect(readField(ctx('a string body'), 'length')).to.equal(undefined);
  });
});
