// A reload can take away a plugin others depend on; those dependents must stop with it, and each
// one stopped can orphan further plugins in turn.
import { hostError } from '../errors.js';
import { failRecord, type PluginRecord } from '../loader/types.js';
import type { PluginChangeKind } from './reload-plugins.js';

/** Marks failed (and adds to `out`) every kept plugin that depends on an id not in `available`. */
export function stopOrphans(
  kept: () => PluginRecord[],
  available: Set<string>,
  kinds: Map<PluginRecord, PluginChangeKind>,
  out: Set<PluginRecord>,
): void {
  for (let changed = true; changed;) {
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
