import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * A live process standing in for a running host: it writes `host.json` into a data directory the
 * way `stratos start` does, and counts the SIGHUPs it receives in `<dataDir>/sighup.txt`.
 */
export class FakeRunningHost {
  readonly child: ChildProcess;
  readonly #counter: string;

  private constructor(child: ChildProcess, counter: string) {
    this.child = child;
    this.#counter = counter;
  }

  /**
   * Starts the process and writes its host.json with `plugins` as the running states; a null
   * `configFile` describes a host running on embedded defaults.
   */
  static async start(dataDir: string, configFile: string | null, plugins: object[]): Promise<FakeRunningHost> {
    mkdirSync(dataDir, { recursive: true });
    const counter = path.join(dataDir, 'sighup.txt');
    const script = `process.on('SIGHUP', () => require('fs').appendFileSync(${JSON.stringify(counter)}, 'x'));
      console.log('ready'); setInterval(() => {}, 1000);`;
    const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve, reject) => {
      child.once('error', reject);
      child.stdout!.once('data', () => resolve());
    });
    const info = {
      pid: child.pid,
      url: 'http://127.0.0.1:45999',
      configFile,
      startedAt: new Date().toISOString(),
      plugins,
      lastReload: null,
    };
    writeFileSync(path.join(dataDir, 'host.json'), JSON.stringify(info));
    return new FakeRunningHost(child, counter);
  }

  /** How many SIGHUPs the process has received so far. */
  sighups(): number {
    return existsSync(this.#counter) ? readFileSync(this.#counter, 'utf8').length : 0;
  }

  /** Ends the process and waits for it to be gone. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGKILL');
    await exited;
  }
}
