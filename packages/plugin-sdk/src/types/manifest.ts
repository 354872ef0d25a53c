/**
 * The `stratosPlugin` field of a plugin's package.json, as the host reads it.
 *
 * @example
 * ```json
 * "stratosPlugin": { "id": "notes", "sdk": "^1.0.0", "dependsOn": [], "configSchema": { "type": "object" } }
 * ```
 */
export interface PluginManifest {
  /** Unique id in a host; defaults to the package name. */
  id?: string;
  /** Semver range of `@stratos/plugin-sdk` the plugin was built for. */
  sdk: string;
  /** Ids of plugins that must be initialised before this one. */
  dependsOn?: string[];
  /** JSON Schema for the plugin's `config` entry, inline or as a path inside the package. */
  configSchema?: Record<string, unknown> | string;
}
