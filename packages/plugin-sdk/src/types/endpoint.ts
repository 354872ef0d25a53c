import type { SessionUser } from './user.js';

/** TLS settings the host applies when a plugin probes or calls an endpoint. */
export interface EndpointTlsOptions {
  skipSslValidation: boolean;
  caCert?: string;
}

/** What an endpoint type's `info()` learnt by probing a URL; the host stores it with the endpoint. */
export interface EndpointProbe {
  subType?: string;
  authorizationEndpoint?: string;
  tokenEndpoint?: string;
  dopplerLoggingEndpoint?: string;
  metadata?: Record<string, unknown>;
}

/** A registered endpoint as plugins see it: never carries secrets. */
export interface Endpoint {
  guid: string;
  name: string;
  type: string;
  subType?: string;
  apiEndpoint: string;
  authorizationEndpoint?: string;
  tokenEndpoint?: string;
  dopplerLoggingEndpoint?: string;
  skipSslValidation: boolean;
  caCert?: string;
  metadata: Record<string, unknown>;
  creator?: string;
}

/** The connect form, read from the request, handed to an endpoint type's `connect()`. */
export interface ConnectRequest {
  connectType: string;
  fields: Readonly<Record<string, string>>;
  systemShared: boolean;
}

/** A token record produced by `connect()`; the host encrypts `authToken` and `refreshToken` at rest. */
export interface TokenRecord {
  /** How a proxied request is authenticated: `HttpBasic`, `Bearer`, `Token`, `none` or a registered type. */
  authType: string;
  authToken: string;
  refreshToken?: string;
  /** Unix seconds. */
  expiry?: number;
  account?: string;
  /** True when the connected account is an administrator of the endpoint. */
  admin?: boolean;
  metadata?: Record<string, unknown>;
}

/** Why the host tells plugins about an endpoint. */
export type EndpointAction = 'register' | 'unregister' | 'update';

/** The `/pp/v1/info` document, which endpoint types may annotate in `updateMetadata`. */
export interface InfoDocument {
  version: Record<string, unknown>;
  user: SessionUser;
  endpoints: Record<string, Record<string, Record<string, unknown>>>;
  plugins: Record<string, boolean>;
  [key: string]: unknown;
}

/**
 * Authenticates a request to an endpoint: sets on `headers` (lower-case names) what `token`
 * calls for, e.g. `headers['x-api-key'] = token.authToken`. It must not keep the token.
 */
export type AuthTypeHandler = (headers: Record<string, string>, token: TokenRecord) => void;

/**
 * A new endpoint type (Jetstream's EndpointPlugin). Registration itself is done by the host with `info()`.
 */
export interface EndpointPlugin {
  /** Unique endpoint type id, e.g. `metrics`. */
  type: string;
  info(url: string, options: EndpointTlsOptions): Promise<EndpointProbe> | EndpointProbe;
  connect(request: ConnectRequest, endpoint: Endpoint, user: SessionUser): Promise<TokenRecord> | TokenRecord;
  validate?(endpoint: Endpoint, token: TokenRecord): Promise<void> | void;
  updateMetadata?(info: InfoDocument, user: SessionUser): Promise<void> | void;
  /**
   * Auth types this endpoint type's tokens may name besides the built-in `HttpBasic`, `Bearer`,
   * `Token` and `none`, by name. A name another plugin already registered fails the mount.
   */
  authTypes?: Record<string, AuthTypeHandler>;
}
