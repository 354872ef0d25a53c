import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generatePlugins } from './generate-plugins.js';
import { BENCH_ADMIN } from './login.js';
import { median } from './median.js';
import { formatMs, type TableRow } from './report-table.js';
import { timeToLine } from './time-to-line.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLI = path.join(ROOT, 'packages/host/dist/cli/main.js');

/** Plugin counts measured, and runs per count and side. */
export const STARTUP_COUNTS = (process.env.BENCH_STARTUP_COUNTS ?? '10,100,1000').split(',').map(Number);
export const STARTUP_RUNS = Number(process.env.BENCH_STARTUP_RUNS ?? 5);

/** The floor: a script in the plugins' folder that imports the same packages by name, as the host does (all at once). */
function floorSource(names: string[]): string {
  return `const names = ${JSON.stringify(names)};
await Promise.all(names.map((name) => import(name)));
process.stdout.write('imported ' + names.length + '\\n');
`;
}

/**
 * Start-up time against what importing the plugins costs anyway: `stratos start` with N plugins
 * until it logs "listening on" (B), against a script that only imports the same N packages (A).
 * Every host run gets a fresh copy of a data directory initialised by an unmeasured first start,
 * so the runs are warm starts: the SQLite file, admin user and session key already exist.
 */
export async function runStartupBenchmark(log: (line: string) => void): Promise<TableRow[]> {
  const plugins = generatePlugins(Math.max(...STARTUP_COUNTS));
  const rows: TableRow[] = [];
  const medians: Array<{ count: number; floor: number; host: number }> = [];
  try {
    const nodeAlone = [];
    for (let run = 0; run < STARTUP_RUNS; run++) {
      nodeAlone.push(await timeToLine(['-e', "process.stdout.write('ready\\n')"], process.env, 'ready', plugins.dir));
    }
    log(`start-up: node alone (spawn to first line) ${formatMs(median(nodeAlone))}`);

    for (const count of STARTUP_COUNTS) {
      const names = plugins.names.slice(0, count);
      const configFile = path.join(plugins.dir, `stratos-${count}.config.json`);
      writeFileSync(configFile, JSON.stringify({ server: { host: '127.0.0.1' }, logLevel: 'info', plugins: names }, null, 2));
      const floorFile = path.join(plugins.dir, `floor-${count}.mjs`);
      writeFileSync(floorFile, floorSource(names));
      const template = mkdtempSync(path.join(tmpdir(), 'stratos-bench-data-'));
      const env = (dataDir: string) => ({
        ...process.env,
        STRATOS_PORT: '0',
        STRATOS_DATA_DIR: dataDir,
        STRATOS_ADMIN_PASSWORD: BENCH_ADMIN.password,
      });
      const startHost = (dataDir: string) => timeToLine([CLI, 'start', '--config', configFile], env(dataDir), 'listening on', plugins.dir);
      const startFloor = () => timeToLine([floorFile], process.env, 'imported', plugins.dir);
      try {
        // Unmeasured: creates the SQLite file, the admin user and the key, and warms the file cache.
        await startHost(template);
        await startFloor();
        const hostRuns: number[] = [];
        const floorRuns: number[] = [];
        for (let run = 0; run < STARTUP_RUNS; run++) {
          floorRuns.push(await startFloor());
          const dataDir = mkdtempSync(path.join(tmpdir(), 'stratos-bench-data-'));
          try {
            cpSync(template, dataDir, { recursive: true });
            hostRuns.push(await startHost(dataDir));
          } finally {
            rmSync(dataDir, { recursive: true, force: true });
          }
        }
        const runs = (values: number[]) => values.map((v) => v.toFixed(0)).join(', ');
        log(`  N=${count}: floor runs [${runs(floorRuns)}] ms, host runs [${runs(hostRuns)}] ms`);
        const floor = median(floorRuns);
        const host = median(hostRuns);
        medians.push({ count, floor, host });
        rows.push({
          name: `start-up: import floor vs host, N=${count} (warm)`,
          a: `floor ${formatMs(floor)}`,
          b: `host ${formatMs(host)}`,
          ratio: host / floor,
          target: { op: '<=', value: 1.5 },
        });
      } finally {
        rmSync(template, { recursive: true, force: true });
      }
    }
    for (let i = 1; i < medians.length; i++) {
      const from = medians[i - 1]!;
      const to = medians[i]!;
      const added = to.count - from.count;
      const perPlugin = (a: number, b: number) => `${(b - a) / added >= 0 ? '+' : ''}${((b - a) / added).toFixed(2)} ms per plugin`;
      log(`start-up: N=${from.count} -> ${to.count}: host ${perPlugin(from.host, to.host)}, floor ${perPlugin(from.floor, to.floor)}`);
    }
    return rows;
  } finally {
    plugins.remove();
  }
}
