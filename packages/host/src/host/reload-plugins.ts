import { readFileSync } from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { HostConfig, PluginEntry } from '../config/types.js';
import type { HostEndpointServices } from '../endpoints/endpoint-services.js';
import { hostError, type HostError } from '../errors.js';
import type { Logger } from '../internal/logger.js';
import type { HostSdk } from '../loader/check-sdk-copy.js';
import { findPackageDir } from '../loader/find-package-dir.js';
import { destroyQuietly, initPlugins } from '../loader/init-plugins.js';
import { describeDisabled, fail, findHostSdk, prepareOptions } from '../loader/load-plugins.js';
import { preparePlugin } from '../loader/prepare-plugin.js';
import { orderPlugins } from '../loader/order-plugins.js';
import { createRecord, failRecord, toStatus, type PluginRecord, type PluginStatus } from '../loader/types.js';
import { validatePluginConfig } from '../loader/validate-plugin-config.js';
import { mountPlugins, type CoreRouters } from '../mount/mount-plugins.js';
import type { HostStateRef } from '../server/host-state.js';

/** What a reload did to one plugin. */
export type PluginChangeKind = 'added' | 'removed' | 'enabled' | 'disabled' | 'reconfigured' | 'retried' | 'stopped';

/** One plugin a reload changed. */
export interface PluginChange {
  id: string;
  package: string;
  change: PluginChangeKind;
  /** The plugin's status once the reload finished; null when it left the config. */
  status: PluginStatus | null;
}

/** The plugins of a running host, kept across reloads. */
export interface LivePlugins {
  /** Initialised plugins in init order; destroyed in reverse. */
  active: PluginRecord[];
  /** Version of every package imported by this process: Node will not import another one. */
  imported: Map<string, string | null>;
}

/** What {@link reloadPlugins} works with. */
export interface ReloadPluginsDeps {
  state: HostStateRef;
  live: LivePlugins;
  core: CoreRouters;
  logger: Logger;
  services: HostEndpointServices;
  hostSdk?: HostSdk;
}

/** What {@link reloadPlugins} changed and what it could not apply without a restart. */
export interface PluginsReloaded {
  plugins: PluginChange[];
  restartRequired: Array<{ code: string; message: string }>;
}

/**
 * Brings the running plugins in line with `next`, plugin by plugin. Plugins that leave (disabled,
 * removed, re-configured, or whose dependency left) are taken off the request path first, with a
 * new mount table, and then destroyed; plugins that arrive go through every loader check and
 * `init`, and a second table mounts them. Unchanged plugins keep their instance. A plugin whose
 * package changed on disk after it was imported is left as it is and reported as needing a restart.
 */
export async function reloadPlugins(next: HostConfig, deps: ReloadPluginsDeps): Promise<PluginsReloaded> {
  const { state, live, logger } = deps;
  const hostSdk = deps.hostSdk ?? findHostSdk();
  const current = state.current.records;
  const oldByPackage = new Map(current.map((r) => [r.package, r]));
  const kinds = new Map<PluginRecord, PluginChangeKind>();
  const restartRequired: HostError[] = [];
  const leaving = new Set<PluginRecord>();
  // Ids that will be back once re-configured, so their dependents are not stopped for it.
  const returning = new Set<string>();
  const incoming: PluginRecord[] = [];
  const records: PluginRecord[] = [];

  for (const entry of next.plugins) {
    const old = oldByPackage.get(entry.package);
    if (old) delete old.restartRequired;
    if (!entry.enabled) {
      const record = old?.state === 'disabled' ? Object.assign(old, { entry }) : createRecord(entry);
      if (record !== old) {
        await describeDisabled(record, next.dir, hostSdk);
        kinds.set(record, old ? 'disabled' : 'added');
        if (old?.state === 'active') leaving.add(old);
      }
      records.push(record);
      continue;
    }
    const drift = driftOf(entry, old, next.dir, live.imported);
    if (old?.state === 'active' && sameEntry(old.entry, entry)) {
      if (drift) note(old, drift, restartRequired);
      records.push(old);
      continue;
    }
    if (drift) {
      // Re-importing would run the old code under the new version's name: nothing is applied.
      const kept = old?.state === 'active' ? old : Object.assign(createRecord({ ...entry, enabled: false }), { entry });
      if (kept !== old) await describeDisabled(kept, next.dir, hostSdk);
      note(kept, drift, restartRequired);
      records.push(kept);
      continue;
    }
    const record = createRecord(entry);
    kinds.set(record, !old ? 'added' : old.state === 'active' ? 'reconfigured' : old.state === 'disabled' ? 'enabled' : 'retried');
    if (old?.state === 'active') {
      leaving.add(old);
      returning.add(old.id);
    }
    incoming.push(record);
    records.push(record);
  }
  const removed = current.filter((r) => !records.includes(r) && !next.plugins.some((e) => e.package === r.package));
  for (const record of removed) if (record.state === 'active') leaving.add(record);

  // Dependents of a plugin that is turned off or removed cannot keep running without it.
  const kept = () => records.filter((r) => r.state === 'active' && r.plugin && !incoming.includes(r));
  stopOrphans(kept, new Set([...kept().map((r) => r.id), ...returning]), kinds, leaving);
  if (leaving.size === 0 && incoming.length === 0) {
    // Nothing to start or stop: the table in use stays, only the reported list changes.
    state.current = { records, table: state.current.table };
    return report(records, kinds, removed, restartRequired, logger);
  }

  if (leaving.size > 0) {
    mountAndSwap(
      current.filter((r) => !leaving.has(r)),
      kept(),
      deps,
    );
    await destroyInReverse(leaving, deps);
  }

  await loadIncoming(incoming, kept(), records, next, deps);

  // A kept plugin whose dependency was re-configured and then failed goes too.
  const orphans = new Set<PluginRecord>();
  stopOrphans(kept, new Set(records.filter((r) => r.state === 'active').map((r) => r.id)), kinds, orphans);
  const mountOrder = [...kept(), ...incoming.filter((r) => r.state === 'active')];
  const failedMounts = mountAndSwap(records, mountOrder, deps);
  for (const record of failedMounts) orphans.add(record);
  await destroyInReverse(orphans, deps);
  return report(records, kinds, removed, restartRequired, logger);
}

function report(
  records: PluginRecord[],
  kinds: Map<PluginRecord, PluginChangeKind>,
  removed: PluginRecord[],
  restartRequired: HostError[],
  logger: Logger,
): PluginsReloaded {
  const plugins: PluginChange[] = [];
  for (const record of records) {
    const change = kinds.get(record);
    if (change) plugins.push({ id: record.id, package: record.package, change, status: toStatus(record) });
  }
  for (const record of removed) plugins.push({ id: record.id, package: record.package, change: 'removed', status: null });
  for (const change of plugins) {
    const failed = change.status?.error;
    if (failed) logger.error(failed.message, { plugin: change.id, code: failed.code, change: change.change });
    else logger.info(`plugin '${change.id}' ${change.change}`, { plugin: change.id });
  }
  for (const error of restartRequired) logger.warn(error.message, { code: error.code });
  return { plugins, restartRequired: restartRequired.map(({ code, message }) => ({ code, message })) };
}

function sameEntry(a: PluginEntry, b: PluginEntry): boolean {
  return a.enabled === b.enabled && a.initTimeoutMs === b.initTimeoutMs && isDeepStrictEqual(a.config, b.config);
}

interface Drift {
  pluginId: string;
  pkg: string;
  from: string;
  to: string;
}

/** The package's version on disk when it differs from the one this process imported. */
function driftOf(entry: PluginEntry, old: PluginRecord | undefined, dir: string, imported: Map<string, string | null>): Drift | undefined {
  if (!imported.has(entry.package)) return undefined;
  const from = imported.get(entry.package) ?? 'unknown';
  const packageDir = findPackageDir(entry.package, dir);
  if (!packageDir) return undefined;
  let to: string;
  try {
    to = String((JSON.parse(readFileSync(path.join(packageDir, 'package.json'), 'utf8')) as { version?: unknown }).version);
  } catch {
    return undefined;
  }
  return to === from ? undefined : { pluginId: old?.id ?? entry.package, pkg: entry.package, from, to };
}

function note(record: PluginRecord, drift: Drift, list: HostError[]): void {
  const error = hostError('STRATOS_ERR_PLUGIN_RESTART_REQUIRED', drift);
  record.restartRequired = { code: error.code, message: error.message };
  list.push(error);
}

/** Marks failed (and adds to `out`) every kept plugin that depends on an id not in `available`. */
function stopOrphans(
  kept: () => PluginRecord[],
  available: Set<string>,
  kinds: Map<PluginRecord, PluginChangeKind>,
  out: Set<PluginRecord>,
): void {
  for (let changed = true; changed; ) {
    changed = false;
    for (const record of kept()) {
      const missing = record.dependsOn.find((id) => !available.has(id));
      if (missing === undefined) continue;
      failRecord(record, hostError('STRATOS_ERR_PLUGIN_DEPENDENCY_MISSING', { pluginId: record.id, dependency: missing }));
      kinds.set(record, 'stopped');
      available.delete(record.id);
      out.add(record);
      changed = true;
    }
  }
}

/**
 * Mounts `mountOrder` (running plugins first, so a newcomer never displaces one) and makes the
 * table current in the same tick, auth types included. Returns the plugins that failed to mount.
 */
function mountAndSwap(records: PluginRecord[], mountOrder: PluginRecord[], deps: ReloadPluginsDeps): PluginRecord[] {
  for (const record of deps.state.current.records) deps.services.authTypes.unregisterOwner(record.id);
  const { table, failed } = mountPlugins(mountOrder, deps.core, deps.logger.child('mount'), deps.services.authTypes);
  deps.state.current = { records, table };
  return failed;
}

async function destroyInReverse(records: Set<PluginRecord>, deps: ReloadPluginsDeps): Promise<void> {
  const { live, logger } = deps;
  for (const record of [...live.active].reverse()) {
    if (records.has(record)) await destroyQuietly(record, logger);
  }
  live.active = live.active.filter((record) => !records.has(record));
}

/** The loader's checks and `init` for the plugins a reload adds, against the running set. */
async function loadIncoming(
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
    incoming.map((record) => preparePlugin(record, next.dir, prepareOptions(hostSdk, record, logger)).catch((error: unknown) => fail(record, error))),
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
  const failedIds = new Map(records.filter((r) => r.state === 'failed').map((r) => [r.id, r.error?.message ?? 'it failed'] as const));
  const { order, failures } = orderPlugins([...running, ...ready], failedIds);
  for (const record of ready) {
    const failure = failures.get(record.id);
    if (failure) fail(record, failure);
  }
  const toInit = new Map(ready.filter((r) => r.state === 'active').map((r) => [r.id, r]));
  const initOrder = await initPlugins(toInit, order.filter((id) => toInit.has(id)), {
    logger,
    dataDir: next.dataDir,
    ...deps.services,
    timeoutMs: next.pluginInitTimeoutMs,
  });
  for (const id of initOrder) deps.live.active.push(toInit.get(id)!);
}
