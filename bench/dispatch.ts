import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generatePlugins } from './generate-plugins.js';
import { BENCH_ADMIN, loginHeaders } from './login.js';
import { compareSideBySide, formatRounds, LOAD } from './measure-requests.js';
import { measuredPath, ROUTES_PER_PLUGIN } from './plugin-routes.js';
import { formatRate, type TableRow } from './report-table.js';
import { startServer, type ServerProcess } from './server-process.js';

/** Plugins mounted on the large side. */
export const DISPATCH_PLUGINS = Number(process.env.BENCH_DISPATCH_PLUGINS ?? 1000);

/**
 * Route dispatch as plugins are added: an authenticated GET of the last plugin's parameterised
 * route on a host with that one plugin (A) and with all of them (B). For reference, the same
 * route on one plain @koa/router holding one plugin's routes (A) or every plugin's (B).
 */
export async function runDispatchBenchmark(log: (line: string) => void): Promise<TableRow[]> {
  const plugins = generatePlugins(DISPATCH_PLUGINS);
  const last = DISPATCH_PLUGINS - 1;
  const dataDirs: string[] = [];
  const servers: ServerProcess[] = [];
  const hostSpec = (packages: string[]) => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'stratos-bench-data-'));
    dataDirs.push(dataDir);
    return { kind: 'host' as const, dir: plugins.dir, dataDir, packages, adminPassword: BENCH_ADMIN.password };
  };
  try {
    log(`dispatch: starting hosts with 1 and ${DISPATCH_PLUGINS} plugins of ${ROUTES_PER_PLUGIN} routes each`);
    const one = await startServer(hostSpec([plugins.names[last]!]));
    servers.push(one);
    const all = await startServer(hostSpec(plugins.names));
    servers.push(all);
    const route = measuredPath(last);
    const hosts = await compareSideBySide(
      { url: one.url + route, headers: await loginHeaders(one.url, BENCH_ADMIN) },
      { url: all.url + route, headers: await loginHeaders(all.url, BENCH_ADMIN) },
      LOAD,
    );
    log(`  host: ${formatRounds(hosts)}`);
    await Promise.all(servers.splice(0).map((s) => s.stop()));

    log('dispatch: plain @koa/router reference');
    const few = await startServer({ kind: 'plain-router', first: last, count: 1 });
    servers.push(few);
    const many = await startServer({ kind: 'plain-router', first: 0, count: DISPATCH_PLUGINS });
    servers.push(many);
    const plain = await compareSideBySide({ url: few.url + route }, { url: many.url + route }, LOAD);
    log(`  plain router: ${formatRounds(plain)}`);

    const routes = DISPATCH_PLUGINS * ROUTES_PER_PLUGIN;
    return [
      {
        name: `dispatch: host, 1 vs ${DISPATCH_PLUGINS} plugins`,
        a: `1 plugin ${formatRate(hosts.a)}`,
        b: `${DISPATCH_PLUGINS} plugins ${formatRate(hosts.b)}`,
        ratio: hosts.b / hosts.a,
        target: { op: '>=', value: 0.8 },
      },
      {
        name: `reference: one @koa/router, ${ROUTES_PER_PLUGIN} vs ${routes} routes`,
        a: `${ROUTES_PER_PLUGIN} routes ${formatRate(plain.a)}`,
        b: `${routes} routes ${formatRate(plain.b)}`,
        ratio: plain.b / plain.a,
      },
    ];
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
    for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
    plugins.remove();
  }
}
