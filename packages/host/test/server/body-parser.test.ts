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
    const response = await agent
      .post('/pp/v1/good/echo')
      .set('X-Xsrf-Token', xsrf)
      .type('text/plain')
      .send('{"a":1}')
      .expect(200);
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

  describe('multipart', () => {
    const BOUNDARY = '----WebKitFormBoundaryoi018HmbdI5hIBVZ';
    const form = (fields: Array<[string, string]>, boundary = BOUNDARY) =>
      fields
        .map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`)
        .join('') + `--${boundary}--\r\n`;
    const post = async (body: string | Buffer, contentType = `multipart/form-data; boundary=${BOUNDARY}`) => {
      const { agent, xsrf } = await login(host);
      return agent.post('/pp/v1/good/echo').set('X-Xsrf-Token', xsrf).set('Content-Type', contentType).send(body);
    };

    it('parses string fields when the body is multipart form-data', async () => {
      const response = await post(
        form([
          ['cnsi_name', 'metrics one'],
          ['skip_ssl_validation', 'true'],
          ['ca_cert', ''],
        ]),
      );
      expect(response.status).to.equal(200);
      expect(response.body).to.deep.equal({ received: { cnsi_name: 'metrics one', skip_ssl_validation: 'true', ca_cert: '' } });
    });

    it('keeps the first value when a field is repeated, as FormValue does', async () => {
      const response = await post(
        form([
          ['a', 'first'],
          ['a', 'second'],
          ['__proto__', 'x'],
        ]),
      );
      expect(response.status).to.equal(200);
      expect(response.body.received.a).to.equal('first');
      expect(response.body.received.__proto__).to.equal('x');
    });

    it('answers 413 when the multipart body is larger than server.bodyLimit', async () => {
      const response = await post(form([['text', 'x'.repeat(2048)]]));
      expect(response.status).to.equal(413);
      expect(response.body).to.deep.equal({ status: 'error', error: 'Request body is larger than the limit of 1kb' });
    });

    it('answers 413 when a chunked multipart body grows past server.bodyLimit', async () => {
      const { agent, xsrf } = await login(host);
      const test = agent
        .post('/pp/v1/good/echo')
        .set('X-Xsrf-Token', xsrf)
        .set('Content-Type', `multipart/form-data; boundary=${BOUNDARY}`);
      // Written in pieces without a Content-Length, so only the running count can stop it.
      const body = form([['text', 'y'.repeat(3000)]]);
      for (let i = 0; i < body.length; i += 500) test.write(body.slice(i, i + 500));
      const response = await test;
      expect(response.status).to.equal(413);
    });

    it('answers 413 when the form has more fields than allowed', async () => {
      const fields = Array.from({ length: 101 }, (_, i): [string, string] => [`f${i}`, '']);
      // 101 fields do not fit in 1kb, so a host with the default 1mb limit checks the count alone.
      const wide = await createTestHost(['good']);
      try {
        const wideLogin = await login(wide);
        const response = await wideLogin.agent
          .post('/pp/v1/good/echo')
          .set('X-Xsrf-Token', wideLogin.xsrf)
          .set('Content-Type', `multipart/form-data; boundary=${BOUNDARY}`)
          .send(form(fields));
        expect(response.status).to.equal(413);
        expect(response.body.error).to.equal('Multipart body has more than 100 fields');
      } finally {
        await wide.cleanup();
      }
    });

    it('answers 400 when the multipart content type has no boundary', async () => {
      const response = await post(form([['a', '1']]), 'multipart/form-data');
      expect(response.status).to.equal(400);
      expect(response.body.error).to.match(/^Malformed multipart body/);
    });

    it('answers 400 when the multipart body is truncated', async () => {
      const response = await post(form([['a', '1']]).slice(0, 70));
      expect(response.status).to.equal(400);
      expect(response.body.error).to.match(/^Malformed multipart body/);
    });

    it('answers 400 naming the field when a part is a file', async () => {
      const body =
        `--${BOUNDARY}\r\nContent-Disposition: form-data; name="ca_cert"; filename="ca.pem"\r\n` +
        `Content-Type: application/x-pem-file\r\n\r\n-----BEGIN CERTIFICATE-----\r\n--${BOUNDARY}--\r\n`;
      const response = await post(body);
      expect(response.status).to.equal(400);
      expect(response.body.error).to.equal("Multipart field 'ca_cert' is a file; file uploads are not accepted");
    });

    it('leaves a multipart body unparsed when the path is proxied', async () => {
      const { agent, xsrf } = await login(host);
      // No endpoint is listed, so the fan-out answers without reading the body; the parser must not 400 first.
      const response = await agent
        .post('/pp/v1/proxy/v2/info')
        .set('X-Xsrf-Token', xsrf)
        .set('Content-Type', 'multipart/form-data')
        .send('not a multipart body');
      expect(response.body.error ?? '').not.to.match(/multipart/i);
      expect(response.status).to.be.below(500);
    });
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
