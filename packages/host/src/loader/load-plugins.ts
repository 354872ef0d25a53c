import { createRequire } from 'node:module';
import { realpathSync } from 'node:fs';
import path from 'node:path';
import { SDK_VERSION } from '@stratos/plugin-sdk';
import type { HostConfig } from '../config/types.js';
import { hostError, isHostError } from '../errors.js';
import { describeError } from '../internal/describe-value.js';
import type { Logger } from '../internal/logger.js';
import type { HostSdk } from './check-sdk-copy.js';
import type { EndpointServices } from './create-plugin-context.js';
import { initPlugins } from './init-plugins.js';
import { orderPlugins } from './order-plugins.js';
import { createRecord, failRecord, type PluginRecord } from './types.js';
import { preparePlugin, type PrepareOptions } from './prepare-plugin.js';
import { validatePluginConfig } from './validate-plugin-config.js';

/** Options of {@link loadPlugins}. */
export interface LoadPluginsOptions {
  logger: Logger;
  /** The SDK plugins are checked against; defaults to the copy this host resolves. */
  hostSdk?: HostSdk;
  /** Handed to every plugin as `ctx.endpoints`, `ctx.http` and `ctx.proxy`. */
  services: EndpointServices;
}

/** Every configured plugin's record, and the ids of active plugins in the order init finished. */
export interface LoadResult {
  records: PluginRecord[];
  initOrder: string[];
}

/** The SDK copy and version this host runs. */
export function findHostSdk(): HostSdk {
  const file = createRequire(import.meta.url).resolve('@stratos/plugin-sdk/package.json');
  return { dir: realpathSync(path.dirname(file)), version: SDK_VERSION };
}

/**
 * Loads every enabled plugin of the config: each goes through the named checks below, then the
 * ones that passed are ordered by `dependsOn` and initialised. A plugin that fails any step is
 * marked `failed` with its coded error; the others go on (the failure policy is applied by the
 * caller, once mounting is known too).
 *
 * @example
 * ```ts
 * const services = createEndpointServices(openSqliteStore(config.dataDir));
 * const { records } = await loadPlugins(config, { logger: createLogger(), services });
 * for (const r of records) console.log(r.id, r.state, r.error?.code);
 * ```
 */
export async function loadPlugins(config: HostConfig, options: LoadPluginsOptions): Promise<LoadResult> {
  const hostSdk = options.hostSdk ?? findHostSdk();
  const records = config.plugins.map(createRecord);

  await Promise.all(
    records.map((record) =>
      record.state === 'disabled'
        ? describeDisabled(record, config.dir, hostSdk)
        : preparePlugin(record, config.dir, prepareOptions(hostSdk, record, options.logger)).catch((error: unknown) =>
            fail(record, error),
          ),
    ),
  );

  assertUniqueIds(records);
  for (const record of records) {
    if (record.state !== 'active') continue;
    try {
      record.config = await validatePluginConfig(record.id, record.configSchema, record.entry.config);
    } catch (error) {
      fail(record, error);
    }
  }

  const active = new Map(records.filter((r) => r.state === 'active').map((r) => [r.id, r]));
  const failedIds = new Map(
    records.filter((r) => r.state === 'failed').map((r) => [r.id, r.error?.message ?? 'it failed'] as const),
  );
  const { order, failures } = orderPlugins([...active.values()], failedIds);
  for (const [id, error] of failures) fail(active.get(id)!, error);

  const initOrder = await initPlugins(active, order, {
    logger: options.logger,
    dataDir: config.dataDir,
    ...options.services,
    timeoutMs: config.pluginInitTimeoutMs,
  });
  return { records, initOrder };
}

/** Fills what a disabled plugin's package.json tells, so the plugin list shows it; nothing is imported. */
export async function describeDisabled(record: PluginRecord, fromDir: string, hostSdk: HostSdk): Promise<void> {
  // A disabled plugin may be uninstalled or broken on purpose: whatever the checks found is shown, no failure.
  await preparePlugin(record, fromDir, { hostSdk, onOwnSdkCopy: () => {}, until: 'package' }).catch(() => undefined);
}

function assertUniqueIds(records: PluginRecord[]): void {
  const owners = new Map<string, PluginRecord>();
  for (const record of records) {
    if (record.state === 'disabled') continue;
    const owner = owners.get(record.id);
    if (owner && record.state === 'active') {
      fail(
        record,
        hostError('STRATOS_ERR_PLUGIN_DUPLICATE_ID', { pluginId: record.id, pkg: record.package, other: owner.package }),
      );
    } else if (!owner) owners.set(record.id, record);
  }
}

/** Marks a record failed; an error without a host code counts as a failed init. */
export function fail(record: PluginRecord, error: unknown): void {
  if (isHostError(error)) failRecord(record, error);
  else failRecord(record, { code: 'STRATOS_ERR_PLUGIN_INIT_FAILED', message: describeError(error) });
}

/** The options the host's own loads prepare a plugin with: a second SDK copy is logged as a warning. */
export function prepareOptions(hostSdk: HostSdk, record: PluginRecord, logger: Logger): PrepareOptions {
  return {
    hostSdk,
    onOwnSdkCopy: (own) =>
      logger.warn(`plugin '${record.id}' has its own copy of @stratos/plugin-sdk at '${own}'; make it a peerDependency`),
  };
}
