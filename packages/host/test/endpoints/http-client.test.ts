import { expect } from 'chai';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EndpointRequestError } from '../../src/endpoints/endpoint-request-error.js';
import { createEndpointHttp } from '../../src/endpoints/http-client.js';
import { rejectionOf } from '../helpers/caught.js';
import {
  closedPort,
  sendJson,
  startUpstream,
  testCertificate,
  type TestCertificate,
  type Upstream,
} from '../helpers/upstream.js';

const failureOf = (promise: Promise<unknown>) => rejectionOf(promise) as unknown as Promise<EndpointRequestError>;

describe('createEndpointHttp', () => {
  let plain: Upstream;
  let secure: Upstream;
  let certificate: TestCertificate;

  before(async () => {
    certificate = await testCertificate();
    const handler = (req: IncomingMessage, res: ServerResponse) => {
      const path = new URL(req.url ?? '/', 'http://upstream').pathname;
      if (path === '/slow') return; // never answers
      if (path === '/big') {
        res.writeHead(200, { 'content-type': 'text/plain', 'content-length': 4096 });
        return res.end('x'.repeat(4096));
      }
      if (path === '/big-chunked') {
        res.writeHead(200, { 'content-type': 'text/plain' });
        for (let i = 0; i < 8; i++) res.write('y'.repeat(512));
        return res.end();
      }
      if (path === '/text') {
        res.writeHead(200, { 'content-type': 'text/plain' });
        return res.end('plain words');
      }
      sendJson(res, 200, { ok: true });
    };
    [plain, secure] = await Promise.all([startUpstream(handler), startUpstream(handler, { tls: certificate })]);
  });
  after(() => Promise.all([plain.close(), secure.close()]));

  it('appends path and query to the URL and sends method, headers and body when given a request', async () => {
    const http = createEndpointHttp();
    const answer = await http.request(
      `${plain.url}/base/`,
      { skipSslValidation: false },
      {
        method: 'post',
        path: '/api/v1/things',
        query: { q: 'a b', n: '1' },
        headers: { 'X-Custom': 'yes', 'content-type': 'application/json' },
        body: '{"a":1}',
      },
    );
    const seen = plain.seen.at(-1)!;
    expect(seen.method).to.equal('POST');
    expect(seen.url).to.equal('/base/api/v1/things?q=a+b&n=1');
    expect(seen.headers['x-custom']).to.equal('yes');
    expect(seen.headers['content-length']).to.equal('7');
    expect(seen.body.toString()).to.equal('{"a":1}');
    expect(answer.status).to.equal(200);
    expect(answer.headers['content-type']).to.equal('application/json');
    expect(answer.json()).to.deep.equal({ ok: true });
  });

  it('keeps a raw query string and reads text when the answer is not JSON', async () => {
    const answer = await createEndpointHttp().request(
      plain.url,
      { skipSslValidation: false },
      { path: '/text', query: '?a=%7B1%7D' },
    );
    expect(plain.seen.at(-1)!.url).to.equal('/text?a=%7B1%7D');
    expect(answer.text()).to.equal('plain words');
    expect(Buffer.from(answer.body).toString()).to.equal('plain words');
  });

  it('fails with kind unreachable naming the host and ECONNREFUSED when nothing listens', async () => {
    const port = await closedPort();
    const error = await failureOf(createEndpointHttp().request(`http://127.0.0.1:${port}`, { skipSslValidation: false }));
    expect(error.kind).to.equal('unreachable');
    expect(error.status).to.equal(502);
    expect(error.message).to.match(new RegExp(`^Cannot reach '127\\.0\\.0\\.1:${port}': ECONNREFUSED \\(connection refused\\)`));
  });

  it('fails with kind timeout when the endpoint does not answer within the request timeout', async () => {
    const error = await failureOf(
      createEndpointHttp({ timeoutMs: 60_000 }).request(
        plain.url,
        { skipSslValidation: false },
        { path: '/slow', timeoutMs: 200 },
      ),
    );
    expect(error.kind).to.equal('timeout');
    expect(error.status).to.equal(504);
    expect(error.message).to.equal(
      `No answer from '127.0.0.1:${plain.port}' within 200 ms; check that the endpoint is up and not overloaded`,
    );
  });

  it('fails with kind tls telling how to fix it when the certificate cannot be verified', async () => {
    const error = await failureOf(createEndpointHttp().request(secure.url, { skipSslValidation: false }));
    expect(error.kind).to.equal('tls');
    expect(error.message).to.include(`The TLS certificate of '127.0.0.1:${secure.port}' could not be verified`);
    expect(error.message).to.include("give the endpoint's CA certificate (ca_cert) or enable skip_ssl_validation");
  });

  it('verifies the endpoint when its CA certificate is given', async () => {
    const answer = await createEndpointHttp().request(secure.url, { skipSslValidation: false, caCert: certificate.cert });
    expect(answer.json()).to.deep.equal({ ok: true });
  });

  it('accepts any certificate when skipSslValidation is true', async () => {
    const answer = await createEndpointHttp().request(secure.url, { skipSslValidation: true });
    expect(answer.status).to.equal(200);
  });

  it('fails with kind too-large when the answer passes the size limit', async () => {
    const http = createEndpointHttp({ maxResponseBytes: 1024 });
    for (const path of ['/big', '/big-chunked']) {
      const error = await failureOf(http.request(plain.url, { skipSslValidation: false }, { path }));
      expect(error.kind, path).to.equal('too-large');
      expect(error.message, path).to.include('is larger than 1024 bytes');
    }
  });

  it('fails with kind invalid-url when the URL is not http or https', async () => {
    const error = await failureOf(createEndpointHttp().request('ftp://127.0.0.1/x', { skipSslValidation: false }));
    expect(error.kind).to.equal('invalid-url');
    expect(error.message).to.equal("Endpoint URL 'ftp://127.0.0.1/x' is not an http or https URL; update the endpoint");
  });
});
