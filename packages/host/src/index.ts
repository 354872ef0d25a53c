/**
 * `@stratos/host`: a Koa server that loads Stratos plugins from the npm packages named in
 * `stratos.config.json`. Everything exported here is public API.
 *
 * @packageDocumentation
 */
export { createHost } from './host/create-host.js';
export type { CreateHostOptions, Host } from './host/create-host.js';
export { loadConfig, CONFIG_SEARCH_PLACES } from './config/load-config.js';
export type { LoadConfigOptions } from './config/load-config.js';
export type { HostConfig, PluginEntry } from './config/types.js';
export { listen } from './server/listen.js';
export type { Listening } from './server/listen.js';
export { HostError, isHostError, ERROR_MESSAGES } from './errors.js';
export type { HostErrorCode, HostErrorParams } from './errors.js';
export type { PluginStatus, PluginState, PluginProvides } from './loader/types.js';
export type { Store, UserRecord, SessionRecord } from './store/store.js';
export type { LogRecord, LogSink, LogLevel } from './internal/logger.js';
export { HOST_VERSION } from './version.js';
