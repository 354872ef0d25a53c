import type Koa from 'koa';
import { LoginThrottle } from '../auth/login-throttle.js';
import { loadSessionSecret } from '../auth/session-secret.js';
import { bootstrapAdmin } from '../auth/bootstrap-admin.js';
import { adminToCreate } from '../auth/users.js';
import { loadConfig, type LoadConfigOptions } from '../config/load-config.js';
import type { HostConfig } from '../config/types.js';
import { hostError } from '../errors.js';
import { describeError } from '../internal/describe-value.js';
import { createLogger, type Logger, type LogSink } from '../internal/logger.js';
import { destroyQuietly } from '../loader/init-plugins.js';
import { loadPlugins } from '../loader/load-plugins.js';
import { toStatus, type PluginStatus } from '../loader/types.js';
import { mountPlugins } from '../mount/mount-plugins.js';
import { createApp } from '../server/create-app.js';
import { createCoreRouters } from '../server/core-routes.js';
import type { HostState, HostStateRef } from '../server/host-state.js';
import { createEndpointServices } from '../endpoints/endpoint-services.js';
import { resolveEncryptionKey } from '../store/encryption-key.js';
import { MIGRATIONS } from '../store/migrations.js';
import { openSqliteStore } from '../store/sqlite-store.js';
import type { Store } from '../store/store.js';
import { createReloader, type LastReload, type ReloadOptions, type Reloader, type ReloadResult } from './create-reloader.js';
import type { LivePlugins } from './reload-plugins.js';

const SESSION_PURGE_INTERVAL_MS = 10 * 60_000;

/** Options of {@link createHost}. */
export interface CreateHostOptions extends LoadConfigOptions {
  /** A config to use as is, instead of reading one (tests, embedding). */
  config?: HostConfig;
  /** Where log records go; defaults to stdout/stderr. */
  logSink?: LogSink;
  /** Called once with the generated password of the first `admin` user. */
  onAdminCreated?(name: string, generatedPassword: string | undefined): void;
  /**
   * When true, the first administrator is not created here (only `STRATOS_ADMIN_PASSWORD` is
   * checked); call `host.ensureAdmin()` once the host serves. `stratos start` does so after it
   * listens, so a start that fails leaves no account whose generated password nobody saw.
   */
  deferAdmin?: boolean;
  /** Called after every reload, accepted or rejected (the `stratos start` command rewrites `host.json`). */
  onReload?(result: ReloadResult): void;
}

/** A running host: its Koa app and what it loaded. Call `destroy()` to release it. */
export interface Host {
  readonly app: Koa;
  /** The config in effect: the start-up settings with the plugins of the last accepted reload. */
  readonly config: HostConfig;
  readonly store: Store;
  readonly logger: Logger;
  /** Every configured plugin with its state, as `GET /api/v1/plugins` reports it. */
  plugins(): PluginStatus[];
  /**
   * Re-reads the config file and applies its plugin changes without a restart (see the operator
   * guide); reloads run one at a time. Resolves with what changed; a rejected file resolves with
   * `ok: false` and leaves the running plugins as they were.
   */
  reload(options?: ReloadOptions): Promise<ReloadResult>;
  /** How the last reload ended; null before the first. */
  lastReload(): LastReload | null;
  /** Creates the first administrator when none exists (see `deferAdmin`); reports it through `onAdminCreated`. */
  ensureAdmin(): Promise<void>;
  /** Calls `destroy()` of every active plugin in reverse init order, then closes the store. */
  destroy(): Promise<void>;
}

/**
 * Builds a host from its config: opens the store, loads and initialises the plugins, mounts them
 * and assembles the Koa app. With `onPluginFailure: "abort"`, any failed plugin stops here with
 * `STRATOS_ERR_PLUGIN_LOAD_ABORTED` after the others were destroyed again.
 *
 * @example
 * ```ts
 * import { createHost } from '@stratos/host';
 *
 * const host = await createHost({ cwd: '/srv/stratos' });
 * const server = host.app.listen(5443, '127.0.0.1');
 * ```
 */
export async function createHost(options: CreateHostOptions = {}): Promise<Host> {
  const env = options.env ?? process.env;
  const config = options.config ?? (await loadConfig(options));
  const logger = createLogger({ level: config.logLevel, sink: options.logSink });
  // A new key is made only for a store without secrets; otherwise the old key is required.
  const store = openSqliteStore(config.dataDir, MIGRATIONS, {
    encryptionKey: (hasSecrets) => resolveEncryptionKey(config.dataDir, env, !hasSecrets),
  });
  // Initialised plugins in init order; destroyed in reverse, once. Reloads keep it up to date.
  const live: LivePlugins = { active: [], imported: new Map() };
  let reloader: Reloader | undefined;
  const destroyPlugins = async () => {
    const toDestroy = live.active.reverse();
    live.active = [];
    for (const record of toDestroy) await destroyQuietly(record, logger);
  };
  try {
    const ensureAdmin = () => bootstrapAdmin(store, env, logger, options.onAdminCreated);
    // A deferred start still fails here, before any plugin starts, on a password it cannot use.
    if (options.deferAdmin) await adminToCreate(store, env);
    else await ensureAdmin();
    const sessionSecret = loadSessionSecret(config.dataDir, env);
    const state = { current: undefined } as unknown as HostStateRef;
    const sessionMaxAgeMs = Math.round(config.session.timeoutMinutes * 60_000);
    const services = createEndpointServices(store);
    const core = createCoreRouters({
      store,
      logger,
      state,
      throttle: new LoginThrottle(),
      sessionMaxAgeMs,
      proxy: services.proxyDeps,
      control: {
        configFile: () => reloader?.config().file,
        configDir: () => reloader?.config().dir ?? config.dir,
        reload: () => reloader!.reload(),
        lastReload: () => reloader?.lastReload() ?? null,
      },
    });

    const { records, initOrder } = await loadPlugins(config, { logger: logger.child('loader'), services });
    const byId = new Map(records.map((r) => [r.id, r]));
    live.active = initOrder.map((id) => byId.get(id)!);
    for (const record of records) if (record.entryUrl) live.imported.set(record.package, record.version);
    const { table, failed } = mountPlugins(records, core, logger.child('mount'), services.authTypes);
    for (const record of failed) await destroyQuietly(record, logger);
    live.active = live.active.filter((record) => record.state === 'active');
    state.current = { records, table } satisfies HostState;
    reportPlugins(records.map(toStatus), logger);

    const problems = records.filter((r) => r.state === 'failed');
    if (config.onPluginFailure === 'abort' && problems.length > 0) {
      await destroyPlugins();
      throw hostError('STRATOS_ERR_PLUGIN_LOAD_ABORTED', {
        count: problems.length,
        list: problems.map((r) => `'${r.id}' (${r.error?.code})`).join(', '),
      });
    }

    const app = createApp({ config, store, logger, state, core, sessionSecret });
    // Sessions nobody comes back to would otherwise stay in the store for ever.
    const purge = () =>
      store
        .purgeExpiredSessions(Date.now())
        .catch((error: unknown) => logger.warn('could not purge expired sessions', { error: describeError(error) }));
    await purge();
    const purgeTimer = setInterval(purge, SESSION_PURGE_INTERVAL_MS).unref();
    const activeReloader = createReloader({
      config,
      load: { cwd: options.cwd, env },
      plugins: { state, live, core, logger, services },
      onReload: options.onReload,
    });
    reloader = activeReloader;
    let destroyed = false;
    return {
      app,
      get config() {
        return activeReloader.config();
      },
      store,
      logger,
      plugins: () => state.current.records.map(toStatus),
      reload: (reloadOptions) => activeReloader.reload(reloadOptions),
      lastReload: () => activeReloader.lastReload(),
      ensureAdmin,
      async destroy() {
        if (destroyed) return;
        destroyed = true;
        clearInterval(purgeTimer);
        // A reload under way finishes first, so what it started is destroyed too.
        await activeReloader.close();
        await destroyPlugins();
        await store.close();
      },
    };
  } catch (error) {
    // Whatever started before the failure is given back: plugins first, then the store.
    await destroyPlugins();
    await store.close();
    throw error;
  }
}

function reportPlugins(statuses: PluginStatus[], logger: Logger): void {
  for (const status of statuses) {
    if (status.state === 'failed') {
      logger.error(status.error!.message, { plugin: status.id, code: status.error!.code });
    } else {
      logger.debug(`plugin '${status.id}' ${status.state}`, { plugin: status.id, initMs: status.initMs });
    }
  }
  const count = (state: string) => statuses.filter((s) => s.state === state).length;
  logger.info(`plugins: ${count('active')} active, ${count('disabled')} disabled, ${count('failed')} failed`);
}
