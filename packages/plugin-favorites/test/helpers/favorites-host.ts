import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type supertest from 'supertest';
import { addUser } from '../../../host/src/auth/users.js';
import type { HostConfig } from '../../../host/src/config/types.js';
import { login } from '../../../host/test/helpers/login.js';
import { ADMIN, createTestHost, FIXTURE_PLUGINS_DIR, type TestHost } from '../../../host/test/helpers/test-host.js';
import type { FavoritesConfig } from '../../src/favorites-config.js';

const PACKAGES = fileURLToPath(new URL('../../../', import.meta.url));

/** A logged-in supertest agent with its XSRF token, as `login()` returns it. */
export interface Session {
  agent: ReturnType<typeof supertest.agent>;
  xsrf: string;
}

/** Credentials of the second user every favourites host has. */
export const BOB = { username: 'bob', password: 'bob-password-1' };

/**
 * A folder whose node_modules links `@stratos/plugin-favorites` (this package) and the SDK, as npm
 * installs a workspace, and the host's `endpoint-fixture` plugin, whose endpoints can be unregistered.
 */
export function createPluginFolder(): { dir: string; remove(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'stratos-favorites-'));
  mkdirSync(path.join(dir, 'node_modules', '@stratos'), { recursive: true });
  for (const name of ['plugin-favorites', 'plugin-sdk']) {
    symlinkSync(path.join(PACKAGES, name), path.join(dir, 'node_modules', '@stratos', name), 'dir');
  }
  symlinkSync(
    path.join(FIXTURE_PLUGINS_DIR, 'node_modules', 'endpoint-fixture'),
    path.join(dir, 'node_modules', 'endpoint-fixture'),
    'dir',
  );
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A real host running `@stratos/plugin-favorites` and `endpoint-fixture`, with `admin` and `bob` logged in. */
export interface FavoritesHost {
  host: TestHost;
  alice: Session;
  bob: Session;
  /** Destroys the host (keeping its data directory when `keepData`) and removes the plugin folder. */
  cleanup(keepData?: boolean): Promise<void>;
}

/**
 * Starts a host with the favourites plugin over `folder`; `dataDir` reuses the data of an
 * earlier host (a restart). `bob` is created when missing; `alice` is the admin.
 */
export async function startFavoritesHost(
  folder: { dir: string },
  config: FavoritesConfig = {},
  overrides: Partial<HostConfig> = {},
): Promise<FavoritesHost> {
  const host = await createTestHost([{ package: '@stratos/plugin-favorites', config: { ...config } }, 'endpoint-fixture'], {
    dir: folder.dir,
    ...overrides,
  });
  try {
    if (!(await host.store.findUserByName(BOB.username))) await addUser(host.store, BOB.username, BOB.password, false);
    const alice = await login(host, ADMIN);
    const bob = await login(host, BOB);
    return {
      host,
      alice,
      bob,
      async cleanup(keepData = false) {
        if (keepData) await host.destroy();
        else await host.cleanup();
      },
    };
  } catch (error) {
    await host.cleanup();
    throw error;
  }
}

/** A favourite body as the console posts it for an application. */
export function appFavorite(entityId: string, metadata: Record<string, unknown> = { name: `app ${entityId}` }) {
  return { endpointId: 'endpoint-1', endpointType: 'cf', entityType: 'application', entityId, metadata };
}
