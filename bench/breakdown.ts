import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generatePlugins } from './generate-plugins.js';
import { HOST_VARIANTS, type HostVariant } from './host-variants.js';
import { BENCH_ADMIN, loginHeaders } from './login.js';
import { formatRoundValues, LOAD, measureRoundRobin, type Target } from './measure-requests.js';
import { measuredPath } from './plugin-routes.js';
import { formatRate, type TableRow } from './report-table.js';
import { startServer, type ServerProcess, type ServerSpec } from './server-process.js';

/**
 * Where the host's time per request goes (opt-in: `npm run bench -- breakdown`): the overhead
 * request on the full host (A) against the host with one part taken out (B), and the hand-wired
 * app without and with rolling sessions. Each line's µs/request is what that part costs.
 */
export async function runBreakdownBenchmark(log: (line: string) => void): Promise<TableRow[]> {
  const plugins = generatePlugins(1);
  const dataDirs: string[] = [];
  const servers: ServerProcess[] = [];
  const dataDir = () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'stratos-bench-data-'));
    dataDirs.push(dir);
    return dir;
  };
  const host = (variant?: HostVariant): ServerSpec => ({
    kind: 'host',
    dir: plugins.dir,
    dataDir: dataDir(),
    packages: plugins.names,
    adminPassword: BENCH_ADMIN.password,
    ...(variant ? { variant } : {}),
  });
  const sides: Array<{ label: string; spec: ServerSpec }> = [
    { label: 'host', spec: host() },
    ...Object.keys(HOST_VARIANTS).map((variant) => ({ label: `host, ${variant}`, spec: host(variant as HostVariant) })),
    { label: 'hand-wired', spec: { kind: 'hand-wired', dataDir: dataDir(), pluginIndex: 0 } },
    { label: 'hand-wired, rolling sessions', spec: { kind: 'hand-wired', dataDir: dataDir(), pluginIndex: 0, rolling: true } },
  ];
  try {
    log(`breakdown: starting ${sides.length} servers`);
    const targets: Target[] = [];
    for (const side of sides) {
      const server = await startServer(side.spec);
      servers.push(server);
      targets.push({ url: server.url + measuredPath(0), headers: await loginHeaders(server.url, BENCH_ADMIN) });
    }
    const { medians, rounds } = await measureRoundRobin(targets, LOAD);
    const micros = (rps: number) => 1e6 / rps;
    const rows: TableRow[] = [];
    sides.forEach((side, i) => {
      const baseline = side.label.startsWith('hand-wired') ? 1 + Object.keys(HOST_VARIANTS).length : 0;
      const saved = micros(medians[baseline]!) - micros(medians[i]!);
      log(`  ${side.label}: ${formatRoundValues(rounds[i]!)} req/s, ${micros(medians[i]!).toFixed(1)} µs/request`);
      if (i === baseline) return;
      rows.push({
        name: `breakdown: ${side.label}`,
        a: `${sides[baseline]!.label} ${formatRate(medians[baseline]!)}`,
        b: `${formatRate(medians[i]!)} (${saved >= 0 ? '-' : '+'}${Math.abs(saved).toFixed(1)} µs/req)`,
        ratio: medians[i]! / medians[baseline]!,
      });
    });
    return rows;
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
    for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
    plugins.remove();
  }
}
