import type { PluginContext } from '@stratos/plugin-sdk';
import type { CoverageEntry, MetricsConfig } from './coverage.js';

/**
 * What the plugin keeps between calls: the context `init` received (routes get Koa's context,
 * not the plugin's) and, per metrics endpoint guid, the coverage last learnt on connect, which
 * lets a route tell a caller who is not connected which Prometheus to connect to.
 */
export class MetricsState {
  #context: PluginContext<MetricsConfig> | undefined;
  /** Coverage learnt by any connection, by metrics endpoint guid; never holds credentials. */
  readonly knownCoverage = new Map<string, CoverageEntry[]>();

  /** Keeps the context of `init`; a re-initialised plugin starts afresh. */
  attach(context: PluginContext<MetricsConfig>): void {
    this.#context = context;
    this.knownCoverage.clear();
  }

  /** The context of `init`; using the plugin before `init` is a host bug. */
  get context(): PluginContext<MetricsConfig> {
    if (!this.#context) throw new Error("plugin 'metrics' was used before init()");
    return this.#context;
  }

  /** Forgets everything; called by `destroy`. */
  detach(): void {
    this.#context = undefined;
    this.knownCoverage.clear();
  }
}
