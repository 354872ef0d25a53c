/**
 * Every coded error the host raises. Each code maps to a function that builds its message from
 * typed parameters, so a message always names its subject, what was expected, what was found and
 * the fix. `docs/errors.md` lists every code; a test keeps the two in sync.
 */

import { isHostError as isSdkHostError } from '@stratos/plugin-sdk';

type Params = Record<string, string | number>;

const catalogue = {
  STRATOS_ERR_CONFIG_NOT_FOUND: (p: { file: string }) =>
    `Config file '${p.file}' does not exist; create it or point STRATOS_CONFIG / --config at an existing file`,
  STRATOS_ERR_CONFIG_PARSE: (p: { file: string; reason: string }) =>
    `Config file '${p.file}' could not be parsed; fix the syntax; caused by ${p.reason}`,
  // With several problems, `problems` lists them all and path/expected/received hold the first.
  STRATOS_ERR_CONFIG_INVALID: (p: { file: string; path: string; expected: string; received: string; problems?: string }) =>
    p.problems
      ? `Invalid config in '${p.file}': ${p.problems}`
      : `Invalid config in '${p.file}' at ${p.path}: ${p.expected}; received ${p.received}`,
  STRATOS_ERR_CONFIG_ENV: (p: { variable: string; expected: string; received: string }) =>
    `Environment variable '${p.variable}' is invalid; expected ${p.expected}, received '${p.received}'`,
  STRATOS_ERR_CONFIG_DUPLICATE_PLUGIN: (p: { file: string; pkg: string }) =>
    `Config '${p.file}' lists package '${p.pkg}' more than once; keep a single entry for it`,
  STRATOS_ERR_CONFIG_NOT_EDITABLE: (p: { file: string }) =>
    `Config file '${p.file}' is not a JSON config file, so it cannot be changed for you; edit it by hand, or move the config to stratos.config.json`,
  STRATOS_ERR_CONFIG_UNKNOWN_PLUGIN: (p: { file: string; plugin: string }) =>
    `Config '${p.file}' has no plugin entry whose package or id is '${p.plugin}'; run 'stratos plugins list' to see the configured plugins`,
  STRATOS_ERR_CONFIG_PLUGIN_EXISTS: (p: { file: string; pkg: string }) =>
    `Config '${p.file}' already has an entry for package '${p.pkg}'; enable it with 'stratos plugins enable ${p.pkg}', or remove it first`,
  STRATOS_ERR_CONFIG_NO_FILE: (p: { dir: string }) =>
    `The host started in '${p.dir}' runs on embedded defaults, so there is no config file to read or edit; start it with a config file (stratos.config.json in its folder, --config or STRATOS_CONFIG)`,
  STRATOS_ERR_CONFIG_RESTART_REQUIRED: (p: { file: string; settings: string }) =>
    `Config '${p.file}' changes ${p.settings}, which apply only at start; restart the host to apply them`,
  STRATOS_ERR_LOADER_INVALID_NAME: (p: { pkg: string; reason: string }) =>
    `Plugin package '${p.pkg}' is not a valid npm package name (${p.reason}); fix the name in the config`,
  STRATOS_ERR_LOADER_NOT_INSTALLED: (p: { pkg: string; dir: string }) =>
    `Plugin package '${p.pkg}' is not installed; expected it in a node_modules folder at or above '${p.dir}'; run 'npm install ${p.pkg}' in '${p.dir}'`,
  STRATOS_ERR_LOADER_PACKAGE_JSON: (p: { pkg: string; file: string; reason: string }) =>
    `Plugin package '${p.pkg}' has an unreadable package.json at '${p.file}'; reinstall the package; caused by ${p.reason}`,
  STRATOS_ERR_LOADER_ENTRY_NOT_FOUND: (p: { pkg: string; reason: string }) =>
    `Plugin package '${p.pkg}' has no importable entry module; expected "exports" or "main" in its package.json to name a built file; caused by ${p.reason}`,
  STRATOS_ERR_LOADER_IMPORT_FAILED: (p: { pkg: string; entry: string; reason: string }) =>
    `Plugin package '${p.pkg}' failed while importing '${p.entry}'; fix the module or reinstall the package; caused by ${p.reason}`,
  STRATOS_ERR_LOADER_NO_DEFAULT_EXPORT: (p: { pkg: string; received: string }) =>
    `Plugin package '${p.pkg}' has no default export; expected 'export default definePlugin({...})', received exports ${p.received}`,
  STRATOS_ERR_MANIFEST_MISSING: (p: { pkg: string }) =>
    `Package '${p.pkg}' is not a Stratos plugin: its package.json has no "stratosPlugin" field; add "stratosPlugin": { "sdk": "^1.0.0" } or remove it from the config`,
  STRATOS_ERR_MANIFEST_INVALID: (p: { pkg: string; path: string; expected: string; received: string }) =>
    `Plugin package '${p.pkg}' has an invalid "stratosPlugin" manifest at ${p.path}: ${p.expected}; received ${p.received}; install a release of the plugin with a valid manifest, or ask its author to fix its package.json`,
  STRATOS_ERR_COMPAT_SDK_RANGE: (p: { pluginId: string; range: string; actual: string }) =>
    `Plugin '${p.pluginId}' requires plugin-sdk '${p.range}', but the host provides '${p.actual}'; install a version of the plugin built for plugin-sdk ${p.actual}, or a host whose SDK satisfies '${p.range}'`,
  STRATOS_ERR_COMPAT_SDK_DUPLICATE: (p: {
    pluginId: string;
    own: string;
    ownVersion: string;
    host: string;
    hostVersion: string;
  }) =>
    `Plugin '${p.pluginId}' resolves its own copy of @stratos/plugin-sdk ${p.ownVersion} at '${p.own}', but the host runs ${p.hostVersion} from '${p.host}'; make @stratos/plugin-sdk a peerDependency of the plugin (not a dependency) and reinstall`,
  STRATOS_ERR_PLUGIN_INVALID_SHAPE: (p: { pluginId: string; expected: string; received: string }) =>
    `Plugin '${p.pluginId}' does not export a valid plugin; expected ${p.expected}, received ${p.received}; wrap the default export in definePlugin() from @stratos/plugin-sdk`,
  STRATOS_ERR_PLUGIN_DUPLICATE_ID: (p: { pluginId: string; pkg: string; other: string }) =>
    `Plugin '${p.pluginId}' from package '${p.pkg}' has the same id as package '${p.other}'; ids must be unique: remove one of them from the config`,
  STRATOS_ERR_PLUGIN_INVALID_CONFIG: (p: {
    pluginId: string;
    path: string;
    expected: string;
    received: string;
    problems?: string;
  }) =>
    p.problems
      ? `Plugin '${p.pluginId}' has invalid config, ${p.problems}; fix its "config" entry in the config file`
      : `Plugin '${p.pluginId}' has invalid config at ${p.path}: ${p.expected}; received ${p.received}; fix its "config" entry in the config file`,
  STRATOS_ERR_PLUGIN_CONFIG_SCHEMA: (p: { pluginId: string; reason: string }) =>
    `Plugin '${p.pluginId}' ships a configSchema that cannot be used; report it to the plugin's author; caused by ${p.reason}`,
  STRATOS_ERR_PLUGIN_DEPENDENCY_CYCLE: (p: { pluginId: string; cycle: string }) =>
    `Plugin '${p.pluginId}' is part of a dependsOn cycle ${p.cycle}; remove one of these dependencies`,
  STRATOS_ERR_PLUGIN_DEPENDENCY_MISSING: (p: { pluginId: string; dependency: string }) =>
    `Plugin '${p.pluginId}' depends on plugin '${p.dependency}', which is not configured or is disabled; add and enable '${p.dependency}' in the config`,
  STRATOS_ERR_PLUGIN_DEPENDENCY_FAILED: (p: { pluginId: string; dependency: string; reason: string }) =>
    `Plugin '${p.pluginId}' was not started because plugin '${p.dependency}' it depends on failed; fix '${p.dependency}' first; caused by ${p.reason}`,
  STRATOS_ERR_PLUGIN_INIT_FAILED: (p: { pluginId: string; reason: string }) =>
    `Plugin '${p.pluginId}' failed in init(); check its config and logs; caused by ${p.reason}`,
  STRATOS_ERR_PLUGIN_INIT_TIMEOUT: (p: { pluginId: string; timeoutMs: number }) =>
    `Plugin '${p.pluginId}' did not finish init() within ${p.timeoutMs} ms; raise "pluginInitTimeoutMs" (or the entry's "initTimeoutMs") if it needs longer, or fix the hang`,
  STRATOS_ERR_PLUGIN_RESTART_REQUIRED: (p: { pluginId: string; pkg: string; from: string; to: string }) =>
    `Plugin '${p.pluginId}' cannot be reloaded: package '${p.pkg}' changed on disk from '${p.from}' to '${p.to}' after the host imported it, and Node keeps imported modules; restart the host to run '${p.to}'`,
  STRATOS_ERR_PLUGIN_LOAD_ABORTED: (p: { count: number; list: string }) =>
    `${p.count} plugin(s) failed and "onPluginFailure" is "abort": ${p.list}; fix them, disable them, or set "onPluginFailure": "skip"`,
  STRATOS_ERR_MOUNT_ROUTE_CONFLICT: (p: { pluginId: string; route: string; other: string }) =>
    `Plugin '${p.pluginId}' cannot mount route '${p.route}': plugin '${p.other}' already mounted it; change one plugin's path or disable one of them`,
  STRATOS_ERR_MOUNT_CORE_ROUTE: (p: { pluginId: string; route: string }) =>
    `Plugin '${p.pluginId}' cannot mount route '${p.route}': it is a core route of the host; choose another path`,
  STRATOS_ERR_MOUNT_ENDPOINT_TYPE_CONFLICT: (p: { pluginId: string; type: string; other: string }) =>
    `Plugin '${p.pluginId}' cannot add endpoint type '${p.type}': plugin '${p.other}' already provides it; disable one of them`,
  STRATOS_ERR_MOUNT_AUTH_TYPE_CONFLICT: (p: { pluginId: string; authType: string; other: string }) =>
    `Plugin '${p.pluginId}' cannot add auth type '${p.authType}': '${p.other}' already provides it; disable one of them`,
  STRATOS_ERR_MOUNT_INVALID_PROVIDER: (p: { pluginId: string; what: string; expected: string; received: string }) =>
    `Plugin '${p.pluginId}' provides an invalid ${p.what}; expected ${p.expected}, received ${p.received}`,
  // `fix` depends on the cause (port in use, privileged port, address not of this machine).
  STRATOS_ERR_SERVER_LISTEN: (p: { address: string; fix: string; reason: string }) =>
    `The host cannot listen on '${p.address}': ${p.fix}; caused by ${p.reason}`,
  STRATOS_ERR_SERVER_TLS: (p: { file: string; reason: string }) =>
    `The TLS file '${p.file}' cannot be read; check "server.tls" in the config; caused by ${p.reason}`,
  STRATOS_ERR_SERVER_STOPPING: (p: { file: string }) => `The host is stopping, so config '${p.file}' was not reloaded`,
  STRATOS_ERR_SERVER_UI_PATH: (p: { folder: string; problem: string }) =>
    `The console folder '${p.folder}' ${p.problem}; build the Stratos console and point "ui.path" or STRATOS_UI_PATH at the folder that holds its index.html`,
  STRATOS_ERR_STORE_OPEN: (p: { file: string; reason: string }) =>
    `The store '${p.file}' cannot be opened; check that "dataDir" (or STRATOS_DATA_DIR) is a folder the host can write; caused by ${p.reason}`,
  STRATOS_ERR_STORE_MIGRATION: (p: { file: string; version: number; reason: string }) =>
    `The store '${p.file}' could not be migrated to version ${p.version}; nothing was changed; caused by ${p.reason}`,
  STRATOS_ERR_STORE_NEWER: (p: { file: string; version: number; known: number }) =>
    `The store '${p.file}' is at schema version ${p.version}, newer than this host knows (${p.known}); upgrade @stratos/host`,
  STRATOS_ERR_STORE_KEY_INVALID: (p: { source: string; received: string }) =>
    `The encryption key from ${p.source} is not usable; expected 32 bytes written as 64 hex digits or base64 (e.g. 'openssl rand -base64 32'), received ${p.received}`,
  STRATOS_ERR_STORE_KEY_MISSING: (p: { file: string; keyFile: string }) =>
    `The store '${p.file}' holds secrets encrypted with a key that is not available: STRATOS_ENCRYPTION_KEY is not set and '${p.keyFile}' does not exist; set STRATOS_ENCRYPTION_KEY to the key used before, or restore the key file; nothing was changed`,
  STRATOS_ERR_STORE_KEY_MISMATCH: (p: { file: string; source: string }) =>
    `The store '${p.file}' holds secrets that the encryption key from ${p.source} cannot decrypt; start with the key the secrets were encrypted with (STRATOS_ENCRYPTION_KEY or the 'encryption.key' file of the data directory); nothing was changed`,
  // `source` names where the password came from when it is not the command's own input.
  STRATOS_ERR_AUTH_WEAK_PASSWORD: (p: { user: string; minLength: number; source?: string }) =>
    p.source
      ? `The password for user '${p.user}' from ${p.source} is too short; expected at least ${p.minLength} characters; set ${p.source} to a longer password, or unset it to have one generated`
      : `The password for user '${p.user}' is too short; expected at least ${p.minLength} characters`,
  STRATOS_ERR_CLI_USAGE: (p: { reason: string; help: string }) => `${p.reason}; run '${p.help}' for usage`,
  STRATOS_ERR_CLI_NO_CONFIG_FILE: (p: { dir: string }) =>
    `There is no config file in '${p.dir}', so no plugin is configured; 'stratos plugins add <package>' creates stratos.config.json there, or name a file with --config or STRATOS_CONFIG`,
  STRATOS_ERR_CLI_HOST_RUNNING: (p: { dataDir: string; pid: number; url: string }) =>
    `A host is already running on the data directory '${p.dataDir}' (pid ${p.pid}, ${p.url}); stop it first (kill -TERM ${p.pid}), or give this host its own data directory with STRATOS_DATA_DIR or "dataDir"`,
  STRATOS_ERR_CLI_NO_RUNNING_HOST: (p: { file: string }) =>
    `No host is running on this config: '${p.file}' is missing or names a process that has exited; start one with 'stratos start'`,
  STRATOS_ERR_CLI_NPM_FAILED: (p: { command: string; dir: string; status: string }) =>
    `'${p.command}' failed in '${p.dir}' (${p.status}); read npm's output, fix the cause and retry`,
  STRATOS_ERR_CLI_PACKAGE_SPEC: (p: { spec: string; reason: string }) =>
    `Cannot tell which package '${p.spec}' installs; expected a package name with an optional @version or range, or a path to a packed .tgz or a package folder; caused by ${p.reason}`,
  STRATOS_ERR_CLI_USER_EXISTS: (p: { user: string }) => `User '${p.user}' already exists; choose another name`,
} satisfies Record<`STRATOS_ERR_${string}`, (p: never) => string>;

/** The catalogue of host error codes and their message builders. */
export const ERROR_MESSAGES = catalogue;

/** Every code the host can raise. */
export type HostErrorCode = keyof typeof catalogue;

/** Parameters of the message of `Code`. */
export type HostErrorParams<Code extends HostErrorCode> = Parameters<(typeof catalogue)[Code]>[0];

/**
 * An error raised by the host at boot or by the CLI, with a `STRATOS_ERR_*` code.
 * Recognise it by `code` (see `isHostError` in the SDK), not by `instanceof`.
 */
export class HostError<Code extends HostErrorCode = HostErrorCode> extends Error {
  override readonly name = 'HostError';
  readonly code: Code;
  readonly details: HostErrorParams<Code>;

  constructor(code: Code, params: HostErrorParams<Code>, options?: { cause?: unknown }) {
    super((catalogue[code] as (p: Params) => string)(params as Params), options);
    this.code = code;
    this.details = params;
  }
}

/** Builds a {@link HostError}: `hostError('STRATOS_ERR_CONFIG_PARSE', { file, reason })`. */
export function hostError<Code extends HostErrorCode>(
  code: Code,
  params: HostErrorParams<Code>,
  cause?: unknown,
): HostError<Code> {
  return new HostError(code, params, cause === undefined ? undefined : { cause });
}

/** True for an error raised by the host, whichever copy of the host or SDK raised it. */
export function isHostError(value: unknown): value is HostError {
  return isSdkHostError(value);
}
