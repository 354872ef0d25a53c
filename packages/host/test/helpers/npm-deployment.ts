import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCliDeployment, type CliDeployment } from './cli-deployment.js';
import { FIXTURE_PLUGINS_DIR } from './test-host.js';

const SDK_DIR = fileURLToPath(new URL('../../../plugin-sdk/', import.meta.url));

/** npm settings for the tests: nothing may come from the network, and no audit or funding calls. */
export const OFFLINE_NPM_ENV: Record<string, string> = {
  npm_config_offline: 'true',
  npm_config_audit: 'false',
  npm_config_fund: 'false',
  npm_config_update_notifier: 'false',
};

/** Packs the fixture plugin `name` with `npm pack` into `destination`; returns the tarball's path. */
export function packFixture(name: string, destination: string): string {
  const work = mkdtempSync(path.join(tmpdir(), 'stratos-pack-'));
  try {
    cpSync(path.join(FIXTURE_PLUGINS_DIR, 'node_modules', name), work, { recursive: true });
    const out = execFileSync('npm', ['pack', '--silent', '--pack-destination', destination], {
      cwd: work,
      encoding: 'utf8',
      env: { ...process.env, ...OFFLINE_NPM_ENV },
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    return path.join(destination, out.trim().split('\n').at(-1)!);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * A deployment folder with a real npm install: its package.json names the workspace's
 * @stratos/plugin-sdk through a `file:` link (so npm never fetches the plugins' peer from a
 * registry), installed once; `npm(args)` runs npm there offline.
 */
export function createNpmDeployment(): CliDeployment & { npm(args: string[]): void } {
  const deployment = createCliDeployment(false);
  writeFileSync(
    path.join(deployment.dir, 'package.json'),
    `${JSON.stringify({ name: 'deployment', private: true, dependencies: { '@stratos/plugin-sdk': `file:${SDK_DIR}` } }, null, 2)}\n`,
  );
  const npm = (args: string[]) =>
    execFileSync('npm', args, { cwd: deployment.dir, env: { ...process.env, ...OFFLINE_NPM_ENV }, stdio: 'ignore' });
  npm(['install']);
  return Object.assign(deployment, { npm });
}

/** The entries of a folder, recursively but without following links, sorted. */
export function listTree(dir: string): string[] {
  return (readdirSync(dir, { recursive: true, encoding: 'utf8' }) as string[]).sort();
}
