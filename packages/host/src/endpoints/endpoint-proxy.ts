import type { EndpointHttp, EndpointProxy, EndpointRequest, SessionUser } from '@stratos/plugin-sdk';
import { resolveTarget, type ProxyDeps } from './resolve-target.js';

/**
 * The `proxy` helper of a plugin's context: calls an endpoint's API with the token `user` reaches
 * it with, applied by its auth type, through `http` (which honours the endpoint's TLS settings).
 * Auth headers win over headers of the same name in the request, so a plugin cannot send another
 * user's credentials by mistake. Fails with an `EndpointRequestError` (`unknown-endpoint`,
 * `not-connected`, `unreachable`, `tls`, `timeout`…) that a route may let through as its answer.
 *
 * @example
 * ```ts
 * const proxy = createEndpointProxy({ endpoints, authTypes }, createEndpointHttp());
 * const answer = await proxy.call(guid, ctx.state.user, { path: '/api/v1/query', query: { query: 'up' } });
 * ```
 */
export function createEndpointProxy(deps: ProxyDeps, http: EndpointHttp): EndpointProxy {
  return {
    async call(endpointGuid: string, user: SessionUser, request: EndpointRequest = {}) {
      const { endpoint, authHeaders } = await resolveTarget(deps, endpointGuid, user);
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(request.headers ?? {})) headers[name.toLowerCase()] = value;
      return http.request(
        endpoint.apiEndpoint,
        { skipSslValidation: endpoint.skipSslValidation, caCert: endpoint.caCert },
        {
          ...request,
          headers: { ...headers, ...authHeaders },
          timeoutMs: request.timeoutMs ?? deps.timeoutMs,
        },
      );
    },
  };
}
