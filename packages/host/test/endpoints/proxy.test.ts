import { expect } from 'chai';
import { createHash } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import supertest from 'supertest';
import { createAuthTypes } from '../../src/endpoints/auth-types.js';
import { PROXIED_CONTENT_POLICY } from '../../src/endpoints/forward-request.js';
import { proxyPassthrough } from '../../src/endpoints/proxy.js';
import type { ProxyEndpoint } from '../../src/endpoints/resolve-target.js';
import { bodyParser } from '../../src/server/body-parser.js';
import { ALICE, appWith, endpointDirectory, type DirectoryToken } from '../helpers/endpoint-directory.js';
import { closedPort, startUpstream, testCertificate, type Upstream } from '../helpers/upstream.js';

const TWO_MB = 2 * 1024 * 1024;
/** Deterministic bytes, so a body that arrives reordered or cut fails the comparison. */
const pattern = (size: number) => Buffer.from(Array.from({ length: size }, (_, i) => (i * 31 + 7) % 251));
const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** Resolves with `promise`, or fails after `ms`: a proxy that buffers would otherwise hang the test. */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not happen within ${ms} ms`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

function answerUpstream(req: IncomingMessage, res: ServerResponse, body: Buffer): void {
  const path = new URL(req.url ?? '/', 'http://upstream').pathname;
  if (path.endsWith('/slow')) return;
  if (path.endsWith('/download')) {
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': TWO_MB });
    return void res.end(pattern(TWO_MB));
  }
  res.writeHead(201, 'Made', {
    'content-type': 'text/plain; charset=utf-8',
    'x-upstream': 'kept',
    'set-cookie': 'upstream-session=1; Path=/',
    'proxy-authenticate': 'Basic realm="up"',
    connection: 'x-upstream-hop',
    'x-upstream-hop': 'dropped',
  });
  res.end(`${req.method} ${req.url} ${body.byteLength} ${sha(body)}`);
}

describe('proxyPassthrough', () => {
  let plain: Upstream;
  let secure: Upstream;
  let streaming: Upstream;
  let downPort: number;
  /** Set by the streaming upstream's tests to answer a request themselves. */
  let onStreaming: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => res.end();
  let request: ReturnType<typeof supertest>;
  let app: ReturnType<typeof appWith>;
  let deps: Parameters<typeof proxyPassthrough>[0];

  before(async () => {
    const certificate = await testCertificate();
    [plain, secure, streaming, downPort] = await Promise.all([
      startUpstream((req, res, seen) => answerUpstream(req, res, seen.body)),
      startUpstream((req, res, seen) => answerUpstream(req, res, seen.body), { tls: certificate }),
      startUpstream((req, res) => onStreaming(req, res), { streaming: true }),
      closedPort(),
    ]);
    const endpoint = (guid: string, apiEndpoint: string, tls: Partial<ProxyEndpoint> = {}): ProxyEndpoint => ({
      guid,
      name: `${guid}-name`,
      apiEndpoint,
      skipSslValidation: false,
      ...tls,
    });
    const endpoints = [
      endpoint('plain', `${plain.url}/base`),
      endpoint('secure-strict', secure.url),
      endpoint('secure-ca', secure.url, { caCert: certificate.cert }),
      endpoint('secure-skip', secure.url, { skipSslValidation: true }),
      endpoint('down', `http://127.0.0.1:${downPort}`),
      endpoint('stranger', plain.url),
      endpoint('odd-auth', plain.url),
      endpoint('streaming', streaming.url),
      endpoint('HttpBasic', plain.url),
      endpoint('Bearer', plain.url),
      endpoint('Token', plain.url),
      endpoint('none', plain.url),
    ];
    const tokenOf = (endpointGuid: string, authType: string, authToken: string): DirectoryToken => ({
      endpointGuid,
      userGuid: ALICE.guid,
      token: { authType, authToken },
    });
    const tokens = [
      tokenOf('plain', 'Bearer', 'plain-token'),
      ...['secure-strict', 'secure-ca', 'secure-skip', 'down', 'streaming', 'none'].map((guid) => tokenOf(guid, 'none', '')),
      tokenOf('odd-auth', 'Vanished', 'x'),
      tokenOf('HttpBasic', 'HttpBasic', Buffer.from('alice:pw').toString('base64')),
      tokenOf('Bearer', 'Bearer', 'bearer-1'),
      tokenOf('Token', 'Token', 'token-1'),
    ];
    deps = { endpoints: endpointDirectory(endpoints, tokens), authTypes: createAuthTypes(), timeoutMs: 5000 };
    app = appWith([proxyPassthrough(deps)]);
    request = supertest(app.callback());
  });
  after(() => Promise.all([plain.close(), secure.close(), streaming.close()]));

  it('passes method, path below the API URL, query string and body when the caller is connected', async () => {
    const body = pattern(1000);
    const answer = await request
      .post('/api/v1/proxy/plain/api/v1/query?query=up%7Bjob%3D%22x%22%7D&b=2')
      .set('Content-Type', 'application/octet-stream')
      .send(body)
      .expect(201);
    const seen = plain.seen.at(-1)!;
    expect(seen.method).to.equal('POST');
    expect(seen.url).to.equal('/base/api/v1/query?query=up%7Bjob%3D%22x%22%7D&b=2');
    expect(sha(seen.body)).to.equal(sha(body));
    expect(answer.text).to.equal(`POST ${seen.url} 1000 ${sha(body)}`);
  });

  it('forwards only the headers that belong to the endpoint when the caller sends its own credentials', async () => {
    await request
      .get('/api/v1/proxy/plain/headers')
      .set('Cookie', 'console-session=abc')
      .set('Authorization', 'Basic Y2FsbGVyOnB3')
      .set('X-Xsrf-Token', 'xsrf-1')
      .set('X-Cap-Cnsi-List', 'a,b')
      .set('X-Cap-Passthrough', 'true')
      .set('Connection', 'keep-alive, X-Hop')
      .set('X-Hop', 'dropped')
      .set('Keep-Alive', 'timeout=5')
      .set('Proxy-Authorization', 'Basic cHJveHk=')
      .set('Proxy-Connection', 'keep-alive')
      .set('TE', 'trailers')
      .set('Upgrade', 'h2c')
      .set('Accept', 'application/json')
      .set('X-Custom', 'kept')
      .expect(201);
    const { headers } = plain.seen.at(-1)!;
    const { host, connection, ...rest } = headers;
    expect(host).to.equal(`127.0.0.1:${plain.port}`);
    expect(connection).to.be.oneOf(['keep-alive', 'close']);
    expect(rest).to.deep.equal({
      accept: 'application/json',
      'accept-encoding': 'gzip, deflate',
      authorization: 'Bearer plain-token',
      'x-custom': 'kept',
    });
  });

  it('answers the status and headers of the endpoint without Set-Cookie or hop-by-hop headers', async () => {
    const answer = await request.get('/api/v1/proxy/plain/anything').expect(201);
    expect(answer.headers).to.include({ 'x-upstream': 'kept', 'content-type': 'text/plain; charset=utf-8' });
    expect(answer.headers).not.to.have.any.keys('set-cookie', 'proxy-authenticate', 'x-upstream-hop');
  });

  it('sandboxes whatever the endpoint answers when it sends an HTML page with its own policy', async () => {
    onStreaming = (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html', 'content-security-policy': 'default-src *' });
      res.end('<script>document.title = "ran"</script>');
    };
    try {
      const answer = await request.get('/api/v1/proxy/streaming/page').expect(200);
      expect(answer.headers['content-type']).to.equal('text/html');
      expect(answer.headers['content-security-policy']).to.equal(PROXIED_CONTENT_POLICY);
    } finally {
      onStreaming = (_req, res) => res.end();
    }
  });

  it('authenticates with each built-in auth type when the token names it', async () => {
    const expected: Record<string, string | undefined> = {
      HttpBasic: `Basic ${Buffer.from('alice:pw').toString('base64')}`,
      Bearer: 'Bearer bearer-1',
      Token: 'token token-1',
      none: undefined,
    };
    for (const [guid, authorization] of Object.entries(expected)) {
      await request.get(`/api/v1/proxy/${guid}/who`).set('Authorization', 'Basic Y2FsbGVyOnB3').expect(201);
      expect(plain.seen.at(-1)!.headers.authorization, guid).to.equal(authorization);
    }
  });

  it('carries 2 MB each way intact when bodies are large', async () => {
    const upload = pattern(TWO_MB);
    const answer = await request
      .put('/api/v1/proxy/plain/upload')
      .set('Content-Type', 'application/octet-stream')
      .send(upload)
      .expect(201);
    expect(answer.text).to.equal(`PUT /base/upload ${TWO_MB} ${sha(upload)}`);
    const download = await request
      .get('/api/v1/proxy/plain/download')
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(sha(download.body as Buffer)).to.equal(sha(pattern(TWO_MB)));
  });

  describe('streaming', () => {
    let server: http.Server;
    let base: string;
    before(async () => {
      // A real listener: the test must read the answer while it is still being written.
      server = http.createServer(app.callback());
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    after(
      () =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    );

    it('delivers the first part of an answer before the endpoint has written the rest', async () => {
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      onStreaming = (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.write('first part;');
        void released.then(() => res.end('second part'));
      };
      const answer = await new Promise<IncomingMessage>((resolve, reject) =>
        http.get(`${base}/api/v1/proxy/streaming/parts`, resolve).on('error', reject),
      );
      let text = '';
      answer.setEncoding('utf8');
      const firstPart = new Promise<void>((resolve) =>
        answer.on('data', (chunk: string) => {
          text += chunk;
          if (text.includes('first part;')) resolve();
        }),
      );
      await within(firstPart, 3000, 'the first part reaching the client');
      expect(text).to.equal('first part;');
      release();
      await new Promise((resolve) => answer.on('end', resolve));
      expect(text).to.equal('first part;second part');
    });

    it('cuts the answer short when the endpoint drops the connection mid-answer', async () => {
      onStreaming = (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/plain', 'content-length': 1000 });
        res.write('only part;', () => setTimeout(() => res.destroy(), 20));
      };
      const answer = await new Promise<IncomingMessage>((resolve, reject) =>
        http.get(`${base}/api/v1/proxy/streaming/dropped`, resolve).on('error', reject),
      );
      const ending = new Promise<string>((resolve) => {
        answer.on('error', () => resolve('error'));
        answer.on('end', () => resolve('end'));
        answer.resume();
      });
      expect(await within(ending, 3000, 'the cut reaching the client')).to.equal('error');
      expect(answer.complete).to.equal(false);
    });

    it('delivers the first part of a request body before the caller has sent the rest', async () => {
      let firstSeen!: () => void;
      const seenFirst = new Promise<void>((resolve) => (firstSeen = resolve));
      onStreaming = (req, res) => {
        let text = '';
        req.setEncoding('utf8');
        req.on('data', (chunk: string) => {
          text += chunk;
          if (text.startsWith('first;')) firstSeen();
        });
        req.on('end', () => res.end(`received ${text}`));
      };
      const call = http.request(`${base}/api/v1/proxy/streaming/up`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain' },
      });
      const answered = new Promise<string>((resolve, reject) => {
        call.on('response', (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          res.on('end', () => resolve(text));
        });
        call.on('error', reject);
      });
      call.write('first;');
      await within(seenFirst, 3000, 'the first part reaching the endpoint');
      call.end('second');
      expect(await answered).to.equal('received first;second');
    });
  });

  it('streams the body untouched when the host body parser runs first', async () => {
    const parsed = supertest(appWith([bodyParser('1mb'), proxyPassthrough(deps)]).callback());
    const json = '{ "name": "n",  "list": [1, 2] }';
    await parsed.post('/api/v1/proxy/plain/json').type('json').send(json).expect(201);
    expect(plain.seen.at(-1)!.body.toString()).to.equal(json);
    await parsed.post('/api/v1/proxy/plain/form').type('form').send('b=x+y&a=1').expect(201);
    expect(plain.seen.at(-1)!.body.toString()).to.equal('b=x+y&a=1');
  });

  it('answers 502 telling how to fix it when the certificate cannot be verified, and 200 with a CA or skip-SSL', async () => {
    const { body } = await request.get('/api/v1/proxy/secure-strict/x').expect(502);
    expect(body.status).to.equal('error');
    expect(body.error).to.include(
      `The TLS certificate of '127.0.0.1:${secure.port}' for endpoint 'secure-strict-name' could not be verified`,
    );
    expect(body.error).to.include("give the endpoint's CA certificate (ca_cert) or enable skip_ssl_validation");
    await request.get('/api/v1/proxy/secure-ca/x').expect(201);
    await request.get('/api/v1/proxy/secure-skip/x').expect(201);
  });

  it('answers 502 saying the connection was refused when nothing listens', async () => {
    const { body } = await request.get('/api/v1/proxy/down/x').expect(502);
    expect(body).to.deep.equal({
      status: 'error',
      error: `Cannot reach '127.0.0.1:${downPort}' for endpoint 'down-name': ECONNREFUSED (connection refused); check the URL and that the endpoint is running`,
    });
  });

  it('answers 504 when the endpoint does not answer in time', async () => {
    const quick = supertest(appWith([proxyPassthrough({ ...deps, timeoutMs: 250 })]).callback());
    const { body } = await quick.get('/api/v1/proxy/plain/slow').expect(504);
    expect(body.error).to.equal(
      `No answer from '127.0.0.1:${plain.port}' for endpoint 'plain-name' within 250 ms; check that the endpoint is up and not overloaded`,
    );
  });

  it('answers 404 when no endpoint has the guid', async () => {
    const { body } = await request.get('/api/v1/proxy/nope/x').expect(404);
    expect(body).to.deep.equal({
      status: 'error',
      error: "Endpoint 'nope' is not registered; list the endpoints with GET /api/v1/endpoints",
    });
  });

  it('answers 403 saying to connect first when the caller has no token', async () => {
    const { body } = await request.get('/api/v1/proxy/stranger/x').expect(403);
    expect(body.error).to.equal(
      "You are not connected to endpoint 'stranger-name'; connect first with POST /api/v1/tokens (cnsi_guid=stranger)",
    );
  });

  it('answers 503 when the token auth type is no longer registered', async () => {
    const { body } = await request.get('/api/v1/proxy/odd-auth/x').expect(503);
    expect(body.error).to.include("auth type 'Vanished'");
  });

  describe('paths that would leave the API URL', () => {
    /** GETs `path` exactly as written (supertest would resolve a backslash), answering status and body. */
    async function rawGet(path: string): Promise<{ status: number; text: string }> {
      const server = app.listen(0, '127.0.0.1');
      await new Promise((resolve) => server.once('listening', resolve));
      try {
        const { port } = server.address() as AddressInfo;
        return await new Promise((resolve, reject) => {
          http
            .get({ host: '127.0.0.1', port, path }, (res) => {
              let text = '';
              res.setEncoding('utf8');
              res.on('data', (chunk: string) => (text += chunk));
              res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
            })
            .on('error', reject);
        });
      } finally {
        server.close();
      }
    }

    const escapes = [
      '/../../other-service/admin',
      '/%2e%2e/%2e%2e/other-service/admin',
      '/%2E%2e/%2e%2E/other-service/admin',
      '/.%2e/.%2E/other-service/admin',
      '/api/./../../../other-service/admin',
      '/api/%2e/x',
      '/..%2f..%2fother-service/admin',
      '/..%5c..%5cother-service/admin',
      '/..',
    ];

    it('answers 400 and never calls the endpoint when the path has dot segments, however encoded', async () => {
      const before = plain.seen.length;
      for (const path of escapes) {
        const { body } = await request.get(`/api/v1/proxy/plain${path}`).expect(400);
        expect(body.error, path).to.equal(
          `The path '${path}' has a '.' or '..' segment (plain or percent-encoded), which would leave the endpoint's API URL; send the path without them`,
        );
      }
      expect(plain.seen.slice(before)).to.deep.equal([]);
    });

    it('answers 400 and never calls the endpoint when the path climbs with backslashes', async () => {
      const before = plain.seen.length;
      const answer = await rawGet('/api/v1/proxy/plain/..\\..\\other-service/admin');
      expect(answer.status, answer.text).to.equal(400);
      expect((JSON.parse(answer.text) as { error: string }).error).to.include("has a '.' or '..' segment");
      expect(plain.seen.slice(before)).to.deep.equal([]);
    });

    it('passes segments that only contain dots among other characters', async () => {
      await request.get('/api/v1/proxy/plain/v1/...x/a..b/.well-known/file.json').expect(201);
      expect(plain.seen.at(-1)!.url).to.equal('/base/v1/...x/a..b/.well-known/file.json');
      expect(plain.seen.at(-1)!.headers.authorization).to.equal('Bearer plain-token');
    });
  });

  it('passes other paths on when the path is not a proxy path', async () => {
    const { body } = await request.get('/api/v1/proxyx/plain').expect(418);
    expect(body).to.deep.equal({ fellThrough: '/api/v1/proxyx/plain' });
  });
});
