import type { EndpointServices } from '../loader/create-plugin-context.js';
import type { Store } from '../store/store.js';
import { createAuthTypes, type AuthTypes } from './auth-types.js';
import { createEndpointAccess } from './endpoint-access.js';
import { createEndpointProxy } from './endpoint-proxy.js';
import { createEndpointHttp } from './http-client.js';
import type { ProxyDeps } from './resolve-target.js';

/** The endpoint services of one host: what plugins get in their context, and what the proxy routes use. */
export interface HostEndpointServices extends EndpointServices {
  authTypes: AuthTypes;
  proxyDeps: ProxyDeps;
}

/** Builds the endpoint services over `store`. */
export function createEndpointServices(store: Store): HostEndpointServices {
  const endpoints = createEndpointAccess(store);
  const authTypes = createAuthTypes();
  const proxyDeps: ProxyDeps = { endpoints, authTypes };
  const http = createEndpointHttp();
  return { endpoints, http, proxy: createEndpointProxy(proxyDeps, http), authTypes, proxyDeps };
}
