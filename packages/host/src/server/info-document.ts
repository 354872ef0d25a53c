import type { InfoDocument, SessionUser } from '@stratos/plugin-sdk';
import { buildInfoEndpoints } from '../endpoints/info-endpoints.js';
import { describeError } from '../internal/describe-value.js';
import type { Logger } from '../internal/logger.js';
import type { PluginRecord } from '../loader/types.js';
import type { MountTable } from '../mount/mount-plugins.js';
import type { Store } from '../store/store.js';
import { HOST_VERSION } from '../version.js';

/** Builds `/pp/v1/info` for a user, then lets every endpoint type annotate it. */
export async function buildInfo(
  user: SessionUser,
  deps: { store: Store; records: readonly PluginRecord[]; table: MountTable; logger: Logger },
): Promise<InfoDocument> {
  const endpoints = await buildInfoEndpoints(user, deps.store, deps.table);
  const plugins: Record<string, boolean> = {};
  for (const record of deps.records) plugins[record.id] = record.state === 'active';
  const info: InfoDocument = {
    version: { proxy_version: HOST_VERSION, database_version: deps.store.schemaVersion },
    user,
    endpoints,
    plugins,
    'plugin-config': {},
    config: {
      enableTechPreview: false,
      listMaxSize: 600,
      listAllowLoadMaxed: false,
      APIKeysEnabled: 'disabled',
      homeViewShowFavoritesOnly: false,
      userEndpointsEnabled: 'disabled',
    },
  };
  // Jetstream's Diagnostics, for the console's About page; it describes the deployment, so admins only.
  if (user.admin) {
    info.diagnostics = {
      deploymentType: 'node',
      databaseBackend: 'sqlite',
      hostVersion: HOST_VERSION,
      nodeVersion: process.versions.node,
      databaseSchemaVersion: deps.store.schemaVersion,
      pluginsActive: deps.records.filter((r) => r.state === 'active').length,
      pluginsConfigured: deps.records.length,
      endpointTypes: [...deps.table.endpointTypes.keys()],
    };
  }
  for (const { pluginId, endpoint } of deps.table.endpointTypes.values()) {
    if (!endpoint.updateMetadata) continue;
    try {
      await endpoint.updateMetadata(info, user);
    } catch (error) {
      deps.logger.error(
        `plugin '${pluginId}' failed in updateMetadata(); /pp/v1/info is answered without the changes it had not made yet`,
        {
          plugin: pluginId,
          error: describeError(error),
        },
      );
    }
  }
  return info;
}
