import type { EndpointAccess, EndpointHttp, EndpointProxy, PluginContext } from '@stratos/plugin-sdk';
import { SDK_VERSION } from '@stratos/plugin-sdk';
import path from 'node:path';
import type { Logger } from '../internal/logger.js';
import { HOST_VERSION } from '../version.js';

/** The host services every plugin context shares. */
export interface EndpointServices {
  endpoints: EndpointAccess;
  http: EndpointHttp;
  proxy: EndpointProxy;
}

/** What the host shares with every plugin context. */
export interface ContextServices extends EndpointServices {
  logger: Logger;
  dataDir: string;
}

/** Builds the context handed to a plugin's `init`. */
export function createPluginContext(
  services: ContextServices,
  plugin: { id: string; package: string; config: Record<string, unknown> },
): PluginContext {
  return {
    pluginId: plugin.id,
    packageName: plugin.package,
    config: Object.freeze(plugin.config),
    logger: services.logger.child(`plugin:${plugin.id}`),
    sdkVersion: SDK_VERSION,
    hostVersion: HOST_VERSION,
    dataDir: path.join(services.dataDir, 'plugins', encodeURIComponent(plugin.id)),
    endpoints: services.endpoints,
    http: services.http,
    proxy: services.proxy,
  };
}
