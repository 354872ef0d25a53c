import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createHost, type CreateHostOptions, type Host } from '../../src/host/create-host.js';
import type { LogRecord } from '../../src/internal/logger.js';
import { ADMIN, FIXTURE_PLUGINS_DIR } from './test-host.js';

/** A throw-away deployment folder with a real config file, as an operator has one. */
export interface LiveDeployment {
  dir: string;
  file: string;
  /** Writes the config file (pretty JSON); `dataDir` defaults to `./data`. */
  writeConfig(config: Record<string, unknown>): void;
  /** Copies fixture `name` into the deployment's own node_modules, so its files can be changed. */
  copyPlugin(name: string): string;
  /** Sets the version in the package.json of a copied plugin. */
  setVersion(name: string, version: string): void;
  remove(): void;
}

const SDK_DIR = path.dirname(createRequire(import.meta.url).resolve('@stratos/plugin-sdk/package.json'));

/**
 * Creates a deployment whose node_modules holds a link to each fixture plugin (`linked`, or all of
 * them when omitted) and to the SDK, so single packages can be copied in and edited.
 */
export function createLiveDeployment(linked?: string[]): LiveDeployment {
  const dir = mkdtempSync(path.join(tmpdir(), 'stratos-live-'));
  const modules = path.join(dir, 'node_modules');
  if (linked === undefined) {
    symlinkSync(path.join(FIXTURE_PLUGINS_DIR, 'node_modules'), modules, 'dir');
  } else {
    mkdirSync(path.join(modules, '@stratos'), { recursive: true });
    symlinkSync(SDK_DIR, path.join(modules, '@stratos', 'plugin-sdk'), 'dir');
    for (const name of linked) symlinkSync(path.join(FIXTURE_PLUGINS_DIR, 'node_modules', name), path.join(modules, name), 'dir');
  }
  const file = path.join(dir, 'stratos.config.json');
  const packageJson = (name: string) => path.join(modules, name, 'package.json');
  return {
    dir,
    file,
    writeConfig: (config) => writeFileSync(file, `${JSON.stringify({ dataDir: './data', ...config }, null, 2)}\n`),
    copyPlugin(name) {
      const target = path.join(modules, name);
      cpSync(path.join(FIXTURE_PLUGINS_DIR, 'node_modules', name), target, { recursive: true });
      return target;
    },
    setVersion(name, version) {
      const data = JSON.parse(readFileSync(packageJson(name), 'utf8')) as Record<string, unknown>;
      writeFileSync(packageJson(name), JSON.stringify({ ...data, version }, null, 2));
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** A host started from a deployment's config file, with its log captured. */
export async function createLiveHost(
  deployment: LiveDeployment,
  options: Partial<CreateHostOptions> = {},
): Promise<Host & { logs: LogRecord[] }> {
  const logs: LogRecord[] = [];
  const host = await createHost({
    configPath: deployment.file,
    env: { STRATOS_ADMIN_PASSWORD: ADMIN.password },
    logSink: (record) => logs.push(record),
    ...options,
  });
  return Object.assign(host, { logs });
}

/** The lifecycle counters of the `live-toggle` fixture. */
export function liveCounts(): { inits: number; destroys: number; labels: string[] } {
  return ((globalThis as Record<string, unknown>).__liveToggle ??= { inits: 0, destroys: 0, labels: [] }) as {
    inits: number;
    destroys: number;
    labels: string[];
  };
}
