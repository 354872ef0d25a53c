import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import selfsigned from 'selfsigned';

/** A tiny endpoint server on 127.0.0.1 that the `endpoint-fixture` plugin can register. */
export interface FixtureUpstream {
  url: string;
  /** PEM certificate of an HTTPS upstream (self-signed, so it is its own CA). */
  cert?: string;
  close(): Promise<void>;
}

/** Answers `GET /info` (and `/api/info`, for URLs with a path) like a fixture endpoint; anything else is a 404. */
function answer(request: IncomingMessage, response: ServerResponse): void {
  if (request.method === 'GET' && (request.url === '/info' || request.url === '/api/info')) {
    response.setHeader('Content-Type', 'application/json');
    response.end(
      JSON.stringify({ sub_type: 'fixture-sub', authorization_endpoint: 'https://login.example.test', version: '9.9' }),
    );
    return;
  }
  response.statusCode = 404;
  response.end('not found');
}

function listen(server: Server, scheme: string, cert?: string): Promise<FixtureUpstream> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `${scheme}://127.0.0.1:${port}`,
        cert,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}

/** Starts a plain HTTP fixture upstream. */
export function startFixtureUpstream(): Promise<FixtureUpstream> {
  return listen(createHttpServer(answer), 'http');
}

/** Starts an HTTPS fixture upstream with a certificate for 127.0.0.1 made for this run. */
export async function startSecureFixtureUpstream(): Promise<FixtureUpstream> {
  const pems = await selfsigned.generate([{ name: 'commonName', value: '127.0.0.1' }], {
    keySize: 2048,
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: true },
      { name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] },
    ],
  });
  return listen(createHttpsServer({ key: pems.private, cert: pems.cert }, answer) as unknown as Server, 'https', pems.cert);
}

/** A 127.0.0.1 URL on which nothing listens: a port taken, then released. */
export async function closedPortUrl(): Promise<string> {
  const upstream = await startFixtureUpstream();
  await upstream.close();
  return upstream.url;
}
