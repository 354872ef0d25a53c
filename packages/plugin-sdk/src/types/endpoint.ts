import type { SessionUser } from './user.js';

/** TLS settings the host applies when a plugin probes or calls an endpoint. */
export interface EndpointTlsOptions {
  /** True to accept any certificate from an https endpoint (the endpoint's `skip_ssl_validation`). */
  skipSslValidation: boolean;
  /** A PEM CA certificate trusted besides Node's default roots (the endpoint's `ca_cert`); absent when none was given. */
  caCert?: string;
}

/** What an endpoint type's `info()` learnt by probing a URL; the host stores it with the endpoint. */
export interface EndpointProbe {
  /** Stored as the endpoint's `subType`, unless the register request gave its own `sub_type`. */
  subType?: string;
  /** Stored as the endpoint's `authorizationEndpoint` (`authorization_endpoint`); the host only keeps and lists it. */
  authorizationEndpoint?: string;
  /** Stored as the endpoint's `tokenEndpoint` (`token_endpoint`); the host only keeps and lists it. */
  tokenEndpoint?: string;
  /** Stored as the endpoint's `dopplerLoggingEndpoint` (`doppler_logging_endpoint`); the host only keeps and lists it. */
  dopplerLoggingEndpoint?: string;
  /** Stored as the endpoint's `metadata`; `{}` when absent. */
  metadata?: Record<string, unknown>;
}

/** A registered endpoint as plugins see it: never carries secrets. */
export interface Endpoint {
  /** The endpoint's id, derived from its API URL as Jetstream derives it, so one URL always gets the same guid. */
  guid: string;
  /** The display name an administrator gave at registration (`cnsi_name`), unique in the host. */
  name: string;
  /** The `type` of the {@link EndpointPlugin} it belongs to (`cnsi_type`; `endpoint_type` when registering). */
  type: string;
  /** The register request's `sub_type`, else the one `info()` returned (`sub_type`). */
  subType?: string;
  /**
   * The API URL as registered (`api_endpoint`), normalised: http or https, scheme and host in lower
   * case, without a default port, trailing slashes, an empty query or a fragment; never with user info.
   */
  apiEndpoint: string;
  /** As `info()` reported it at registration (`authorization_endpoint`). */
  authorizationEndpoint?: string;
  /** As `info()` reported it at registration (`token_endpoint`). */
  tokenEndpoint?: string;
  /** As `info()` reported it at registration (`doppler_logging_endpoint`). */
  dopplerLoggingEndpoint?: string;
  /** True when the host accepts any certificate from this endpoint (`skip_ssl_validation`). */
  skipSslValidation: boolean;
  /** A PEM CA certificate the host trusts for this endpoint besides the default roots (`ca_cert`). */
  caCert?: string;
  /** What `info()` returned as `metadata` at registration (`{}` when nothing); an update does not probe again. */
  metadata: Record<string, unknown>;
  /** The guid of the administrator who registered the endpoint. */
  creator?: string;
}

/** The connect form, read from the request, handed to an endpoint type's `connect()`. */
export interface ConnectRequest {
  /**
   * The request's `connect_type` field, trimmed and never empty (the host answers 400 first), e.g.
   * `creds` or `token`; which values mean what is up to the endpoint type.
   */
  connectType: string;
  /**
   * Every field of the request, query string and body (urlencoded, multipart or JSON) merged, the
   * body winning; includes the host's own `cnsi_guid`, `connect_type` and `system_shared`.
   */
  fields: Readonly<Record<string, string>>;
  /**
   * The `system_shared` field: the token is stored for every user who has none of their own.
   * Only administrators get this far with it; others are answered 403.
   */
  systemShared: boolean;
}

/** A token record produced by `connect()`; the host encrypts `authToken` and `refreshToken` at rest. */
export interface TokenRecord {
  /** How a proxied request is authenticated: `HttpBasic`, `Bearer`, `Token`, `none` or a registered type. */
  authType: string;
  /** The secret the auth type sends, e.g. base64 of `user:password` for `HttpBasic`; never returned to clients. */
  authToken: string;
  /** Kept encrypted and handed back with the token; the host itself never refreshes a token. */
  refreshToken?: string;
  /** When the token expires, in unix seconds; reported to the client as `token_expiry`, not enforced by the host. */
  expiry?: number;
  /** Who the endpoint knows the user as; clients see it as `account` and as the connected user's guid and name. */
  account?: string;
  /** True when the connected account is an administrator of the endpoint. */
  admin?: boolean;
  /**
   * Kept with the token (`{}` when absent); `/pp/v1/info` shows the metadata of the token a user
   * reaches the endpoint with as that endpoint's `endpoint_metadata`.
   */
  metadata?: Record<string, unknown>;
}

/** Why the host tells plugins about an endpoint. */
export type EndpointAction = 'register' | 'unregister' | 'update';

/** The `/pp/v1/info` document, which endpoint types may annotate in `updateMetadata`. */
export interface InfoDocument {
  /** `proxy_version` (the host's version) and `database_version` (the store's schema version). */
  version: Record<string, unknown>;
  /** The logged-in user the document is built for. */
  user: SessionUser;
  /**
   * Endpoints by type, then by guid, in Jetstream's snake_case shape (`cnsi_type`, `metadata`,
   * `user`, …; `api_endpoint` is a Go URL object here). Every active type has a key, even when empty.
   */
  endpoints: Record<string, Record<string, Record<string, unknown>>>;
  /** Every configured plugin's id, and whether it is active. */
  plugins: Record<string, boolean>;
  /** The document's other fields: `plugin-config`, `config`, `diagnostics` (administrators only) and what plugins add. */
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
  /**
   * Called on registration (`POST /api/v1/endpoints`) with the new `api_endpoint` and the request's
   * TLS settings, to probe the URL; what it returns is stored with the endpoint. A throw, or no
   * answer within 30 s, refuses the registration with 400 (or the error's own 4xx `status`).
   */
  info(url: string, options: EndpointTlsOptions): Promise<EndpointProbe> | EndpointProbe;
  /**
   * Called on `POST /api/v1/tokens` with the connect form, the endpoint and the caller; the token it
   * returns is stored for the caller (for everyone with `systemShared`), replacing an earlier one.
   * A throw refuses with the error's 4xx `status`, else 400.
   */
  connect(request: ConnectRequest, endpoint: Endpoint, user: SessionUser): Promise<TokenRecord> | TokenRecord;
  /**
   * Called right after the token from `connect()` is saved, with that token as stored; a throw
   * deletes it again and answers the error's 4xx `status`, else 400.
   */
  validate?(endpoint: Endpoint, token: TokenRecord): Promise<void> | void;
  /**
   * Called for every `/pp/v1/info` document (also the one `GET /api/v1/auth/verify` answers with),
   * to change `info` in place for `user`. A throw is logged with the plugin's id and the document is
   * sent as it stands.
   */
  updateMetadata?(info: InfoDocument, user: SessionUser): Promise<void> | void;
  /**
   * Auth types this endpoint type's tokens may name besides the built-in `HttpBasic`, `Bearer`,
   * `Token` and `none`, by name. A built-in name, or one another plugin already registered, fails the mount.
   */
  authTypes?: Record<string, AuthTypeHandler>;
}
