import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestHost, FIXTURE_PLUGINS_DIR, type TestHost } from '../../packages/host/test/helpers/test-host.js';

const PACKAGES = fileURLToPath(new URL('../../packages/', import.meta.url));

/** One endpoint a Prometheus covers, as the plugin's `mappings` config lists it. */
export interface MappingEntry {
  type?: string;
  url: string;
  job?: string;
  environment?: string;
}

/**
 * A host whose deployment folder holds `@stratos/plugin-metrics` (the workspace package, built to
 * dist/) and the `endpoint-fixture` plugin (endpoint type `fixture`), linked into a throw-away
 * `node_modules` so both resolve as an operator's install would. `mappings` is the metrics
 * plugin's config. `cleanup()` also removes the folder.
 */
export async function createMetricsHost(mappings: Record<string, MappingEntry[]>): Promise<TestHost> {
  const dir = mkdtempSync(path.join(tmpdir(), 'stratos-metrics-deploy-'));
  try {
    const modules = path.join(dir, 'node_modules');
    mkdirSync(path.join(modules, '@stratos'), { recursive: true });
    symlinkSync(path.join(PACKAGES, 'plugin-metrics'), path.join(modules, '@stratos', 'plugin-metrics'), 'dir');
    symlinkSync(path.join(PACKAGES, 'plugin-sdk'), path.join(modules, '@stratos', 'plugin-sdk'), 'dir');
    symlinkSync(
      path.join(FIXTURE_PLUGINS_DIR, 'node_modules', 'endpoint-fixture'),
      path.join(modules, 'endpoint-fixture'),
      'dir',
    );
    const host = await createTestHost([{ package: '@stratos/plugin-metrics', config: { mappings } }, 'endpoint-fixture'], {
      dir,
      onPluginFailure: 'abort',
    });
    const cleanup = host.cleanup.bind(host);
    return Object.assign(host, {
      async cleanup() {
        try {
          await cleanup();
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      },
    });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}
