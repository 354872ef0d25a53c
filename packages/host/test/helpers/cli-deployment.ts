import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli, type CliResult } from './cli-process.js';
import { FIXTURE_PLUGINS_DIR } from './test-host.js';

/** A throw-away deployment folder for `stratos` child processes. */
export interface CliDeployment {
  dir: string;
  /** Its `stratos.config.json`. */
  file: string;
  writeConfig(config: object): void;
  readConfig(): { plugins?: unknown[] } & Record<string, unknown>;
  /** Runs `stratos <args>` in the folder, with only `env` as STRATOS_* variables. */
  run(args: string[], env?: Record<string, string>): Promise<CliResult>;
  cleanup(): void;
}

/**
 * Creates a deployment folder. With `linkFixtures`, its node_modules is the fixture plugins' one,
 * so every fixture package counts as installed (for commands that do not run npm).
 */
export function createCliDeployment(linkFixtures: boolean): CliDeployment {
  const dir = mkdtempSync(path.join(tmpdir(), 'stratos-ops-'));
  if (linkFixtures) symlinkSync(path.join(FIXTURE_PLUGINS_DIR, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  const file = path.join(dir, 'stratos.config.json');
  return {
    dir,
    file,
    writeConfig: (config) => writeFileSync(file, `${JSON.stringify(config, null, 2)}\n`),
    readConfig: () => JSON.parse(readFileSync(file, 'utf8')) as { plugins?: unknown[] } & Record<string, unknown>,
    run: (args, env = {}) => runCli(args, { cwd: dir, env, timeoutMs: 60_000 }),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** The lines of `output`, without the final empty one. */
export function linesOf(output: string): string[] {
  return output.split('\n').filter((line) => line !== '');
}
