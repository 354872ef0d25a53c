/*
 * Child process entry: builds one server from the spec in argv[2], listens on 127.0.0.1:0 and
 * reports its URL over IPC. Each server runs in its own process so the load generator never
 * shares an event loop with it.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type Koa from 'koa';
import type { HostConfig } from '../packages/host/src/config/types.js';
import { createHost } from '../packages/host/src/host/create-host.js';
import { listen } from '../packages/host/src/server/listen.js';
import { createHandWiredApp } from './hand-wired-app.js';
import { applyHostVariant } from './host-variants.js';
import type { ServerSpec } from './server-process.js';
import { createPlainRouterApp } from './plain-router-app.js';

/** Session lifetime both the host and the hand-wired app use. */
const SESSION_MINUTES = 20;

async function start(spec: ServerSpec): Promise<{ url: string; stop(): Promise<void> }> {
  if (spec.kind === 'host') {
    const config: HostConfig = {
      dir: spec.dir,
      server: { host: '127.0.0.1', port: 0, bodyLimit: '1mb', shutdownTimeoutMs: 2000 },
      dataDir: spec.dataDir,
      // Silent, so the measurement is the request path and not a log line written per request.
      logLevel: 'silent',
      session: { timeoutMinutes: SESSION_MINUTES },
      onPluginFailure: 'abort',
      pluginInitTimeoutMs: 10_000,
      plugins: spec.packages.map((name) => ({ package: name, enabled: true, config: {} })),
    };
    const host = await createHost({ config, env: { STRATOS_ADMIN_PASSWORD: spec.adminPassword }, logSink: () => {} });
    if (spec.variant) applyHostVariant(host, spec.variant);
    const listening = await listen(host.app, config.server);
    return {
      url: listening.url,
      async stop() {
        await listening.close(1000);
        await host.destroy();
      },
    };
  }
  let app: Koa;
  let close = () => {};
  if (spec.kind === 'hand-wired') {
    const wired = createHandWiredApp({
      dataDir: spec.dataDir,
      pluginIndex: spec.pluginIndex,
      sessionMinutes: SESSION_MINUTES,
      rolling: spec.rolling ?? false,
    });
    app = wired.app;
    close = wired.close;
  } else {
    app = createPlainRouterApp(spec.first, spec.count);
  }
  const server = http.createServer(app.callback());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }).then(close),
  };
}

const running = await start(JSON.parse(process.argv[2]!) as ServerSpec);
// The parent going away, by design or by crash, ends this process too (and writes a CPU profile if asked).
process.once('disconnect', () => {
  void running.stop().finally(() => process.exit(0));
});
process.send!({ url: running.url });
