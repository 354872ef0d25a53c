import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import validateName from 'validate-npm-package-name';
import { hostError, isHostError, type HostError } from '../errors.js';
import { describeError } from '../internal/describe-value.js';
import { validatePackageName } from '../loader/validate-package-name.js';
import { codedError } from './coded-error.js';

/** What `stratos plugins add` installs: the argument npm is given and the package name it installs. */
export interface PackageSpec {
  /** Handed to `npm install`: the spec as typed, or an absolute path for a local file or folder. */
  install: string;
  name: string;
}

const LOCAL = /^(\.{1,2}[\\/]|[\\/]|~[\\/]|[A-Za-z]:[\\/]|file:)|\.(tgz|tar\.gz|tar)$/;

/**
 * Reads the package name a spec installs, before installing it: `name`, `name@range`,
 * `@scope/name@range`, or a local `.tgz` (its `package/package.json`) or folder, taken from `cwd`.
 */
export function packageNameOf(spec: string, cwd: string): PackageSpec {
  const fail = (reason: string, cause?: unknown) => hostError('STRATOS_ERR_CLI_PACKAGE_SPEC', { spec, reason }, cause);
  if (LOCAL.test(spec)) {
    const file = path.resolve(cwd, spec.replace(/^file:/, ''));
    let packageJson: { name?: unknown };
    try {
      const text = statSync(file).isDirectory()
        ? readFileSync(path.join(file, 'package.json'), 'utf8')
        : execFileSync('tar', ['-xzOf', file, 'package/package.json'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      packageJson = JSON.parse(text) as { name?: unknown };
    } catch (error) {
      throw fail(describeError(error).split('\n')[0]!, error);
    }
    if (typeof packageJson.name !== 'string') throw fail('its package.json has no "name"');
    try {
      validatePackageName(packageJson.name);
    } catch (error) {
      if (!isHostError(error) || error.code !== 'STRATOS_ERR_LOADER_INVALID_NAME') throw error;
      const { reason } = (error as HostError<'STRATOS_ERR_LOADER_INVALID_NAME'>).details;
      throw invalidName(packageJson.name, reason, `fix "name" in the package.json of '${spec}'`);
    }
    return { install: file, name: packageJson.name };
  }
  if (/^[a-z][a-z0-9+.-]*:/i.test(spec)) throw fail('git and URL specs are not supported; pack the package first');
  const at = spec.indexOf('@', spec.startsWith('@') ? 1 : 0);
  const name = at < 0 ? spec : spec.slice(0, at);
  // npm has long published only new-style names (no capitals, no core module names) and every
  // Stratos plugin is newer than that, so another name is refused here, not after a registry
  // round trip. The loader still accepts old-style names, for packages installed some other way.
  const checked = validateName(name);
  if (!checked.validForNewPackages) {
    const reason = [...(checked.errors ?? []), ...(checked.warnings ?? [])][0] ?? 'not a package name';
    throw invalidName(name, reason, "check the name given to 'stratos plugins add'");
  }
  return { install: spec, name };
}

/** `STRATOS_ERR_LOADER_INVALID_NAME` for a name that came from the command line or a package, not the config. */
function invalidName(pkg: string, reason: string, fix: string): Error {
  return codedError(
    'STRATOS_ERR_LOADER_INVALID_NAME',
    `Plugin package '${pkg}' is not a valid npm package name (${reason}); ${fix}`,
  );
}
