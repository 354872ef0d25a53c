import { randomBytes } from 'node:crypto';
import { chmod, readFile, realpath, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { applyEdits, findNodeAtLocation, modify, parseTree, type Edit, type JSONPath } from 'jsonc-parser';
import { hostError } from '../errors.js';
import { describeError, describeValue } from '../internal/describe-value.js';
import { readManifest } from '../loader/read-manifest.js';
import { resolvePackage } from '../loader/resolve-package.js';
import { validatePackageName } from '../loader/validate-package-name.js';
import { NOT_AN_OBJECT_HINT, parseJsonConfig, stripBom } from './parse-json-config.js';

type RawEntry = string | { package: string; enabled?: unknown; [key: string]: unknown };
type RawConfig = Record<string, unknown> & { plugins?: RawEntry[] };

/** One change to the file: the value at `path` (undefined removes it), or an insertion into an array. */
interface Change {
  path: JSONPath;
  value: unknown;
  isArrayInsertion?: boolean;
}

/**
 * Turns a configured plugin on or off in a JSON config file, found by package name or else by the
 * manifest id of its installed package. Disabling a bare `"pkg"` entry rewrites it as
 * `{ "package": "pkg", "enabled": false }`; an object entry gets or changes its `"enabled"` key, and
 * re-enabling sets `"enabled": true` (the key is kept, so the file shows the choice). A file already
 * in the asked state is not rewritten. See {@link addPluginEntry} for how the file is written.
 *
 * @example
 * ```ts
 * await setPluginEnabled('/srv/stratos/stratos.config.json', 'metrics', false);
 * ```
 */
export async function setPluginEnabled(file: string, pkgOrId: string, enabled: boolean): Promise<void> {
  await editConfigFile(file, async (config) => {
    const plugins = config.plugins ?? [];
    const index = await findEntry(plugins, pkgOrId, path.dirname(file));
    if (index < 0) throw hostError('STRATOS_ERR_CONFIG_UNKNOWN_PLUGIN', { file, plugin: pkgOrId });
    const entry = plugins[index]!;
    if (typeof entry === 'string') {
      return enabled ? [] : [{ path: ['plugins', index], value: { package: entry, enabled: false } }];
    }
    // An object without "enabled" is enabled; turning it on again leaves it untouched.
    if (entry.enabled === enabled || (enabled && entry.enabled === undefined)) return [];
    return [{ path: ['plugins', index, 'enabled'], value: enabled }];
  });
}

/**
 * Appends `"pkg"` to the `plugins` of a JSON config file, creating the list (or the file, as
 * `{ "plugins": ["pkg"] }`) when there is none. The file is rewritten atomically: a temporary file
 * in the same folder, given the original's mode, is renamed over it, so a reader (or the watcher of
 * a running host) never sees half a file. Only the changed value is rewritten: every other
 * character of the file (layout, key order, line endings) stays as it was.
 */
export async function addPluginEntry(file: string, pkg: string): Promise<void> {
  validatePackageName(pkg);
  await editConfigFile(
    file,
    (config) => {
      const plugins = config.plugins;
      if (plugins?.some((entry) => entryPackage(entry) === pkg)) {
        throw hostError('STRATOS_ERR_CONFIG_PLUGIN_EXISTS', { file, pkg });
      }
      return plugins
        ? [{ path: ['plugins', plugins.length], value: pkg, isArrayInsertion: true }]
        : [{ path: ['plugins'], value: [pkg] }];
    },
    true,
  );
}

/** Removes the entry of package `pkg` (by package name only) from a JSON config file; see {@link addPluginEntry}. */
export async function removePluginEntry(file: string, pkg: string): Promise<void> {
  await editConfigFile(file, (config) => {
    const plugins = config.plugins ?? [];
    const index = plugins.findIndex((entry) => entryPackage(entry) === pkg);
    if (index < 0) throw hostError('STRATOS_ERR_CONFIG_UNKNOWN_PLUGIN', { file, plugin: pkg });
    return [{ path: ['plugins', index], value: undefined }];
  });
}

/**
 * Raises `STRATOS_ERR_CONFIG_NOT_EDITABLE` unless `file` is a JSON config file these functions can
 * rewrite (a `.json` file other than `package.json`), so a command can refuse before changing anything.
 */
export function assertEditableConfigFile(file: string): void {
  const base = path.basename(file);
  if (path.extname(base) !== '.json' || base === 'package.json') {
    throw hostError('STRATOS_ERR_CONFIG_NOT_EDITABLE', { file });
  }
}

/** Reads, edits (`edit` lists the changes; none: nothing is written) and atomically rewrites a JSON config file. */
async function editConfigFile(
  file: string,
  edit: (config: RawConfig) => Change[] | Promise<Change[]>,
  createMissing = false,
): Promise<void> {
  assertEditableConfigFile(file);
  let text: string;
  let target = file;
  let mode = 0o644;
  try {
    // A symlinked config is edited where it lives, so the link stays a link.
    target = await realpath(file);
    mode = (await stat(target)).mode & 0o777;
    text = await readFile(target, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw hostError('STRATOS_ERR_CONFIG_PARSE', { file, reason: describeError(error) }, error);
    }
    if (!createMissing) throw hostError('STRATOS_ERR_CONFIG_NOT_FOUND', { file });
    text = '{}\n';
  }
  // A byte order mark (Windows Notepad writes one) is kept, like every other character of the
  // file: it is set aside, the JSON after it is edited, and it is put back in front.
  const json = stripBom(text);
  const bom = text.slice(0, text.length - json.length);
  const config = parseJsonConfig(file, json);
  assertEditable(file, config);
  const changes = await edit(config);
  if (changes.length === 0) return;
  await writeAtomically(target, bom + applyChanges(json, changes), mode);
}

function assertEditable(file: string, config: unknown): asserts config is RawConfig {
  const invalid = (at: string, expected: string, received: unknown) =>
    hostError('STRATOS_ERR_CONFIG_INVALID', { file, path: at, expected, received: describeValue(received) });
  if (config === null || typeof config !== 'object' || Array.isArray(config)) throw invalid('/', NOT_AN_OBJECT_HINT, config);
  const plugins = (config as RawConfig).plugins;
  if (plugins === undefined) return;
  if (!Array.isArray(plugins)) throw invalid('/plugins', 'must be an array', plugins);
  plugins.forEach((entry: unknown, index) => {
    if (typeof entry === 'string') return;
    if (entry === null || typeof entry !== 'object' || typeof (entry as { package?: unknown }).package !== 'string') {
      throw invalid(`/plugins/${index}`, 'must be a package name or an object with "package"', entry);
    }
  });
}

function entryPackage(entry: RawEntry): string {
  return typeof entry === 'string' ? entry : entry.package;
}

/** The index of the entry named `pkgOrId`: by package name first, else by the installed package's manifest id. */
async function findEntry(plugins: RawEntry[], pkgOrId: string, fromDir: string): Promise<number> {
  const byPackage = plugins.findIndex((entry) => entryPackage(entry) === pkgOrId);
  if (byPackage >= 0) return byPackage;
  for (const [index, entry] of plugins.entries()) {
    const pkg = entryPackage(entry);
    try {
      validatePackageName(pkg);
      const { packageJson } = await resolvePackage(pkg, fromDir);
      if ((readManifest(pkg, packageJson).id ?? pkg) === pkgOrId) return index;
    } catch {
      // Not installed or not a plugin: it can only be named by its package.
    }
  }
  return -1;
}

/** Applies `changes` to the text, touching only the characters of the values they change. */
function applyChanges(text: string, changes: Change[]): string {
  const indent = /^[ \t]*[{[]\s*?\r?\n([ \t]+)\S/.exec(text)?.[1] ?? '  ';
  const formattingOptions = {
    insertSpaces: !indent.startsWith('\t'),
    tabSize: indent.startsWith('\t') ? 1 : indent.length,
    eol: text.includes('\r\n') ? '\r\n' : '\n',
  };
  let result = text;
  for (const change of changes) {
    const node = findNodeAtLocation(parseTree(result)!, change.path);
    // A bare "pkg" turned into an object stays on its line: { "package": "pkg", "enabled": false }.
    const edits: Edit[] =
      node?.type === 'string' && change.value !== null && typeof change.value === 'object'
        ? [{ offset: node.offset, length: node.length, content: inlineJson(change.value) }]
        : modify(result, change.path, change.value, { formattingOptions, isArrayInsertion: change.isArrayInsertion });
    result = applyEdits(result, edits);
  }
  return result;
}

function inlineJson(value: object): string {
  return `{ ${Object.entries(value)
    .map(([key, v]) => `${JSON.stringify(key)}: ${JSON.stringify(v)}`)
    .join(', ')} }`;
}

async function writeAtomically(file: string, text: string, mode: number): Promise<void> {
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeFile(temporary, text, { mode, flag: 'wx' });
    // The mode given to writeFile is reduced by the umask; the original's is restored exactly.
    await chmod(temporary, mode);
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
