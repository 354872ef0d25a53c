import type { Endpoint, EndpointAction } from '@stratos/plugin-sdk';
import { describeError } from '../internal/describe-value.js';
import type { Logger } from '../internal/logger.js';
import type { PluginRecord } from '../loader/types.js';

/**
 * Tells every active plugin about an endpoint change, one after the other. A plugin that throws is
 * logged with its id; the others are still told and the request that caused it still succeeds.
 */
export async function notifyPlugins(
  action: EndpointAction,
  endpoint: Endpoint,
  records: readonly PluginRecord[],
  logger: Logger,
): Promise<void> {
  for (const record of records) {
    const plugin = record.plugin;
    if (record.state !== 'active' || typeof plugin?.onEndpointNotification !== 'function') continue;
    try {
      await plugin.onEndpointNotification(action, endpoint);
    } catch (error) {
      logger.error(`plugin '${record.id}' failed in onEndpointNotification('${action}'); the change stands`, {
        plugin: record.id,
        endpoint: endpoint.guid,
        error: describeError(error),
      });
    }
  }
}
