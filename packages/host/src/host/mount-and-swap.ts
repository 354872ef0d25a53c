// Requests must never reach a destroyed plugin, so a reload swaps in a mount table without the
// leaving plugins first and destroys them only afterwards; these two steps do that.
import { destroyQuietly } from '../loader/init-plugins.js';
import type { PluginRecord } from '../loader/types.js';
import { mountPlugins } from '../mount/mount-plugins.js';
import type { ReloadPluginsDeps } from './reload-plugins.js';

/**
 * Mounts `mountOrder` (running plugins first, so a newcomer never displaces one) and makes the
 * table current in the same tick, auth types included. Returns the plugins that failed to mount.
 */
export function mountAndSwap(records: PluginRecord[], mountOrder: PluginRecord[], deps: ReloadPluginsDeps): PluginRecord[] {
  for (const record of deps.state.current.records) deps.services.authTypes.unregisterOwner(record.id);
  const { table, failed } = mountPlugins(mountOrder, deps.core, deps.logger.child('mount'), deps.services.authTypes);
  deps.state.current = { records, table };
  return failed;
}

/** Destroys `records` in reverse init order and drops them from the live set. */
export async function destroyInReverse(records: Set<PluginRecord>, deps: ReloadPluginsDeps): Promise<void> {
  const { live, logger } = deps;
  for (const record of [...live.active].reverse()) {
    if (records.has(record)) await destroyQuietly(record, logger);
  }
  live.active = live.active.filter((record) => !records.has(record));
}
