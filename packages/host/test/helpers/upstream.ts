import http, { type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { generate } from 'selfsigned';

/** What an upstream saw of one request. */
export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** A real HTTP(S) server on 127.0.0.1 standing for an endpoint. */
export interface Upstream {
  url: string;
  port: number;
  /** Every request received, body read whole, in arrival order. */
  seen: SeenRequest[];
  close(): Promise<void>;
}

/** Answers a request; the body is already read into `seen.body`. */
export type UpstreamHandler = (req: IncomingMessage, res: ServerResponse, seen: SeenRequest) => void;

/** A self-signed certificate for 127.0.0.1 (PEM), made once per test run. */
export interface TestCertificate {
  key: string;
  cert: string;
}

let certificate: Promise<TestCertificate> | undefined;

/** A self-signed certificate valid for IP 127.0.0.1, usable as its own CA. */
export function testCertificate(): Promise<TestCertificate> {
  certificate ??= generate([{ name: 'commonName', value: '127.0.0.1' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: true },
      { name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] },
    ],
  }).then((pems) => ({ key: pems.private, cert: pems.cert }));
  return certificate;
}

/**
 * Starts an upstream on 127.0.0.1 (HTTPS with `tls`) that records each request, reading its body
 * first unless `streaming` is set (then the handler reads it and `seen.body` stays empty).
 */
export async function startUpstream(
  handler: UpstreamHandler,
  options: { tls?: TestCertificate; streaming?: boolean } = {},
): Promise<Upstream> {
  const seen: SeenRequest[] = [];
  const listener = (req: IncomingMessage, res: ServerResponse) => {
    const record: SeenRequest = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.alloc(0) };
    seen.push(record);
    if (options.streaming) return handler(req, res, record);
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      record.body = Buffer.concat(chunks);
      handler(req, res, record);
    });
  };
  const server = options.tls
    ? https.createServer({ key: options.tls.key, cert: options.tls.cert }, listener)
    : http.createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    port,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port on 127.0.0.1 that nothing listens on (it was free a moment ago). */
export async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Answers JSON with `status`. */
export function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}
