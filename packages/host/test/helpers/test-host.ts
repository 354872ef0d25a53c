import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { HostConfig, PluginEntry } from '../../src/config/types.js';
import { createHost, type Host } from '../../src/host/create-host.js';
import type { LogRecord } from '../../src/internal/logger.js';

/** Folder whose node_modules holds the fixture plugin packages. */
export const FIXTURE_PLUGINS_DIR = fileURLToPath(new URL('../fixtures/plugins/', import.meta.url));

/** What the `good` fixture plugin provides, as `GET /api/v1/plugins` reports it. */
export const GOOD_PROVIDES = {
  middleware: true,
  sessionMiddleware: true,
  endpointType: null,
  sessionRoutes: [
    'GET /pp/v1/good/hello',
    'GET /pp/v1/good/items/:id',
    'POST /pp/v1/good/echo',
    'GET /pp/v1/good/boom',
    'GET /pp/v1/good/missing',
    'GET /pp/v1/good/unavailable',
  ],
  adminRoutes: ['GET /pp/v1/good/admin'],
};

/** Admin credentials every test host starts with. */
export const ADMIN = { username: 'admin', password: 'admin-password-1' };

/** A host built on fixture plugins with a throw-away data directory, and the log it wrote. */
export interface TestHost extends Host {
  logs: LogRecord[];
  dataDir: string;
  /** Destroys the host and removes its data directory. */
  cleanup(): Promise<void>;
}

/** A config like the loader would produce, resolved from the fixtures folder. */
export function testConfig(
  plugins: Array<string | (Partial<PluginEntry> & { package: string })>,
  overrides: Partial<HostConfig> = {},
): HostConfig {
  return {
    dir: FIXTURE_PLUGINS_DIR,
    server: { host: '127.0.0.1', port: 0, bodyLimit: '1mb', shutdownTimeoutMs: 2000 },
    dataDir: mkdtempSync(path.join(tmpdir(), 'stratos-test-')),
    logLevel: 'debug',
    session: { timeoutMinutes: 20 },
    onPluginFailure: 'skip',
    pluginInitTimeoutMs: 2000,
    ...overrides,
    plugins: plugins.map((p) =>
      typeof p === 'string' ? { package: p, enabled: true, config: {} } : { enabled: true, config: {}, ...p },
    ),
  };
}

/** Creates a host over fixture plugins; `ADMIN` is its first user. */
export async function createTestHost(
  plugins: Array<string | (Partial<PluginEntry> & { package: string })>,
  overrides: Partial<HostConfig> = {},
): Promise<TestHost> {
  const config = testConfig(plugins, overrides);
  const logs: LogRecord[] = [];
  const host = await createHost({
    config,
    env: { STRATOS_ADMIN_PASSWORD: ADMIN.password },
    logSink: (record) => logs.push(record),
  }).catch((error: unknown) => {
    rmSync(config.dataDir, { recursive: true, force: true });
    throw error;
  });
  return Object.assign(host, {
    logs,
    dataDir: config.dataDir,
    async cleanup() {
      await host.destroy();
      rmSync(config.dataDir, { recursive: true, force: true });
    },
  });
}
