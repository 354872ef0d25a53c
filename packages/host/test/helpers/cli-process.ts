import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The built `stratos` bin of this repository (run `npx tsc -b` first). */
export const HOST_CLI = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

/** How a `stratos` child process ended and what it wrote. */
export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Options of {@link runCli} and {@link startCli}. */
export interface CliOptions {
  /** The deployment folder the command runs in. */
  cwd: string;
  /** Variables added to the cleaned environment (see {@link cliEnv}). */
  env?: Record<string, string>;
  /** Written to stdin, which is then closed. */
  input?: string;
  /** The bin to run with this Node; defaults to {@link HOST_CLI}. */
  bin?: string;
}

/**
 * The test process's environment without `STRATOS_*` variables (a developer's own settings must
 * not change what a test sees) and without `NODE_OPTIONS` (the child runs the built JavaScript,
 * not the test loader), plus `extra`.
 */
export function cliEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('STRATOS_') && key !== 'NODE_OPTIONS') env[key] = value;
  }
  return { ...env, ...extra };
}

/** A `stratos` child process whose output is collected as it arrives. */
export class CliProcess {
  readonly child: ChildProcess;
  stdout = '';
  stderr = '';
  /** Settles once the process has exited and its output is complete. */
  readonly exited: Promise<CliResult>;
  #result: CliResult | undefined;

  constructor(args: string[], options: CliOptions) {
    this.child = spawn(process.execPath, [options.bin ?? HOST_CLI, ...args], {
      cwd: options.cwd,
      env: cliEnv(options.env),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (this.stdout += chunk));
    this.child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (this.stderr += chunk));
    // 'close' rather than 'exit': it waits for the output streams to end.
    this.exited = new Promise((resolve, reject) => {
      this.child.once('error', reject);
      this.child.once('close', (code, signal) => {
        this.#result = { code, signal, stdout: this.stdout, stderr: this.stderr };
        resolve(this.#result);
      });
    });
    // Keeps an unawaited rejection (spawn failure) from crashing the run; callers await `exited`.
    this.exited.catch(() => undefined);
    if (options.input !== undefined) this.child.stdin!.end(options.input);
  }

  /** True until the process has exited. */
  get isRunning(): boolean {
    return this.#result === undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Resolves with the first match of `pattern` in stdout; rejects if the process exits or time runs out first. */
  waitForOutput(pattern: RegExp, timeoutMs = 15_000): Promise<RegExpMatchArray> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const match = this.stdout.match(pattern);
        if (match) {
          done();
          resolve(match);
        }
      };
      const onClose = () => {
        done();
        reject(new Error(`stratos exited before printing ${pattern}\n${this.describe()}`));
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`stratos did not print ${pattern} within ${timeoutMs} ms\n${this.describe()}`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        this.child.stdout!.off('data', check);
        this.child.off('close', onClose);
      };
      this.child.stdout!.on('data', check);
      this.child.once('close', onClose);
      check();
      if (this.#result) onClose();
    });
  }

  /** Waits for the exit, at most `timeoutMs`; then kills the process and rejects. */
  async waitForExit(timeoutMs = 15_000): Promise<CliResult> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        this.kill();
        reject(new Error(`stratos did not exit within ${timeoutMs} ms\n${this.describe()}`));
      }, timeoutMs);
    });
    try {
      return await Promise.race([this.exited, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Sends `signal` and waits for the exit, at most `timeoutMs`. */
  stop(signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 15_000): Promise<CliResult> {
    if (this.isRunning) this.child.kill(signal);
    return this.waitForExit(timeoutMs);
  }

  /** Kills the process outright if it still runs; for cleanup after a failed test. */
  kill(): void {
    if (this.isRunning) this.child.kill('SIGKILL');
  }

  /** Exit state and output, for failure messages. */
  describe(): string {
    return `exit: ${this.child.exitCode ?? this.child.signalCode ?? 'running'}\nstdout:\n${this.stdout}\nstderr:\n${this.stderr}`;
  }
}

/** Starts `stratos <args>` without waiting for it. */
export function startCli(args: string[], options: CliOptions): CliProcess {
  return new CliProcess(args, options);
}

/** Runs `stratos <args>` to completion, killing it after `timeoutMs`. */
export function runCli(args: string[], options: CliOptions & { timeoutMs?: number }): Promise<CliResult> {
  return new CliProcess(args, { input: '', ...options }).waitForExit(options.timeoutMs);
}

/** The URL `stratos start` printed once it listens. */
export async function waitForListening(cli: CliProcess, timeoutMs = 15_000): Promise<string> {
  const match = await cli.waitForOutput(/listening on (https?:\/\/\S+)/, timeoutMs);
  return match[1]!;
}
