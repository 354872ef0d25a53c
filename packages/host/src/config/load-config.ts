import { existsSync } from 'node:fs';
import path from 'node:path';
import { cosmiconfig, defaultLoaders, type Loader, type Loaders } from 'cosmiconfig';
import { hostError, isHostError } from '../errors.js';
import { describeSchemaProblems } from '../internal/ajv-error.js';
import { describeError, describeValue, oneLine } from '../internal/describe-value.js';
import { applyEnv } from './apply-env.js';
import { configSchemaError } from './config-schema-error.js';
import { validateConfig } from './config-schema.js';
import { EMPTY_CONFIG_HINT, NOT_AN_OBJECT_HINT, parseJsonConfig } from './parse-json-config.js';
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
 * apply; a file that exists but is empty, blank or not an object is an error, never "no file". A
 * bad file raises a `STRATOS_ERR_CONFIG_*` error naming the file (and the JSON path of every schema
 * problem); a bad `STRATOS_*` override raises `STRATOS_ERR_CONFIG_ENV` naming the variable.
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
  const explorer = cosmiconfig('stratos', {
    searchPlaces: CONFIG_SEARCH_PLACES,
    searchStrategy: 'none',
    cache: false,
    // An empty file found by the search is reported, not skipped: a config truncated on disk (or
    // half saved) must not look like "no config file" and quietly run the embedded defaults.
    ignoreEmptySearchPlaces: false,
    loaders: CONFIG_LOADERS,
  });

  let file: string | undefined;
  let raw: unknown = {};
  try {
    if (explicit) {
      file = path.resolve(cwd, explicit);
      if (!existsSync(file)) throw hostError('STRATOS_ERR_CONFIG_NOT_FOUND', { file });
      const result = await explorer.load(file);
      if (result?.isEmpty) throw emptyFile(file);
      raw = result?.config ?? {};
    } else {
      const result = await explorer.search(cwd);
      if (result?.isEmpty) {
        // An empty package.json holds no "stratos" key; only a config file of our own is an error.
        if (path.basename(result.filepath) !== 'package.json') throw emptyFile(result.filepath);
      } else if (result) {
        file = result.filepath;
        raw = result.config ?? {};
      }
    }
  } catch (error) {
    if (isHostError(error)) throw error;
    // cosmiconfig names the file a loader failed on; else it is the first that exists here.
    const failed =
      file ??
      (error as { filepath?: string }).filepath ??
      CONFIG_SEARCH_PLACES.map((place) => path.join(cwd, place)).find((f) => existsSync(f)) ??
      cwd;
    // Flattened: a parser's message may carry a multi-line code frame, and log lines are one line.
    const reason = oneLine(describeError(error));
    throw hostError('STRATOS_ERR_CONFIG_PARSE', { file: failed, reason }, error);
  }

  const label = file ?? 'embedded defaults';
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw notAnObject(label, raw);
  const data = structuredClone(raw) as Record<string, unknown>;
  const origins = applyEnv(data, env);
  // Validation fills defaults in place; a problem is described against what the user wrote.
  const written = structuredClone(data);
  if (!validateConfig(data)) {
    throw configSchemaError(label, describeSchemaProblems(validateConfig.errors ?? [], written), origins);
  }
  return normalise(data, file, file ? path.dirname(file) : cwd);
}

function emptyFile(file: string) {
  return hostError('STRATOS_ERR_CONFIG_PARSE', { file, reason: EMPTY_CONFIG_HINT });
}

function notAnObject(file: string, value: unknown) {
  return hostError('STRATOS_ERR_CONFIG_INVALID', {
    file,
    path: '/',
    expected: NOT_AN_OBJECT_HINT,
    received: describeValue(value),
  });
}

/**
 * A loader that refuses a document that is not an object. cosmiconfig takes a `null` document for
 * "no config here" and would go on searching, so the check cannot wait until after the search.
 * `package.json` is exempt: its config is its "stratos" key, which cosmiconfig picks out afterwards.
 */
function objectsOnly(load: Loader): Loader {
  return async (filepath, content) => {
    const value: unknown = await load(filepath, content);
    if (path.basename(filepath) === 'package.json') return value;
    if (value === null || value === undefined || typeof value !== 'object' || Array.isArray(value)) {
      throw notAnObject(filepath, value);
    }
    return value;
  };
}

/**
 * cosmiconfig's loaders, with JSON read by {@link parseJsonConfig} (a byte order mark is allowed,
 * and a syntax error says where, on one line) and every document required to be an object.
 */
const CONFIG_LOADERS: Loaders = Object.fromEntries(
  Object.entries({ ...defaultLoaders, '.json': (file: string, content: string) => parseJsonConfig(file, content) }).map(
    ([extension, load]) => [extension, objectsOnly(load)],
  ),
);

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
