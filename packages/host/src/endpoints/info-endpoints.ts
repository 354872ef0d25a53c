import type { InfoDocument, SessionUser } from '@stratos/plugin-sdk';
import type { MountTable } from '../mount/mount-plugins.js';
import { SYSTEM_SHARED_USER, type Store } from '../store/store.js';
import { toConnectedUser, toEndpointJson, toGoUrl } from './endpoint-view.js';

/**
 * The `endpoints` of `/pp/v1/info` for `user`: a key for every available endpoint type (even
 * when empty), each holding its endpoints by guid with whom the caller is connected as. Endpoints
 * whose type no active plugin provides are left out: the console could not use them.
 */
export async function buildInfoEndpoints(user: SessionUser, store: Store, table: MountTable): Promise<InfoDocument['endpoints']> {
  const endpoints: InfoDocument['endpoints'] = {};
  for (const type of table.endpointTypes.keys()) endpoints[type] = {};
  for (const record of await store.listEndpoints()) {
    const byGuid = endpoints[record.type];
    if (!byGuid) continue;
    const token = await store.findToken(record.guid, user.guid);
    const { type_available: _available, ...detail } = toEndpointJson(record, true);
    byGuid[record.guid] = {
      ...detail,
      api_endpoint: toGoUrl(record.apiEndpoint),
      user: token ? toConnectedUser(token) : null,
      system_shared_token: token?.userGuid === SYSTEM_SHARED_USER,
      endpoint_metadata: token ? token.metadata : null,
      metadata: { ...record.metadata },
    };
  }
  return endpoints;
}
