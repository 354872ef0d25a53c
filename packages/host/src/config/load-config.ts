import { existsSync } from 'node:fs';
import path from 'node:path';
import { cosmiconfig } from 'cosmiconfig';
import { hostError } from '../errors.js';
import { describeSchemaProblem } from '../internal/ajv-error.js';
import { describeError, describeValue } from '../internal/describe-value.js';
import { applyEnv } from './apply-env.js';
import { validateConfig } from './config-schema.js';
import type { HostConfig, PluginEntry } from './types.js';

/** Where {@link loadConfig} looks, in this order, in the starting folder. */
export const CONFIG_SEARCH_PLACES = ['stratos.config.json', '.stratosrc.json', '.stratosrc', 'package.json'];

/** Options of {@link loadConfig}. */
export interface LoadConfigOptions {
  /** Folder to search for a config file; defaults to the working directory. */
  cwd?: string;
  /** A config file to read instead of searching; overrides `STRATOS_CONFIG`. */
  configPath?: string;
  /** Environment to read `STRATOS_*` overrides from; defaults to `process.env`. */
  env?: NodeJS.ProcessEnv;
}

/**
 * Finds, reads, validates and normalises the host config. Without a file the embedded defaults
 * apply. A bad file or override raises a `STRATOS_ERR_CONFIG_*` error naming the file and JSON path.
 *
 * @example
 * ```ts
 * const config = await loadConfig({ cwd: '/srv/stratos' });
 * console.log(config.server.port, config.plugins.map((p) => p.package));
 * ```
 */
export async function loadConfig(options: LoadConfigOptions = {}): Promise<HostConfig> {
  const env = options.env ?? process.env;
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const explicit = options.configPath ?? (env.STRATOS_CONFIG || undefined);
  const explorer = cosmiconfig('stratos', { searchPlaces: CONFIG_SEARCH_PLACES, searchStrategy: 'none', cache: false });

  let file: string | undefined;
  let raw: unknown = {};
  try {
    if (explicit) {
      file = path.resolve(cwd, explicit);
      if (!existsSync(file)) throw hostError('STRATOS_ERR_CONFIG_NOT_FOUND', { file });
      const result = await explorer.load(file);
      raw = result?.config ?? {};
    } else {
      const result = await explorer.search(cwd);
      if (result) {
        file = result.filepath;
        raw = result.config ?? {};
      }
    }
  } catch (error) {
    if ((error as { code?: string }).code === 'STRATOS_ERR_CONFIG_NOT_FOUND') throw error;
    // A search that fails on a file does not say which one; it is the first that exists here.
    const failed = file ?? CONFIG_SEARCH_PLACES.map((place) => path.join(cwd, place)).find((f) => existsSync(f)) ?? cwd;
    throw hostError('STRATOS_ERR_CONFIG_PARSE', { file: failed, reason: describeError(error) }, error);
  }

  const label = file ?? 'embedded defaults';
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw hostError('STRATOS_ERR_CONFIG_INVALID', {
      file: label,
      path: '/',
      expected: 'must be an object',
      received: describeValue(raw),
    });
  }
  const data = structuredClone(raw) as Record<string, unknown>;
  applyEnv(data, env);
  // Validation fills defaults in place; a problem is described against what the user wrote.
  const written = structuredClone(data);
  if (!validateConfig(data)) {
    throw hostError('STRATOS_ERR_CONFIG_INVALID', {
      file: label,
      ...describeSchemaProblem(validateConfig.errors ?? [], written),
    });
  }
  return normalise(data, file, file ? path.dirname(file) : cwd);
}

function normalise(data: Record<string, unknown>, file: string | undefined, dir: string): HostConfig {
  const validated = data as unknown as Omit<HostConfig, 'file' | 'dir' | 'plugins'> & {
    plugins: Array<string | PluginEntry>;
  };
  const plugins = validated.plugins.map((entry): PluginEntry =>
    // ajv fills no defaults inside oneOf branches, so an object entry gets them here.
    typeof entry === 'string'
      ? { package: entry, enabled: true, config: {} }
      : { ...entry, enabled: entry.enabled ?? true, config: entry.config ?? {} },
  );
  const seen = new Set<string>();
  for (const entry of plugins) {
    if (seen.has(entry.package)) {
      throw hostError('STRATOS_ERR_CONFIG_DUPLICATE_PLUGIN', { file: file ?? 'embedded defaults', pkg: entry.package });
    }
    seen.add(entry.package);
  }
  const { tls } = validated.server;
  return {
    file,
    dir,
    server: {
      ...validated.server,
      ...(tls ? { tls: { cert: path.resolve(dir, tls.cert), key: path.resolve(dir, tls.key) } } : {}),
    },
    dataDir: path.resolve(dir, validated.dataDir),
    logLevel: validated.logLevel,
    session: validated.session,
    onPluginFailure: validated.onPluginFailure,
    pluginInitTimeoutMs: validated.pluginInitTimeoutMs,
    plugins,
    ...(validated.ui ? { ui: { path: path.resolve(dir, validated.ui.path) } } : {}),
  };
}
