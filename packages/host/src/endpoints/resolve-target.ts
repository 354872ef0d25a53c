import type { Endpoint, SessionUser, TokenRecord } from '@stratos/plugin-sdk';
import type { AuthTypes } from './auth-types.js';
import { EndpointRequestError } from './endpoint-request-error.js';

/** What the proxy needs to know of an endpoint: where it is and how to trust it. */
export type ProxyEndpoint = Pick<Endpoint, 'guid' | 'name' | 'apiEndpoint' | 'skipSslValidation' | 'caCert'>;

/**
 * How the proxy finds endpoints and tokens. The SDK's `EndpointAccess` (which the store backs)
 * satisfies it as it is.
 */
export interface EndpointLookup {
  /** The endpoint with `guid`, or `undefined` when none is registered. */
  get(guid: string): Promise<ProxyEndpoint | undefined>;
  /** The decrypted token `user` reaches the endpoint with (their own, else a system-shared one). */
  tokenFor(endpointGuid: string, user: SessionUser): Promise<TokenRecord | undefined>;
}

/** What proxy routes and helpers depend on. */
export interface ProxyDeps {
  endpoints: EndpointLookup;
  authTypes: AuthTypes;
  /** Time an endpoint has to answer (the head, for streamed answers), in milliseconds. */
  timeoutMs?: number;
}

/** An endpoint ready to be called on a user's behalf. */
export interface ResolvedTarget {
  endpoint: ProxyEndpoint;
  /** Headers that authenticate the call (e.g. `authorization`); never logged. */
  authHeaders: Record<string, string>;
}

/**
 * Finds endpoint `guid` and the token `user` reaches it with, and builds the headers that
 * authenticate a call. Fails with kind `unknown-endpoint` (404), `not-connected` (403) or
 * `unknown-auth-type` (503), each with a message saying what to do.
 */
export async function resolveTarget(deps: ProxyDeps, guid: string, user: SessionUser): Promise<ResolvedTarget> {
  const endpoint = await deps.endpoints.get(guid);
  if (!endpoint) {
    throw new EndpointRequestError(
      'unknown-endpoint',
      `Endpoint '${guid}' is not registered; list the endpoints with GET /api/v1/endpoints`,
    );
  }
  const token = await deps.endpoints.tokenFor(guid, user);
  if (!token) {
    throw new EndpointRequestError(
      'not-connected',
      `You are not connected to endpoint '${endpoint.name}'; connect first with POST /api/v1/tokens (cnsi_guid=${guid})`,
    );
  }
  const authHeaders: Record<string, string> = {};
  deps.authTypes.apply(authHeaders, token);
  return { endpoint, authHeaders };
}
