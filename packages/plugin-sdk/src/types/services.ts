import type { Endpoint, EndpointTlsOptions, TokenRecord } from './endpoint.js';
import type { SessionUser } from './user.js';

/** Read access to registered endpoints and the tokens users connected to them with. */
export interface EndpointAccess {
  /** Every registered endpoint, of every type, without secrets. */
  list(): Promise<Endpoint[]>;
  get(guid: string): Promise<Endpoint | undefined>;
  /** The token `user` would reach the endpoint with: their own, else a system-shared one. */
  tokenFor(endpointGuid: string, user: SessionUser): Promise<TokenRecord | undefined>;
}

/** An HTTP request to an endpoint; `path` and `query` are appended to the endpoint's URL. */
export interface EndpointRequest {
  method?: string;
  path?: string;
  query?: Record<string, string> | string;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  /** Milliseconds before the request is abandoned; the host's default applies otherwise. */
  timeoutMs?: number;
}

/** A buffered answer of an endpoint. */
export interface EndpointResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Uint8Array;
  text(): string;
  json<T = unknown>(): T;
}

/** HTTP calls that honour an endpoint's TLS settings (skip-SSL validation, CA certificate). */
export interface EndpointHttp {
  request(url: string, tls: EndpointTlsOptions, request?: EndpointRequest): Promise<EndpointResponse>;
}

/** Calls an endpoint's API with `user`'s stored token applied by its auth type. */
export interface EndpointProxy {
  call(endpointGuid: string, user: SessionUser, request?: EndpointRequest): Promise<EndpointResponse>;
}
