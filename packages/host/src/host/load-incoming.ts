// Plugins added by a reload go through the same checks as at start-up, but against the plugins
// already running rather than an empty host.
import type { HostConfig } from '../config/types.js';
import { hostError } from '../errors.js';
import { initPlugins } from '../loader/init-plugins.js';
import { fail, findHostSdk, prepareOptions } from '../loader/load-plugins.js';
import { preparePlugin } from '../loader/prepare-plugin.js';
import { orderPlugins } from '../loader/order-plugins.js';
import type { PluginRecord } from '../loader/types.js';
import { validatePluginConfig } from '../loader/validate-plugin-config.js';
import type { ReloadPluginsDeps } from './reload-plugins.js';

/** The loader's checks and `init` for the plugins a reload adds, against the running set. */
export async function loadIncoming(
  incoming: PluginRecord[],
  running: PluginRecord[],
  records: PluginRecord[],
  next: HostConfig,
  deps: ReloadPluginsDeps,
): Promise<void> {
  if (incoming.length === 0) return;
  const logger = deps.logger.child('loader');
  const hostSdk = deps.hostSdk ?? findHostSdk();
  await Promise.all(
    incoming.map((record) =>
      preparePlugin(record, next.dir, prepareOptions(hostSdk, record, logger)).catch((error: unknown) => fail(record, error)),
    ),
  );
  const owners = new Map(running.map((r) => [r.id, r.package]));
  for (const record of incoming) {
    if (record.entryUrl) deps.live.imported.set(record.package, record.version);
    if (record.state !== 'active') continue;
    const other = owners.get(record.id);
    if (other !== undefined) {
      fail(record, hostError('STRATOS_ERR_PLUGIN_DUPLICATE_ID', { pluginId: record.id, pkg: record.package, other }));
      continue;
    }
    owners.set(record.id, record.package);
    try {
      record.config = await validatePluginConfig(record.id, record.configSchema, record.entry.config);
    } catch (error) {
      fail(record, error);
    }
  }
  const ready = incoming.filter((r) => r.state === 'active');
  const failedIds = new Map(
    records.filter((r) => r.state === 'failed').map((r) => [r.id, r.error?.message ?? 'it failed'] as const),
  );
  const { order, failures } = orderPlugins([...running, ...ready], failedIds);
  for (const record of ready) {
    const failure = failures.get(record.id);
    if (failure) fail(record, failure);
  }
  const toInit = new Map(ready.filter((r) => r.state === 'active').map((r) => [r.id, r]));
  const initOrder = await initPlugins(
    toInit,
    order.filter((id) => toInit.has(id)),
    {
      logger,
      dataDir: next.dataDir,
      ...deps.services,
      timeoutMs: next.pluginInitTimeoutMs,
    },
  );
  for (const id of initOrder) deps.live.active.push(toInit.get(id)!);
}
