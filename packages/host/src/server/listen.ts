import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type Koa from 'koa';
import type { HostConfig } from '../config/types.js';
import { hostError } from '../errors.js';
import { describeError } from '../internal/describe-value.js';
import { answerClientError } from './answer-client-error.js';
import { listenError } from './listen-error.js';

/** A listening server. */
export interface Listening {
  server: http.Server;
  /** e.g. `http://127.0.0.1:5443` */
  url: string;
  /**
   * Stops accepting connections and waits for in-flight requests, at most `timeoutMs`; then
   * closes whatever is still open.
   */
  close(timeoutMs: number): Promise<void>;
}

function readTlsFile(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    throw hostError('STRATOS_ERR_SERVER_TLS', { file, reason: describeError(error) }, error);
  }
}

/** Listens with the config's address and TLS settings. */
export async function listen(app: Koa, server: HostConfig['server']): Promise<Listening> {
  const tls = server.tls;
  const httpServer = tls
    ? https.createServer({ cert: readTlsFile(tls.cert), key: readTlsFile(tls.key) }, app.callback())
    : http.createServer(app.callback());
  // Slow clients must not hold a socket forever.
  httpServer.headersTimeout = 30_000;
  httpServer.requestTimeout = 120_000;
  httpServer.on('clientError', answerClientError);
  // Once closing, a keep-alive connection is ended as soon as its answer is sent; left alone it
  // would hold close() up for keepAliveTimeout.
  let closing = false;
  httpServer.on('request', (_req: http.IncomingMessage, res: http.ServerResponse) => {
    res.once('finish', () => {
      if (closing) setImmediate(() => httpServer.closeIdleConnections());
    });
  });
  await new Promise<void>((resolve, reject) => {
    const onError = (error: Error) => reject(listenError(server.host, server.port, error));
    httpServer.once('error', onError);
    httpServer.listen(server.port, server.host, () => {
      httpServer.off('error', onError);
      resolve();
    });
  });
  const address = httpServer.address() as AddressInfo;
  const hostPart = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    server: httpServer,
    url: `${tls ? 'https' : 'http'}://${hostPart}:${address.port}`,
    close: (timeoutMs) =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(() => httpServer.closeAllConnections(), timeoutMs);
        closing = true;
        httpServer.close(() => {
          clearTimeout(timer);
          resolve();
        });
        httpServer.closeIdleConnections();
      }),
  };
}
