import validateName from 'validate-npm-package-name';
import { hostError } from '../errors.js';

/**
 * Accepts only names npm could publish, so a config entry can never be a path or URL that makes
 * the host import arbitrary files.
 */
export function validatePackageName(pkg: string): void {
  const result = validateName(pkg);
  if (!result.validForNewPackages && !result.validForOldPackages) {
    const reason = [...(result.errors ?? []), ...(result.warnings ?? [])][0] ?? 'not a package name';
    throw hostError('STRATOS_ERR_LOADER_INVALID_NAME', { pkg, reason });
  }
  if (!result.validForNewPackages) {
    // Old-style names (capitals, long names) still install; only paths and URLs are refused.
    if (/[/\\]/.test(pkg.replace(/^@[^/]+\//, '')) || pkg.startsWith('.')) {
      throw hostError('STRATOS_ERR_LOADER_INVALID_NAME', { pkg, reason: 'looks like a path' });
    }
  }
}
