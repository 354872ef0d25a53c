import { isDeepStrictEqual } from 'node:util';
import type { HostConfig, PluginEntry } from '../config/types.js';
import type { HostEndpointServices } from '../endpoints/endpoint-services.js';
import type { HostError } from '../errors.js';
import type { Logger } from '../internal/logger.js';
import type { HostSdk } from '../loader/check-sdk-copy.js';
import { describeDisabled, findHostSdk } from '../loader/load-plugins.js';
import { createRecord, type PluginRecord, type PluginStatus } from '../loader/types.js';
import type { CoreRouters } from '../mount/mount-plugins.js';
import type { HostStateRef } from '../server/host-state.js';
import { driftOf, noteRestartRequired } from './drift-of.js';
import { loadIncoming } from './load-incoming.js';
import { destroyInReverse, mountAndSwap } from './mount-and-swap.js';
import { reportChanges } from './report-changes.js';
import { stopOrphans } from './stop-orphans.js';

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
      if (drift) noteRestartRequired(old, drift, restartRequired);
      records.push(old);
      continue;
    }
    if (drift) {
      // Re-importing would run the old code under the new version's name: nothing is applied.
      const kept = old?.state === 'active' ? old : Object.assign(createRecord({ ...entry, enabled: false }), { entry });
      if (kept !== old) await describeDisabled(kept, next.dir, hostSdk);
      noteRestartRequired(kept, drift, restartRequired);
      records.push(kept);
      continue;
    }
    const record = createRecord(entry);
    kinds.set(
      record,
      !old ? 'added' : old.state === 'active' ? 'reconfigured' : old.state === 'disabled' ? 'enabled' : 'retried',
    );
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
    return reportChanges(records, kinds, removed, restartRequired, logger);
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
  return reportChanges(records, kinds, removed, restartRequired, logger);
}

function sameEntry(a: PluginEntry, b: PluginEntry): boolean {
  return a.enabled === b.enabled && a.initTimeoutMs === b.initTimeoutMs && isDeepStrictEqual(a.config, b.config);
}
