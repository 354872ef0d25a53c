// The outcome of a reload is both logged and returned to the caller; one place builds both so
// they never disagree.
import type { HostError } from '../errors.js';
import type { Logger } from '../internal/logger.js';
import { toStatus, type PluginRecord } from '../loader/types.js';
import type { PluginChange, PluginChangeKind, PluginsReloaded } from './reload-plugins.js';

/** Logs every change and restart-required error of a reload and returns them as its result. */
export function reportChanges(
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
