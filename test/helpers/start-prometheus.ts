import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import bcrypt from 'bcryptjs';

/** One scrape job: Prometheus reads `http://<target><metricsPath>` and labels the series `job`. */
export interface ScrapeJob {
  job: string;
  target: string;
  metricsPath: string;
  /** Extra target labels (e.g. `environment`), added to every series of the job. */
  labels?: Record<string, string>;
}

/** Options of {@link startPrometheus}. */
export interface StartPrometheusOptions {
  jobs: ScrapeJob[];
  /** When given, the whole HTTP API (readiness included) sits behind HTTP Basic auth. */
  basicAuth?: { username: string; password: string };
  /** Bound on start-up, readiness included. */
  startTimeoutMs?: number;
}

/** A Prometheus process started by {@link startPrometheus}. */
export interface RunningPrometheus {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** The headers that authenticate against it (empty without basic auth). */
  authHeaders: Record<string, string>;
  /** `GET <url><path>` with the credentials; the JSON body (or text when it is not JSON). */
  get(path: string, query?: Record<string, string>): Promise<{ status: number; body: any }>;
  /** Waits until every job has at least two scraped samples of `up`, so rates and subqueries see data. */
  waitForSamples(jobs: string[], timeoutMs?: number): Promise<void>;
  /** SIGTERM, then SIGKILL after a bound; removes the data folder. Safe to call twice. */
  stop(): Promise<void>;
}

const STOP_TIMEOUT_MS = 5_000;
const POLL_MS = 100;
/** Children still running, killed when the test process exits however it exits. */
const running = new Set<ChildProcess>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // Only synchronous work runs on 'exit': a plain SIGKILL, nothing awaited.
  process.on('exit', () => {
    for (const child of running) child.kill('SIGKILL');
  });
}

/** A port that was free a moment ago on 127.0.0.1 (a start that loses the race is retried). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (exited(child)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (!exited(child)) {
    child.kill('SIGTERM');
    if (!(await waitForExit(child, STOP_TIMEOUT_MS))) {
      child.kill('SIGKILL');
      await waitForExit(child, STOP_TIMEOUT_MS);
    }
  }
  running.delete(child);
}

function writeConfigs(dir: string, options: StartPrometheusOptions): string[] {
  const config = {
    global: { scrape_interval: '1s', scrape_timeout: '1s', evaluation_interval: '1s' },
    scrape_configs: options.jobs.map((job) => ({
      job_name: job.job,
      metrics_path: job.metricsPath,
      static_configs: [{ targets: [job.target], labels: job.labels ?? {} }],
    })),
  };
  // JSON is YAML, so no YAML writer is needed.
  writeFileSync(path.join(dir, 'prometheus.yml'), JSON.stringify(config, null, 2));
  if (!options.basicAuth) return [];
  // The lowest bcrypt cost: Prometheus checks the hash on every request.
  const hash = bcrypt.hashSync(options.basicAuth.password, 4);
  writeFileSync(path.join(dir, 'web.yml'), JSON.stringify({ basic_auth_users: { [options.basicAuth.username]: hash } }));
  return [`--web.config.file=${path.join(dir, 'web.yml')}`];
}

/** `$PROMETHEUS_BIN`, else `prometheus` found on the PATH; a clear failure when it is not installed. */
function findPrometheus(): string {
  if (process.env.PROMETHEUS_BIN) return process.env.PROMETHEUS_BIN;
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir && existsSync(path.join(dir, 'prometheus'))) return path.join(dir, 'prometheus');
  }
  throw new Error(
    "'prometheus' is not on the PATH; install Debian's 'prometheus' package (as .ci/run does) or set PROMETHEUS_BIN",
  );
}

/** Spawns Prometheus; with setpriv, the kernel kills it too if the test process dies by SIGKILL. */
function spawnPrometheus(args: string[]): ChildProcess {
  const binary = findPrometheus();
  const child = existsSync('/usr/bin/setpriv')
    ? spawn('/usr/bin/setpriv', ['--pdeathsig', 'KILL', '--', binary, ...args], { stdio: ['ignore', 'ignore', 'pipe'] })
    : spawn(binary, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  running.add(child);
  child.once('exit', () => running.delete(child));
  // A Prometheus nobody stopped must not keep the test run alive; the 'exit' hook kills it.
  child.unref();
  (child.stderr as Socket | null)?.unref();
  return child;
}

/**
 * Starts a real Prometheus on a free 127.0.0.1 port with a throw-away data folder, scraping
 * `jobs` every second, optionally behind Basic auth (`--web.config.file`), and waits for
 * `/-/ready`. Fails with the end of Prometheus' log when it exits or is not ready in time.
 */
export async function startPrometheus(options: StartPrometheusOptions): Promise<RunningPrometheus> {
  installExitHook();
  const deadline = Date.now() + (options.startTimeoutMs ?? 30_000);
  const authHeaders: Record<string, string> = options.basicAuth
    ? { authorization: `Basic ${Buffer.from(`${options.basicAuth.username}:${options.basicAuth.password}`).toString('base64')}` }
    : {};
  let lastError = 'not started';
  for (let attempt = 0; attempt < 3 && Date.now() < deadline; attempt++) {
    const dir = mkdtempSync(path.join(tmpdir(), 'stratos-prometheus-'));
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const args = [
      `--config.file=${path.join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${path.join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
      ...writeConfigs(dir, options),
    ];
    const child = spawnPrometheus(args);
    let log = '';
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (log = (log + chunk).slice(-4000)));
    let spawnError: Error | undefined;
    child.once('error', (error) => (spawnError = error));
    const stop = async () => {
      await stopChild(child);
      rmSync(dir, { recursive: true, force: true });
    };
    const get = async (pathname: string, query: Record<string, string> = {}) => {
      const target = `${url}${pathname}${Object.keys(query).length ? `?${new URLSearchParams(query)}` : ''}`;
      const response = await fetch(target, { headers: authHeaders, signal: AbortSignal.timeout(5_000) });
      const text = await response.text();
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // Readiness and errors outside the API answer plain text.
      }
      return { status: response.status, body };
    };
    while (Date.now() < deadline && !exited(child) && !spawnError) {
      const ready = await get('/-/ready').catch(() => undefined);
      if (ready?.status === 200)
        return { url, authHeaders, get, stop, waitForSamples: (jobs, ms) => waitForSamples(get, jobs, ms) };
      await sleep(POLL_MS);
    }
    await stop();
    lastError = spawnError
      ? `could not run Prometheus (${spawnError.message}); install Debian's 'prometheus' package`
      : `Prometheus did not become ready on ${url}; its log ends with: ${log.trim() || '(nothing)'}`;
    if (spawnError) break;
  }
  throw new Error(lastError);
}

async function waitForSamples(get: RunningPrometheus['get'], jobs: string[], timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let seen: string[] = [];
  while (Date.now() < deadline) {
    const { body } = await get('/api/v1/query', { query: 'count_over_time(up[1m]) >= 2 and on(job, instance) up == 1' }).catch(
      () => ({ body: undefined }),
    );
    seen = (body?.data?.result ?? []).map((series: { metric: { job: string } }) => series.metric.job);
    if (jobs.every((job) => seen.includes(job))) return;
    await sleep(250);
  }
  throw new Error(
    `Prometheus has no samples for ${jobs.join(', ')} after ${timeoutMs} ms; jobs with samples: ${seen.join(', ') || 'none'}`,
  );
}
