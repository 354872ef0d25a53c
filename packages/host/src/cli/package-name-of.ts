import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { hostError } from '../errors.js';
import { describeError } from '../internal/describe-value.js';
import { validatePackageName } from '../loader/validate-package-name.js';

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
    validatePackageName(packageJson.name);
    return { install: file, name: packageJson.name };
  }
  if (/^[a-z][a-z0-9+.-]*:/i.test(spec)) throw fail('git and URL specs are not supported; pack the package first');
  const at = spec.indexOf('@', spec.startsWith('@') ? 1 : 0);
  const name = at < 0 ? spec : spec.slice(0, at);
  validatePackageName(name);
  return { install: spec, name };
}
