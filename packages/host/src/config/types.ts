import type { LogLevel } from '../internal/logger.js';

/** One plugin entry of the config, normalised: a bare package name becomes `{ package, enabled: true }`. */
export interface PluginEntry {
  package: string;
  enabled: boolean;
  config: Record<string, unknown>;
  initTimeoutMs?: number;
}

/** The host configuration with every default filled in and every path absolute. */
export interface HostConfig {
  /** The file the config was read from; undefined when running on embedded defaults. */
  file?: string;
  /** Folder plugin packages and relative paths are resolved from. */
  dir: string;
  server: {
    host: string;
    port: number;
    tls?: { cert: string; key: string };
    bodyLimit: string;
    shutdownTimeoutMs: number;
  };
  dataDir: string;
  logLevel: LogLevel;
  session: { timeoutMinutes: number };
  onPluginFailure: 'skip' | 'abort';
  pluginInitTimeoutMs: number;
  plugins: PluginEntry[];
  /** A built console to serve at `/` (Jetstream's `UI_PATH`); absent, `/` answers a short note. */
  ui?: { path: string };
}
