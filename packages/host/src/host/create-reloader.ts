import { isDeepStrictEqual } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadConfig, type LoadConfigOptions } from '../config/load-config.js';
import type { HostConfig } from '../config/types.js';
import { hostError, isHostError } from '../errors.js';
import { describeError } from '../internal/describe-value.js';
import { reloadPlugins, type PluginsReloaded, type ReloadPluginsDeps } from './reload-plugins.js';

/** A coded problem, as reports carry it. */
export interface CodedProblem {
  code: string;
  message: string;
}

/** The outcome of the last reload, as `host.json` and `X-Stratos-Last-Reload` tell it. */
export interface LastReload {
  /** ISO time the reload finished. */
  at: string;
  /** False when the new config file was rejected as a whole. */
  ok: boolean;
  error?: CodedProblem;
}

/** What `host.reload()` did. */
export interface ReloadResult extends PluginsReloaded {
  at: string;
  /** False when the new config was rejected as a whole; the running plugins are then unchanged. */
  ok: boolean;
  error: CodedProblem | null;
}

/** Options of one reload. */
export interface ReloadOptions {
  /**
   * Reads the file once more after this many milliseconds when it does not parse, as a file being
   * written by an editor may not (the config watcher sets it).
   */
  retryParseErrorAfterMs?: number;
}

/** Reloads of one host, one at a time. */
export interface Reloader {
  reload(options?: ReloadOptions): Promise<ReloadResult>;
  lastReload(): LastReload | null;
  /** The config in effect: the start-up settings with the plugins of the last accepted file. */
  config(): HostConfig;
  /** Waits for the reload under way; every later one is refused. */
  close(): Promise<void>;
}

/** What {@link createReloader} needs. */
export interface CreateReloaderOptions {
  config: HostConfig;
  load: LoadConfigOptions;
  plugins: ReloadPluginsDeps;
  onReload?(result: ReloadResult): void;
}

/** Settings read once at start; a changed one is reported instead of applied. */
const START_ONLY = ['server', 'dataDir', 'logLevel', 'session', 'onPluginFailure', 'ui'] as const;

/**
 * Serialises reloads of the config file: a reload asked for while one runs starts after it. A file
 * that does not load is rejected whole, logged and remembered as the last reload; otherwise the
 * plugins are brought in line with it by {@link reloadPlugins}.
 */
export function createReloader(options: CreateReloaderOptions): Reloader {
  const { logger } = options.plugins;
  let applied = options.config;
  let last: LastReload | null = null;
  let closed = false;
  let queue: Promise<unknown> = Promise.resolve();

  const finish = (result: ReloadResult): ReloadResult => {
    last = { at: result.at, ok: result.ok, ...(result.error ? { error: result.error } : {}) };
    options.onReload?.(result);
    return result;
  };
  const rejected = (error: CodedProblem): ReloadResult => {
    logger.error(error.message, { code: error.code });
    return finish({ at: new Date().toISOString(), ok: false, error, plugins: [], restartRequired: [] });
  };

  const run = async (reloadOptions: ReloadOptions): Promise<ReloadResult> => {
    const file = applied.file;
    if (closed) return rejected(coded(hostError('STRATOS_ERR_SERVER_STOPPING', { file: file ?? applied.dir })));
    if (!file) return rejected(coded(hostError('STRATOS_ERR_CONFIG_NO_FILE', { dir: applied.dir })));
    let next: HostConfig;
    try {
      next = await readConfig(file, options.load, reloadOptions.retryParseErrorAfterMs);
    } catch (error) {
      return rejected(isHostError(error) ? coded(error) : { code: 'STRATOS_ERR_CONFIG_PARSE', message: describeError(error) });
    }
    const effective: HostConfig = { ...applied, plugins: next.plugins, pluginInitTimeoutMs: next.pluginInitTimeoutMs };
    const changed = START_ONLY.flatMap((key) => changedSettings(key, options.config[key], next[key]));
    const reloaded = await reloadPlugins(effective, options.plugins);
    applied = effective;
    if (changed.length > 0) {
      const error = coded(
        hostError('STRATOS_ERR_CONFIG_RESTART_REQUIRED', { file, settings: changed.map((s) => `'${s}'`).join(', ') }),
      );
      logger.warn(error.message, { code: error.code });
      reloaded.restartRequired.unshift(error);
    }
    logger.info(`reloaded '${file}': ${reloaded.plugins.length} plugin(s) changed`, {
      restartRequired: reloaded.restartRequired.length,
    });
    return finish({ at: new Date().toISOString(), ok: true, error: null, ...reloaded });
  };

  return {
    reload(reloadOptions = {}) {
      const result = queue.then(() => run(reloadOptions));
      queue = result.catch(() => undefined);
      return result;
    },
    lastReload: () => last,
    config: () => applied,
    async close() {
      closed = true;
      await queue;
    },
  };
}

async function readConfig(file: string, load: LoadConfigOptions, retryAfterMs: number | undefined): Promise<HostConfig> {
  const read = () => loadConfig({ ...load, configPath: file });
  try {
    return await read();
  } catch (error) {
    if (retryAfterMs === undefined || (error as { code?: string }).code !== 'STRATOS_ERR_CONFIG_PARSE') throw error;
    await sleep(retryAfterMs);
    return read();
  }
}

function coded(error: { code: string; message: string }): CodedProblem {
  return { code: error.code, message: error.message };
}

/** Names of the settings under `key` that differ, e.g. `server.port`. */
function changedSettings(key: string, before: unknown, after: unknown): string[] {
  if (isDeepStrictEqual(before, after)) return [];
  if (typeof before !== 'object' || before === null || typeof after !== 'object' || after === null) return [key];
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...names]
    .filter((name) => !isDeepStrictEqual((before as Record<string, unknown>)[name], (after as Record<string, unknown>)[name]))
    .map((name) => `${key}.${name}`);
}
