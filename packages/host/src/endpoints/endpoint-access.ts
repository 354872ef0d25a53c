import type { EndpointAccess } from '@stratos/plugin-sdk';
import type { Store } from '../store/store.js';
import { toEndpoint, toTokenRecord } from './endpoint-view.js';

/** The read-only view of endpoints and tokens that plugins get as `ctx.endpoints`. */
export function createEndpointAccess(store: Store): EndpointAccess {
  return {
    list: async () => (await store.listEndpoints()).map(toEndpoint),
    async get(guid) {
      const record = await store.getEndpoint(guid);
      return record && toEndpoint(record);
    },
    async tokenFor(endpointGuid, user) {
      const token = await store.findToken(endpointGuid, user.guid);
      return token && toTokenRecord(token);
    },
  };
}
