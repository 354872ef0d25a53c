import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generate } from 'selfsigned';
import { listen, type Listening } from '../../src/server/listen.js';
import { listenError } from '../../src/server/listen-error.js';
import { ADMIN, createTestHost, type TestHost } from '../helpers/test-host.js';
import { rejectionOf } from '../helpers/caught.js';

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** One real request over the network, to 127.0.0.1 only. */
function send(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string; agent?: http.Agent } = {},
): Promise<Answer> {
  const client = url.startsWith('https:') ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.request(
      url,
      { method: options.method ?? 'GET', headers: options.headers, agent: options.agent },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () => resolve({ status: response.statusCode!, headers: response.headers, body }));
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(options.body);
  });
}

describe('listen', () => {
  let host: TestHost;
  let listening: Listening | undefined;
  before(async () => {
    host = await createTestHost(['good', 'http-slow']);
  });
  afterEach(async () => {
    await listening?.close(1000);
    listening = undefined;
  });
  after(() => host.cleanup());

  it('serves real HTTP requests on 127.0.0.1 when the port is 0', async () => {
    listening = await listen(host.app, { ...host.config.server, port: 0 });
    expect(listening.url).to.match(/^http:\/\/127\.0\.0\.1:\d+$/);
    const answer = await send(`${listening.url}/pp/v1/ping`);
    expect(answer.status).to.equal(200);
    expect(JSON.parse(answer.body)).to.deep.equal({ status: 'ok' });
  });

  /** Writes `raw` on a fresh socket and resolves with everything the server sent back before closing. */
  function sendRaw(url: string, raw: string): Promise<string> {
    const { hostname, port } = new URL(url);
    return new Promise((resolve, reject) => {
      const socket = net.connect(Number(port), hostname, () => socket.end(raw));
      let received = '';
      socket.setEncoding('utf8');
      socket.on('data', (chunk: string) => (received += chunk));
      socket.on('close', () => resolve(received));
      socket.on('error', reject);
    });
  }

  const refusedByParser = [
    { what: 'a malformed request line', raw: 'NOT HTTP AT ALL\r\n\r\n', status: 400 },
    {
      what: 'a Content-Length that is not a number',
      raw: 'POST /pp/v1/ping HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n',
      status: 400,
    },
    {
      what: 'headers over the size limit',
      raw: `GET /pp/v1/ping HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
      status: 431,
    },
  ];
  for (const { what, raw, status } of refusedByParser) {
    it(`answers ${status} as a JSON error when Node's parser refuses ${what}`, async () => {
      listening = await listen(host.app, { ...host.config.server, port: 0 });
      const answer = await sendRaw(listening.url, raw);
      const [head, body] = answer.split('\r\n\r\n');
      expect(head!.split('\r\n')[0]).to.equal(`HTTP/1.1 ${status} ${http.STATUS_CODES[status]}`);
      expect(head).to.match(/content-type: application\/json/i);
      const parsed = JSON.parse(body!);
      expect(parsed.status).to.equal('error');
      expect(parsed.error).to.be.a('string').and.not.have.lengthOf(0);
      // The server is still serving.
      expect((await send(`${listening.url}/pp/v1/ping`)).status).to.equal(200);
    });
  }

  it('lets an in-flight request finish before close() resolves when the client keeps connections alive', async () => {
    const server = await listen(host.app, { ...host.config.server, port: 0 });
    let answered = false;
    const arrived = new Promise<void>((resolve) =>
      server.server.once('request', (_req, res: http.ServerResponse) => {
        res.once('finish', () => (answered = true));
        resolve();
      }),
    );
    const agent = new http.Agent({ keepAlive: true });
    try {
      const slow = send(`${server.url}/pp/v1/http-slow/wait`, { agent });
      await arrived;
      await server.close(10_000);
      expect(answered, 'the answer was sent when close() resolved').to.equal(true);
      expect(server.server.listening).to.equal(false);
      const answer = await slow;
      expect(answer.status).to.equal(200);
      expect(JSON.parse(answer.body)).to.deep.equal({ waitedMs: 300 });
    } finally {
      agent.destroy();
    }
  });

  it('refuses new connections once close() was called', async () => {
    const server = await listen(host.app, { ...host.config.server, port: 0 });
    const closing = server.close(1000);
    const error = await rejectionOf(send(`${server.url}/pp/v1/ping`));
    await closing;
    expect(error.code).to.equal('ECONNREFUSED');
  });

  it('throws STRATOS_ERR_SERVER_LISTEN when the port is in use', async () => {
    listening = await listen(host.app, { ...host.config.server, port: 0 });
    const port = Number(new URL(listening.url).port);
    const error = await rejectionOf(listen(host.app, { ...host.config.server, port }));
    expect(error.code).to.equal('STRATOS_ERR_SERVER_LISTEN');
    expect(error.message).to.contain(`'127.0.0.1:${port}'`).and.contain('EADDRINUSE');
    expect(error.message).to.contain(`port ${port} is in use by another process`).and.contain('STRATOS_PORT');
  });

  it('says the host address is not of this machine, naming STRATOS_HOST, when the host does not resolve', async () => {
    // A label longer than 63 characters fails in the local resolver: no DNS query leaves the machine.
    const bad = `${'x'.repeat(64)}.invalid`;
    const error = await rejectionOf(listen(host.app, { ...host.config.server, host: bad, port: 0 }));
    expect(error.code).to.equal('STRATOS_ERR_SERVER_LISTEN');
    expect(error.message).to.contain(`the host address '${bad}' does not resolve or is not an address of this machine`);
    expect(error.message).to.contain('STRATOS_HOST').and.contain('ENOTFOUND').and.not.contain('STRATOS_PORT');
  });

  it('gives the fix that matches each cause when listenError is given a system error', () => {
    const failure = (code: string) => Object.assign(new Error(`listen ${code}`), { code });
    expect(listenError('127.0.0.1', 80, failure('EACCES')).message).to.contain(
      "'127.0.0.1:80': port 80 is a privileged port that this user may not open; choose a port from 1024 up",
    );
    expect(listenError('127.0.0.1', 8080, failure('EACCES')).message).to.contain('this user may not listen on port 8080');
    for (const code of ['EADDRNOTAVAIL', 'EAI_AGAIN', 'ENOTFOUND']) {
      const message = listenError('192.0.2.1', 5443, failure(code)).message;
      expect(message, code).to.contain("the host address '192.0.2.1' does not resolve or is not an address of this machine");
      expect(message, code).to.contain('set STRATOS_HOST or "server.host"').and.contain(`caused by listen ${code}`);
    }
    expect(listenError('127.0.0.1', 5443, failure('EADDRINUSE')).message).to.contain('port 5443 is in use');
    expect(listenError('127.0.0.1', 5443, new Error('odd')).message).to.contain(
      'check the address (STRATOS_HOST or "server.host") and the port (STRATOS_PORT or "server.port")',
    );
  });

  it('throws STRATOS_ERR_SERVER_TLS when a TLS file cannot be read', async () => {
    const missing = path.join(tmpdir(), 'stratos-no-such-dir', 'cert.pem');
    const error = await rejectionOf(listen(host.app, { ...host.config.server, port: 0, tls: { cert: missing, key: missing } }));
    expect(error.code).to.equal('STRATOS_ERR_SERVER_TLS');
    expect(error.message).to.contain(`'${missing}'`).and.contain('ENOENT');
  });

  describe('over TLS', () => {
    let tlsDir: string;
    let cert: string;
    let tlsHost: TestHost;
    let agent: https.Agent;
    before(async () => {
      const pems = await generate([{ name: 'commonName', value: '127.0.0.1' }], {
        keyType: 'ec',
        algorithm: 'sha256',
        extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }],
      });
      cert = pems.cert;
      tlsDir = mkdtempSync(path.join(tmpdir(), 'stratos-tls-'));
      const files = { cert: path.join(tlsDir, 'cert.pem'), key: path.join(tlsDir, 'key.pem') };
      writeFileSync(files.cert, pems.cert);
      writeFileSync(files.key, pems.private, { mode: 0o600 });
      tlsHost = await createTestHost(['good'], {
        server: { host: '127.0.0.1', port: 0, bodyLimit: '1mb', shutdownTimeoutMs: 2000, tls: files },
      });
      agent = new https.Agent({ ca: cert });
    });
    after(async () => {
      agent.destroy();
      await tlsHost.cleanup();
      rmSync(tlsDir, { recursive: true, force: true });
    });

    it('serves HTTPS with the configured certificate', async () => {
      listening = await listen(tlsHost.app, tlsHost.config.server);
      expect(listening.url).to.match(/^https:\/\/127\.0\.0\.1:\d+$/);
      const answer = await send(`${listening.url}/pp/v1/ping`, { agent });
      expect(answer.status).to.equal(200);
      expect(answer.headers['strict-transport-security']).to.contain('max-age=');
    });

    it('marks the session cookies Secure when a user logs in over TLS', async () => {
      listening = await listen(tlsHost.app, tlsHost.config.server);
      const answer = await send(`${listening.url}/pp/v1/auth/login/uaa`, {
        agent,
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(ADMIN),
      });
      expect(answer.status).to.equal(200);
      const cookies = answer.headers['set-cookie'] ?? [];
      expect(cookies).to.have.length(2);
      for (const cookie of cookies) expect(cookie.toLowerCase().split('; ')).to.include('secure');
    });
  });
});
