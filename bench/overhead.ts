import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generatePlugins } from './generate-plugins.js';
import { BENCH_ADMIN, loginHeaders } from './login.js';
import { compareSideBySide, formatRounds, LOAD } from './measure-requests.js';
import { measuredPath } from './plugin-routes.js';
import { formatRate, type TableRow } from './report-table.js';
import { startServer, type ServerProcess } from './server-process.js';

/**
 * The host's own cost per request: the same authenticated GET of a plugin route on a Koa app
 * wired by hand (A: signed cookie, session and user read from SQLite, gate, @koa/router) and on
 * the host with that one plugin (B).
 */
export async function runOverheadBenchmark(log: (line: string) => void): Promise<TableRow[]> {
  const plugins = generatePlugins(1);
  const dataDirs = [0, 1].map(() => mkdtempSync(path.join(tmpdir(), 'stratos-bench-data-')));
  const servers: ServerProcess[] = [];
  try {
    log('overhead: starting the hand-wired app and the host with 1 plugin');
    const wired = await startServer({ kind: 'hand-wired', dataDir: dataDirs[0]!, pluginIndex: 0 });
    servers.push(wired);
    const host = await startServer({
      kind: 'host',
      dir: plugins.dir,
      dataDir: dataDirs[1]!,
      packages: plugins.names,
      adminPassword: BENCH_ADMIN.password,
    });
    servers.push(host);
    const route = measuredPath(0);
    const result = await compareSideBySide(
      { url: wired.url + route, headers: await loginHeaders(wired.url, BENCH_ADMIN) },
      { url: host.url + route, headers: await loginHeaders(host.url, BENCH_ADMIN) },
      LOAD,
    );
    log(`  ${formatRounds(result)}`);
    return [
      {
        name: 'overhead: hand-wired Koa vs host, 1 plugin',
        a: `hand-wired ${formatRate(result.a)}`,
        b: `host ${formatRate(result.b)}`,
        ratio: result.b / result.a,
        target: { op: '>=', value: 0.9 },
      },
    ];
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
    for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
    plugins.remove();
  }
}
