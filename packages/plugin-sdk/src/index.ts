/**
 * `@stratos/plugin-sdk`: the contract Stratos host plugins are written against.
 * Everything exported here is public API; a change to it is a semver change of this package.
 *
 * @packageDocumentation
 */
export { SDK_VERSION } from './version.js';
export { definePlugin, isStratosPlugin } from './define-plugin.js';
export { MANIFEST_FIELD, MANIFEST_SCHEMA } from './manifest-schema.js';
export { PluginError, isPluginError, isHostError } from './errors.js';
export type { HostErrorLike } from './errors.js';
export { PLUGIN_BRAND } from './types/plugin.js';
export type { StratosPlugin, StratosPluginSpec, PluginContext, MiddlewarePlugin, RoutePlugin } from './types/plugin.js';
export type {
  AuthTypeHandler,
  EndpointPlugin,
  Endpoint,
  EndpointProbe,
  EndpointTlsOptions,
  EndpointAction,
  ConnectRequest,
  TokenRecord,
  InfoDocument,
} from './types/endpoint.js';
export type { PluginMiddleware, PluginRouter, StratosContext, StratosState } from './types/koa.js';
export type { PluginLogger, LogFields } from './types/logger.js';
export type { EndpointAccess, EndpointHttp, EndpointProxy, EndpointRequest, EndpointResponse } from './types/services.js';
export type { PluginManifest } from './types/manifest.js';
export type { SessionUser } from './types/user.js';
