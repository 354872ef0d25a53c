import type { Endpoint, EndpointTlsOptions, TokenRecord } from './endpoint.js';
import type { SessionUser } from './user.js';

/** Read access to registered endpoints and the tokens users connected to them with. */
export interface EndpointAccess {
  /** Every registered endpoint, of every type, without secrets. */
  list(): Promise<Endpoint[]>;
  /** The registered endpoint with `guid`, without secrets; `undefined` when there is none. */
  get(guid: string): Promise<Endpoint | undefined>;
  /** The token `user` would reach the endpoint with: their own, else a system-shared one. */
  tokenFor(endpointGuid: string, user: SessionUser): Promise<TokenRecord | undefined>;
}

/** An HTTP request to an endpoint; `path` and `query` are appended to the endpoint's URL. */
export interface EndpointRequest {
  /** The HTTP method, upper-cased by the host; `GET` when absent. */
  method?: string;
  /** Appended to the URL's own path, so `https://h/api` + `/v1/x` is `https://h/api/v1/x`; give it percent-encoded. */
  path?: string;
  /** A map (encoded by the host) or a raw query string, added after any query the URL already has. */
  query?: Record<string, string> | string;
  /** Request headers; `content-length` is added for a body when absent. */
  headers?: Record<string, string>;
  /** The request body; a string is sent as UTF-8. */
  body?: string | Uint8Array;
  /** Milliseconds before the request is abandoned; the host's default applies otherwise. */
  timeoutMs?: number;
}

/** A buffered answer of an endpoint. */
export interface EndpointResponse {
  /** The answer's HTTP status; a 4xx or 5xx is an answer like any other, not a rejection. */
  status: number;
  /** The answer's headers, with lower-case names as Node reads them (`set-cookie` is an array). */
  headers: Record<string, string | string[] | undefined>;
  /** The whole answer body, read into memory (at most 10 MiB, else the request fails). */
  body: Uint8Array;
  /** The body decoded as UTF-8. */
  text(): string;
  /** The body parsed as JSON; throws when it is not JSON. `T` is not checked. */
  json<T = unknown>(): T;
}

/** HTTP calls that honour an endpoint's TLS settings (skip-SSL validation, CA certificate). */
export interface EndpointHttp {
  /**
   * Sends `request` (a `GET` by default) to `url` plus its `path` and `query`, applying `tls`, and
   * buffers the answer. Rejects, with an error carrying an HTTP `status` and a message saying what to
   * fix, when the URL is not http(s), the host cannot be reached, its certificate is refused, no
   * answer comes in time (30 s by default) or the answer exceeds 10 MiB.
   */
  request(url: string, tls: EndpointTlsOptions, request?: EndpointRequest): Promise<EndpointResponse>;
}

/** Calls an endpoint's API with `user`'s stored token applied by its auth type. */
export interface EndpointProxy {
  /**
   * Sends `request` to the endpoint's API URL with the token `user` reaches it with (their own, else
   * the system-shared one), as `ctx.http.request` does; the token's auth headers override
   * request headers of the same name. Rejects with status 404 for an unknown endpoint, 403 when
   * `user` is not connected, 503 when no active plugin provides the token's auth type.
   */
  call(endpointGuid: string, user: SessionUser, request?: EndpointRequest): Promise<EndpointResponse>;
}
