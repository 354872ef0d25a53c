import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request the fake Prometheus received. */
export interface ReceivedRequest {
  /** The path without its `/~name` prefix. */
  path: string;
  /** `name` of a leading `/~name` segment, which lets one server be registered under several URLs. */
  prefix: string | undefined;
  params: URLSearchParams;
  authorization: string | undefined;
}

/** How the fake Prometheus behaves; tests change it between requests. */
export interface FakePrometheusOptions {
  /** `Authorization` header value every request must carry; none required when undefined. */
  requireAuthorization?: string;
  /** Served as JSON at `/stratos`; 404 when undefined. */
  stratos?: unknown;
  /** Status of `/stratos` overriding the above, e.g. 500. */
  stratosStatus?: number;
  /** Status of `/api/v1/status/buildinfo` when authorised (200 unless set). */
  buildinfoStatus?: number;
}

/** A tiny stand-in for the few Prometheus HTTP API paths the plugin calls, on 127.0.0.1. */
export interface FakePrometheus {
  url: string;
  options: FakePrometheusOptions;
  received: ReceivedRequest[];
  /** The requests received for `path`. */
  requestsTo(path: string): ReceivedRequest[];
  close(): Promise<void>;
}

function send(response: http.ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

/**
 * Starts the fake on a free port; a leading `/~name` path segment is ignored, so that
 * `<url>/~a` and `<url>/~b` can be registered as two endpoints. `/api/v1/query` and the other data paths answer success with
 * what they were asked (`echo`), except a `time` of `bad`, which gets Prometheus' error shape.
 * `/info` answers as the endpoint-fixture plugin's type expects, so the same server can be
 * registered as a covered `fixture` endpoint.
 */
export async function startFakePrometheus(options: FakePrometheusOptions = {}): Promise<FakePrometheus> {
  const received: ReceivedRequest[] = [];
  const state: FakePrometheusOptions = { ...options };
  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://fake');
    const prefix = /^\/~([^/]+)/.exec(url.pathname)?.[1];
    if (prefix !== undefined) url.pathname = url.pathname.slice(prefix.length + 2) || '/';
    received.push({ path: url.pathname, prefix, params: url.searchParams, authorization: request.headers.authorization });
    if (url.pathname === '/info') return send(response, 200, { version: '1' });
    if (state.requireAuthorization !== undefined && request.headers.authorization !== state.requireAuthorization) {
      response.writeHead(401, { 'content-type': 'text/plain', 'www-authenticate': 'Basic' });
      return response.end('Unauthorized\n');
    }
    if (url.pathname === '/api/v1/status/buildinfo') {
      const status = state.buildinfoStatus ?? 200;
      return send(response, status, { status: 'success', data: { version: '2.53.0', revision: 'fake' } });
    }
    if (url.pathname === '/stratos') {
      if (state.stratosStatus !== undefined) return send(response, state.stratosStatus, { error: 'no' });
      if (state.stratos === undefined) {
        response.writeHead(404, { 'content-type': 'text/plain' });
        return response.end('404 page not found\n');
      }
      return send(response, 200, state.stratos);
    }
    if (url.pathname.startsWith('/api/v1/')) {
      if (url.searchParams.get('time') === 'bad') {
        return send(response, 400, {
          status: 'error',
          errorType: 'bad_data',
          error: 'invalid parameter "time": cannot parse "bad" to a valid timestamp',
        });
      }
      return send(response, 200, { status: 'success', data: [], echo: { path: url.pathname, params: [...url.searchParams] } });
    }
    response.writeHead(404, { 'content-type': 'text/plain' });
    response.end('404 page not found\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    options: state,
    received,
    requestsTo: (path) => received.filter((r) => r.path === path),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
