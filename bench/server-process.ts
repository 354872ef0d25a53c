import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { HostVariant } from './host-variants.js';

const SERVE = fileURLToPath(new URL('./serve.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const START_TIMEOUT_MS = 120_000;

/** What a bench server process should run (see `serve.ts`). */
export type ServerSpec =
  | { kind: 'host'; dir: string; dataDir: string; packages: string[]; adminPassword: string; variant?: HostVariant }
  | { kind: 'hand-wired'; dataDir: string; pluginIndex: number; rolling?: boolean }
  | { kind: 'plain-router'; first: number; count: number };

/** A bench server running in a child process. */
export interface ServerProcess {
  url: string;
  /** Asks the child to close and waits until it has exited. */
  stop(): Promise<void>;
}

/**
 * Starts a server for `spec` in its own Node process. With BENCH_CPU_PROF_DIR set, the child
 * writes a V8 CPU profile there when it stops (open it in Chrome DevTools or summarise it with
 * `bench/summarize-profile.ts`).
 */
export async function startServer(spec: ServerSpec): Promise<ServerProcess> {
  const profileDir = process.env.BENCH_CPU_PROF_DIR;
  const child = fork(SERVE, [JSON.stringify(spec)], {
    cwd: ROOT,
    execArgv: ['--import', 'tsx', ...(profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : [])],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${spec.kind} server did not start within ${START_TIMEOUT_MS} ms`)),
      START_TIMEOUT_MS,
    );
    child.once('message', (message) => {
      clearTimeout(timer);
      resolve((message as { url: string }).url);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${spec.kind} server exited with code ${code} before listening`));
    });
  });
  return {
    url,
    async stop() {
      if (child.connected) child.disconnect();
      await exited;
    },
  };
}
