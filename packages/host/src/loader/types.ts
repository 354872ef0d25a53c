import type { StratosPlugin } from '@stratos/plugin-sdk';
import type { PluginEntry } from '../config/types.js';

/** Where a configured plugin stands. */
export type PluginState = 'active' | 'disabled' | 'failed';

/** What a plugin adds to the host, as reported by `GET /api/v1/plugins`. */
export interface PluginProvides {
  middleware: boolean;
  sessionMiddleware: boolean;
  endpointType: string | null;
  sessionRoutes: string[];
  adminRoutes: string[];
}

/** The public report of one configured plugin. */
export interface PluginStatus {
  id: string;
  package: string;
  version: string | null;
  sdk: string | null;
  dependsOn: string[];
  state: PluginState;
  provides: PluginProvides;
  /** Milliseconds spent in `init()`; null when it did not run. */
  initMs: number | null;
  error: { code: string; message: string } | null;
  /**
   * Set when a reload could not apply a change to this plugin without a restart (its package
   * changed on disk after Node imported it); absent otherwise.
   */
  restartRequired?: { code: string; message: string };
}

/** A plugin as the loader and mount carry it: its status plus what is needed to run it. */
export interface PluginRecord extends PluginStatus {
  entry: PluginEntry;
  dir?: string;
  entryUrl?: string;
  plugin?: StratosPlugin;
  configSchema?: Record<string, unknown>;
  config?: Record<string, unknown>;
}

/** Creates the record of a configured plugin before any check has run. */
export function createRecord(entry: PluginEntry): PluginRecord {
  return {
    id: entry.package,
    package: entry.package,
    version: null,
    sdk: null,
    dependsOn: [],
    state: entry.enabled ? 'active' : 'disabled',
    provides: { middleware: false, sessionMiddleware: false, endpointType: null, sessionRoutes: [], adminRoutes: [] },
    initMs: null,
    error: null,
    entry,
  };
}

/** Marks a record failed with a coded error. */
export function failRecord(record: PluginRecord, error: { code?: string; message: string }): void {
  record.state = 'failed';
  record.error = { code: error.code ?? 'STRATOS_ERR_PLUGIN_INIT_FAILED', message: error.message };
}

/** The public report of a record, without its internals. */
export function toStatus(record: PluginRecord): PluginStatus {
  const { id, package: pkg, version, sdk, dependsOn, state, provides, initMs, error, restartRequired } = record;
  const status: PluginStatus = { id, package: pkg, version, sdk, dependsOn, state, provides, initMs, error };
  if (restartRequired) status.restartRequired = restartRequired;
  return status;
}
