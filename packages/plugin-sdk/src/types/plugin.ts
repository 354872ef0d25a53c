import type { EndpointAction, Endpoint, EndpointPlugin } from './endpoint.js';
import type { PluginMiddleware, PluginRouter } from './koa.js';
import type { PluginLogger } from './logger.js';
import type { EndpointAccess, EndpointHttp, EndpointProxy } from './services.js';

/** Middleware a plugin adds (Jetstream's EchoMiddleware and SessionEchoMiddleware). */
export interface MiddlewarePlugin {
  /** Runs on every request, before the session gate. */
  middleware?: PluginMiddleware;
  /** Runs only on requests that passed the session gate (`ctx.state.user` is set). */
  sessionMiddleware?: PluginMiddleware;
}

/** Route groups a plugin adds under `/pp/v1` (Jetstream's RoutePlugin). */
export interface RoutePlugin {
  /** Routes for any logged-in user. */
  addSessionGroupRoutes?(router: PluginRouter): void;
  /** Routes for administrators only (scope `stratos.admin`); others get 403. */
  addAdminGroupRoutes?(router: PluginRouter): void;
}

/** What the host hands a plugin's `init`. */
export interface PluginContext<Config = Record<string, unknown>> {
  /** The plugin's id (manifest `id`, else its package name). */
  pluginId: string;
  /** The npm package the plugin was loaded from. */
  packageName: string;
  /** The plugin's `config` entry, validated against its `configSchema` with defaults filled in. */
  config: Readonly<Config>;
  /** A logger whose lines carry the plugin's id. */
  logger: PluginLogger;
  /** The `@stratos/plugin-sdk` version the host runs. */
  sdkVersion: string;
  /** The `@stratos/host` version. */
  hostVersion: string;
  /** A folder for the plugin's own files, inside the host's data directory (created on first start). */
  dataDir: string;
  /** Registered endpoints and users' tokens, read-only. */
  endpoints: EndpointAccess;
  /** An HTTP client that applies an endpoint's TLS settings. */
  http: EndpointHttp;
  /** Calls an endpoint with a user's stored token. */
  proxy: EndpointProxy;
}

/** The functions a plugin implements; pass them to {@link definePlugin}. */
export interface StratosPluginSpec<Config = Record<string, unknown>> {
  /** Called once before anything is mounted; throw or reject and the plugin is not added. */
  init(ctx: PluginContext<Config>): void | Promise<void>;
  /** Absent, `undefined` or throwing: the plugin adds no middleware. */
  getMiddlewarePlugin?(): MiddlewarePlugin | undefined;
  /** Absent, `undefined` or throwing: the plugin adds no endpoint type. */
  getEndpointPlugin?(): EndpointPlugin | undefined;
  /** Absent, `undefined` or throwing: the plugin adds no routes. */
  getRoutePlugin?(): RoutePlugin | undefined;
  /** Told after an endpoint is registered, updated or unregistered; a throw is logged, never fatal. */
  onEndpointNotification?(action: EndpointAction, endpoint: Endpoint): void | Promise<void>;
  /** Called on shutdown and when the plugin is disabled, in reverse order of init. */
  destroy?(): void | Promise<void>;
}

/** The brand the host recognises a plugin by; works across duplicate copies of the SDK. */
export const PLUGIN_BRAND = '@stratos/Plugin';

/** A plugin value, as returned by {@link definePlugin}. */
export interface StratosPlugin<Config = Record<string, unknown>> extends StratosPluginSpec<Config> {
  /** The brand {@link definePlugin} sets; the host accepts a default export as a plugin only with it and `version` 1. */
  readonly $$type: typeof PLUGIN_BRAND;
  /** Version of the plugin value's shape, not of the plugin. */
  readonly version: 1;
}
