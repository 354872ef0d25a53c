import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A fake endpoint the exporter serves: its metrics in the text exposition format. */
export interface FakeEndpoint {
  /** Metric lines (`name{labels} value`) without HELP/TYPE comments. */
  metrics: string[];
}

/** A running exporter; see {@link startExporter}. */
export interface Exporter {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** `127.0.0.1:<port>`, as a Prometheus scrape target names it. */
  target: string;
  /** The URL of endpoint `name`, as it is registered in the host. */
  endpointUrl(name: string): string;
  close(): Promise<void>;
}

/**
 * Serves fake endpoints on 127.0.0.1: for every `name`, `GET /<name>/metrics` answers its series
 * in Prometheus' text format (what a scrape reads) and `GET /<name>/info` answers the JSON the
 * `endpoint-fixture` plugin probes on registration, so one server is both what Prometheus scrapes
 * and what the host registers.
 */
export async function startExporter(endpoints: Record<string, FakeEndpoint>): Promise<Exporter> {
  const server: Server = createServer((request, response) => {
    const [, name, leaf] = /^\/([^/]+)\/(metrics|info)$/.exec(request.url ?? '') ?? [];
    const endpoint = name === undefined ? undefined : endpoints[name];
    if (!endpoint) {
      response.statusCode = 404;
      response.end('not found');
      return;
    }
    if (leaf === 'info') {
      response.setHeader('Content-Type', 'application/json');
      response.end(JSON.stringify({ sub_type: 'exporter', version: '1' }));
      return;
    }
    response.setHeader('Content-Type', 'text/plain; version=0.0.4; charset=utf-8');
    response.end(`${endpoint.metrics.join('\n')}\n`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    target: `127.0.0.1:${port}`,
    endpointUrl: (name) => `${url}/${name}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
