import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { resolve as resolveModule } from 'import-meta-resolve';
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

/**
 * The modules `stratos start` imports from its dependencies before it listens (the rest, such as
 * the multipart parser or the config editor, load on first use). Kept in step with the host's
 * imports by hand; a missing one only makes the dependency floor lower, never the host faster.
 */
const HOST_START_DEPENDENCIES = [
  'koa',
  'koa-session',
  '@koa/router',
  'koa-compose',
  'better-sqlite3',
  'cosmiconfig',
  'semver/functions/satisfies.js',
  'semver/ranges/valid.js',
  'import-meta-resolve',
  'validate-npm-package-name',
];

/** The floor: a script in the plugins' folder that imports the same packages by name, as the host does (all at once). */
function floorSource(names: string[], preloaded: string[] = []): string {
  return `await Promise.all(${JSON.stringify(preloaded)}.map((url) => import(url)));
const names = ${JSON.stringify(names)};
await Promise.all(names.map((name) => import(name)));
process.stdout.write('imported ' + names.length + '\\n');
`;
}

/** File URLs of {@link HOST_START_DEPENDENCIES}, resolved from the host package as it resolves them. */
function hostDependencyUrls(): string[] {
  const parent = pathToFileURL(path.join(ROOT, 'packages/host/package.json')).href;
  return HOST_START_DEPENDENCIES.map((specifier) => resolveModule(specifier, parent));
}

/**
 * Start-up time against what importing the plugins costs anyway: `stratos start` with N plugins
 * until it logs "listening on" (B), against a script that only imports the same N packages (A).
 * A second reference line imports the host's own start-up dependencies too, then the plugins: what
 * is left between it and the host is the host's own work (checks, init, mounting, store, listen).
 * Every host run gets a fresh copy of a data directory initialised by an unmeasured first start,
 * so the runs are warm starts: the SQLite file, admin user and session key already exist.
 */
export async function runStartupBenchmark(log: (line: string) => void): Promise<TableRow[]> {
  const plugins = generatePlugins(Math.max(...STARTUP_COUNTS));
  const dependencyUrls = hostDependencyUrls();
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
      const withDependenciesFile = path.join(plugins.dir, `floor-with-dependencies-${count}.mjs`);
      writeFileSync(withDependenciesFile, floorSource(names, dependencyUrls));
      const template = mkdtempSync(path.join(tmpdir(), 'stratos-bench-data-'));
      const env = (dataDir: string) => ({
        ...process.env,
        STRATOS_PORT: '0',
        STRATOS_DATA_DIR: dataDir,
        STRATOS_ADMIN_PASSWORD: BENCH_ADMIN.password,
      });
      const startHost = (dataDir: string) =>
        timeToLine([CLI, 'start', '--config', configFile], env(dataDir), 'listening on', plugins.dir);
      const startScript = (file: string) => timeToLine([file], process.env, 'imported', plugins.dir);
      try {
        // Unmeasured: creates the SQLite file, the admin user and the key, and warms the file cache.
        await startHost(template);
        await startScript(floorFile);
        await startScript(withDependenciesFile);
        const hostRuns: number[] = [];
        const floorRuns: number[] = [];
        const withDependenciesRuns: number[] = [];
        for (let run = 0; run < STARTUP_RUNS; run++) {
          floorRuns.push(await startScript(floorFile));
          withDependenciesRuns.push(await startScript(withDependenciesFile));
          const dataDir = mkdtempSync(path.join(tmpdir(), 'stratos-bench-data-'));
          try {
            cpSync(template, dataDir, { recursive: true });
            hostRuns.push(await startHost(dataDir));
          } finally {
            rmSync(dataDir, { recursive: true, force: true });
          }
        }
        const runs = (values: number[]) => values.map((v) => v.toFixed(0)).join(', ');
        log(
          `  N=${count}: floor runs [${runs(floorRuns)}] ms, with the host's dependencies [${runs(withDependenciesRuns)}] ms, ` +
            `host runs [${runs(hostRuns)}] ms`,
        );
        const floor = median(floorRuns);
        const withDependencies = median(withDependenciesRuns);
        const host = median(hostRuns);
        medians.push({ count, floor, host });
        rows.push({
          name: `start-up: import floor vs host, N=${count} (warm)`,
          a: `floor ${formatMs(floor)}`,
          b: `host ${formatMs(host)}`,
          ratio: host / floor,
          target: { op: '<=', value: 1.5 },
        });
        rows.push({
          name: `reference: floor + host's dependencies vs host, N=${count}`,
          a: `floor + deps ${formatMs(withDependencies)}`,
          b: `host ${formatMs(host)}`,
          ratio: host / withDependencies,
        });
      } finally {
        rmSync(template, { recursive: true, force: true });
      }
    }
    for (let i = 1; i < medians.length; i++) {
      const from = medians[i - 1]!;
      const to = medians[i]!;
      const added = to.count - from.count;
      const perPlugin = (a: number, b: number) =>
        `${(b - a) / added >= 0 ? '+' : ''}${((b - a) / added).toFixed(2)} ms per plugin`;
      log(
        `start-up: N=${from.count} -> ${to.count}: host ${perPlugin(from.host, to.host)}, floor ${perPlugin(from.floor, to.floor)}`,
      );
    }
    if (medians.length > 1) {
      const first = medians[0]!;
      const last = medians[medians.length - 1]!;
      const added = last.count - first.count;
      const floorPerPlugin = (last.floor - first.floor) / added;
      const hostPerPlugin = (last.host - first.host) / added;
      rows.push({
        name: `reference: cost per added plugin, N=${first.count} -> ${last.count}`,
        a: `floor ${floorPerPlugin.toFixed(3)} ms`,
        b: `host ${hostPerPlugin.toFixed(3)} ms`,
        ratio: hostPerPlugin / floorPerPlugin,
      });
    }
    return rows;
  } finally {
    plugins.remove();
  }
}
